"""`mlgov-sim serve` and `mlgov-sim keys` as a user runs them, and the harness reset."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner

from mlgov_sim.app import World
from mlgov_sim.cli.main import cli
from mlgov_sim.core.keys import derive_key
from mlgov_sim.testing import serving

MLGOV_SIM = Path(sys.executable).with_name("mlgov-sim")
HOME = "111122223333"


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    world = World.create(path)
    world.add_principal("alice", arn=f"arn:aws:iam::{HOME}:user/alice")
    world.engine.dispose()
    return path


class Serving:
    """`mlgov-sim serve --port 0 ...` in a subprocess, its banner read, stopped with Ctrl-C."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [str(MLGOV_SIM), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.banner = [self.process.stdout.readline() for _ in range(6)]
        self.url = next(
            line.split()[1] for line in self.banner if line.strip().startswith("endpoint")
        )

    def stop(self, how: signal.Signals = signal.SIGINT) -> tuple[int, str]:
        self.process.send_signal(how)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out + err


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Serving]:
    server = Serving("--db", str(tmp_path / "new.db"))
    yield server
    if server.process.poll() is None:
        server.stop()


class TestServe:
    def test_serves_a_new_world_on_loopback_and_says_so(
        self, started: Serving, tmp_path: Path
    ) -> None:
        """A missing --db file gets a new world; the banner names the loopback endpoint."""
        banner = "".join(started.banner)
        assert banner.startswith(f"Serving a new world in {tmp_path / 'new.db'}")
        assert started.url.startswith("http://127.0.0.1:")
        assert "only this machine can connect" in banner
        assert "any access key acts as admin" in banner
        sagemaker = boto3.client(
            "sagemaker",
            endpoint_url=started.url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="y",
        )
        sagemaker.create_model_package_group(ModelPackageGroupName="churn")
        code, output = started.stop()
        assert code == 0
        assert "Stopped." in output
        reopened = World.open(tmp_path / "new.db")
        assert [e.operation for e in reopened.audit_log()] == ["sagemaker:CreateModelPackageGroup"]

    def test_world_with_principals_points_to_keys(self, team_db: Path) -> None:
        """A world with principals says each signs with its own key, and where to find them."""
        server = Serving("--db", str(team_db))
        try:
            assert f"mlgov-sim keys --db {team_db}" in "".join(server.banner)
        finally:
            code, output = server.stop(signal.SIGTERM)  # as a test harness stops it
        assert (code, output.strip()) == (0, "Stopped.")

    def test_file_holding_no_world_is_refused(self, tmp_path: Path) -> None:
        """A --db that exists but holds no world is refused with exit 2, not overwritten."""
        other = tmp_path / "other.db"
        other.write_bytes(b"")
        result = CliRunner().invoke(cli, ["serve", "--db", str(other), "--port", "0"])
        assert result.exit_code == 2
        assert "holds no mlgov-sim world" in result.output
        assert other.read_bytes() == b""


class TestKeys:
    def test_text_lists_every_principal(self, team_db: Path) -> None:
        """One line per principal, admin first, with the keys derived from the world."""
        result = CliRunner().invoke(cli, ["keys", "--db", str(team_db)])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        alice = derive_key("mlgov-sim", HOME, "alice")
        assert [line.split()[0] for line in lines] == ["principal", "admin", "alice"]
        assert lines[2].split() == ["alice", alice.access_key_id, alice.secret_access_key]

    def test_credentials_file_has_a_profile_per_principal(
        self, team_db: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--format credentials is a shared credentials file boto3 reads, a profile each."""
        result = CliRunner().invoke(cli, ["keys", "--db", str(team_db), "--format", "credentials"])
        path = team_db.with_name("credentials")
        path.write_text(result.output)
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(path))
        monkeypatch.setenv("AWS_CONFIG_FILE", str(team_db.with_name("no-config")))
        session = boto3.Session(profile_name="alice")
        assert sorted(session.available_profiles) == ["admin", "alice"]
        credentials = session.get_credentials()
        alice = derive_key("mlgov-sim", HOME, "alice")
        assert (credentials.access_key, credentials.secret_key) == (
            alice.access_key_id,
            alice.secret_access_key,
        )

    def test_env_and_json(self, team_db: Path) -> None:
        """--format env exports one principal's key and the region; json lists them all."""
        env = CliRunner().invoke(
            cli, ["keys", "--db", str(team_db), "--format", "env", "--principal", "alice"]
        )
        alice = derive_key("mlgov-sim", HOME, "alice")
        assert env.output.splitlines() == [
            f"export AWS_ACCESS_KEY_ID={alice.access_key_id}",
            f"export AWS_SECRET_ACCESS_KEY={alice.secret_access_key}",
            "export AWS_DEFAULT_REGION=us-east-1",
        ]
        listed = json.loads(
            CliRunner().invoke(cli, ["keys", "--db", str(team_db), "--format", "json"]).output
        )
        assert [entry["principal"] for entry in listed] == ["admin", "alice"]

    def test_unknown_principal_is_refused(self, team_db: Path) -> None:
        """--principal naming no one exits 1 and names who there is."""
        result = CliRunner().invoke(cli, ["keys", "--db", str(team_db), "--principal", "zed"])
        assert result.exit_code == 1
        assert "no principal named 'zed' (the world has admin, alice)" in result.output


def post(url: str) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, method="POST", data=b"")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class TestReset:
    def test_reset_is_refused_unless_allowed(self) -> None:
        """Without --allow-reset, POST /_mlgov-sim/reset changes nothing and says why."""
        with serving() as server:
            server.endpoint.world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
            status, body = post(f"{server.url}/_mlgov-sim/reset")
            assert status == 403
            assert "--allow-reset" in body["message"]
            assert len(server.endpoint.world.audit_log()) == 1

    def test_reset_keeps_the_set_up_and_drops_the_rest(self, team_db: Path) -> None:
        """With reset allowed, resources, events and audit go; principals and keys stay."""
        with serving(World.open(team_db), allow_reset=True) as server:
            server.endpoint.world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g"})
            assert post(f"{server.url}/_mlgov-sim/reset") == (200, {"status": "reset"})
            world = server.endpoint.world
            assert world.audit_log() == []
            assert world.events() == []
            assert [p.name for p in world.principals()] == ["admin", "alice"]
            assert world.call("ListModelPackageGroups", {})["ModelPackageGroupSummaryList"] == []
