"""`mlgov-sim inspect` and `mlgov-sim ops`: reading a saved world and the operation table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlgov_sim.app import World, supported_operations
from mlgov_sim.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A world file left by running the lifecycle scenario."""
    db = tmp_path / "world.db"
    result = CliRunner().invoke(
        cli, ["run", str(ROOT / "scenarios/lifecycle-stages.yaml"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db


class TestInspect:
    def test_shows_versions_with_approval_and_stage(self, saved: Path) -> None:
        """The registry view lists each version's approval status and lifecycle stage."""
        output = CliRunner().invoke(cli, ["inspect", "--db", str(saved)]).output
        lines = output.splitlines()
        assert lines[0].startswith("demand-forecast  arn:aws:sagemaker:us-east-1:")
        assert lines[2].split()[:3] == ["1", "Approved", "Archived/Retired"]
        assert lines[3].split()[:3] == ["2", "Approved", "Production/Approved"]

    def test_json_lists_who_and_when(self, saved: Path) -> None:
        """--format json gives each version with who created and last changed it, and when."""
        output = CliRunner().invoke(cli, ["inspect", "--db", str(saved), "--format", "json"]).output
        first = json.loads(output)["registry"][0]["Versions"][0]
        assert first["CreatedBy"] == "arn:aws:iam::111122223333:user/admin"
        assert first["LastModifiedTime"] == "2025-06-13T08:30:00Z"
        assert first["Stage"] == "Archived"

    def test_reading_adds_nothing_to_the_audit_trail(self, saved: Path) -> None:
        """Inspecting is not a call: the audit trail is unchanged."""
        before = len(World.open(saved).audit_log())
        CliRunner().invoke(cli, ["inspect", "--db", str(saved)])
        assert len(World.open(saved).audit_log()) == before

    def test_a_file_without_a_world_exits_2(self, tmp_path: Path) -> None:
        """A database that holds no world is refused clearly, not with a traceback."""
        empty = tmp_path / "empty.db"
        empty.write_bytes(b"")
        result = CliRunner().invoke(cli, ["inspect", "--db", str(empty)])
        assert result.exit_code == 2
        assert "holds no mlgov-sim world" in result.output

    def test_a_missing_file_exits_2_and_is_not_created(self, tmp_path: Path) -> None:
        """Inspecting a file that does not exist says so, and does not create it."""
        missing = tmp_path / "missing.db"
        result = CliRunner().invoke(cli, ["inspect", "--db", str(missing)])
        assert result.exit_code == 2
        assert "no such file" in result.output
        assert not missing.exists()


class TestOps:
    def test_one_line_per_supported_operation(self) -> None:
        """`ops` prints every supported operation once, with its summary."""
        lines = CliRunner().invoke(cli, ["ops"]).output.splitlines()
        assert [line.split()[0] for line in lines] == [
            op.full_name for op in supported_operations()
        ]
        assert all(len(line.split(None, 1)) == 2 for line in lines)

    def test_json(self) -> None:
        """`ops --format json` marks read-only operations."""
        data = json.loads(CliRunner().invoke(cli, ["ops", "--format", "json"]).output)
        by_name = {entry["operation"]: entry for entry in data}
        assert by_name["sagemaker:DescribeModelPackage"]["readOnly"] is True
        assert by_name["sagemaker:UpdateModelPackage"]["readOnly"] is False
