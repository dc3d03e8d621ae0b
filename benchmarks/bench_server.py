"""mlgov-sim's endpoint against moto's server: the same boto3 call mix, rates printed.

    make bench

Both servers run as their own processes on 127.0.0.1 (free ports), so the
client's work is the same for both and neither shares the client's
interpreter. mlgov-sim serves a world kept in a SQLite file, and the client
signs as a principal whose role's policies are evaluated on every call
(SigV4 checked, IAM enforced, every call audited); moto keeps its state in
memory and checks neither. Target (issue 9): mlgov-sim at least as fast.

The mix, per round: CreateModelPackage, UpdateModelPackage (approve),
DescribeModelPackage, ListModelPackages (10 per page), in one group. Both
servers run side by side and the blocks alternate, so a shift in the
machine's load falls on both; the medians are compared. Figures are printed,
not asserted: shared machines are noisy.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import boto3
from botocore.client import BaseClient
from botocore.config import Config

from mlgov_sim.app import World
from mlgov_sim.core.keys import AccessKey, derive_key

ROUNDS = 100  # per block; blocks alternate between the servers, so load shifts hit both
BLOCKS = 5
GROUP = "bench"
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account, so both build the same ARNs
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def process(command: list[str], ready_url: str) -> Iterator[None]:
    """Run a server until the block ends; wait until `ready_url` answers."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(ready_url, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start: {' '.join(command)}") from None
                time.sleep(0.1)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def client(url: str, key_id: str, secret: str) -> BaseClient:
    return boto3.client(
        "sagemaker",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


class Mix:
    """The call mix against one server: its calls numbered on from the last block."""

    def __init__(self, sagemaker: BaseClient) -> None:
        self.sagemaker = sagemaker
        self.version = 0
        sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
        self.block(1)  # warm-up: connections, caches

    def round(self) -> None:
        self.version += 1
        version_arn = arn(self.version)
        self.sagemaker.create_model_package(
            ModelPackageGroupName=GROUP, ModelPackageDescription=f"round {self.version}"
        )
        self.sagemaker.update_model_package(
            ModelPackageArn=version_arn, ModelApprovalStatus="Approved"
        )
        self.sagemaker.describe_model_package(ModelPackageName=version_arn)
        self.sagemaker.list_model_packages(ModelPackageGroupName=GROUP, MaxResults=10)

    def block(self, rounds: int = ROUNDS) -> float:
        """Calls per second over `rounds` rounds."""
        start = time.perf_counter()
        for _ in range(rounds):
            self.round()
        return rounds * CALLS_PER_ROUND / (time.perf_counter() - start)


CALLS_PER_ROUND = 4


def arn(version: int) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{GROUP}/{version}"


def mlgov_sim_world(path: Path) -> AccessKey:
    """A world in a SQLite file with one principal whose role allows the mix."""
    world = World.create(path, account=ACCOUNT, region=REGION)
    world.add_role(
        "Registrar",
        [
            {
                "Effect": "Allow",
                "Action": [
                    "sagemaker:CreateModelPackage*",
                    "sagemaker:UpdateModelPackage",
                    "sagemaker:Describe*",
                    "sagemaker:List*",
                ],
                "Resource": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package*",
            },
            {"Effect": "Deny", "Action": "sagemaker:Delete*", "Resource": "*"},
        ],
    )
    world.add_principal(
        "registrar",
        arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/Registrar/registrar",
        role="Registrar",
    )
    return derive_key(world.info().seed, ACCOUNT, "registrar")


def main() -> int:
    moto_server = shutil.which("moto_server", path=str(BIN)) or shutil.which("moto_server")
    if moto_server is None:
        print("moto's server is not installed: `make bench` installs the bench extra")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="mlgov-bench-"))
    try:
        key = mlgov_sim_world(workdir / "world.db")
        ours_url = f"http://127.0.0.1:{free_port()}"
        theirs_url = f"http://127.0.0.1:{free_port()}"
        serve = [str(BIN / "mlgov-sim"), "serve", "--db", str(workdir / "world.db")]
        moto = [moto_server, "-H", "127.0.0.1", "-p", theirs_url.rsplit(":", 1)[1]]
        with (
            process(
                [*serve, "--port", ours_url.rsplit(":", 1)[1]], f"{ours_url}/_mlgov-sim/health"
            ),
            process(moto, f"{theirs_url}/moto-api/"),
        ):
            ours = Mix(client(ours_url, key.access_key_id, key.secret_access_key))
            theirs = Mix(client(theirs_url, "testing", "testing"))
            rates: dict[str, list[float]] = {"ours": [], "theirs": []}
            for _ in range(BLOCKS):
                rates["ours"].append(ours.block())
                rates["theirs"].append(theirs.block())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    mine, moto_rate = statistics.median(rates["ours"]), statistics.median(rates["theirs"])
    calls = BLOCKS * ROUNDS * CALLS_PER_ROUND
    print(
        f"boto3 call mix over HTTP, {calls} calls each (create, approve, describe, list), "
        f"median of {BLOCKS} alternating blocks"
    )
    print(f"{'mlgov-sim serve (SQLite file, SigV4, IAM)':<44} {mine:>10,.0f} calls/s")
    print(f"{'moto server (memory)':<44} {moto_rate:>10,.0f} calls/s")
    print(f"{'ratio mlgov-sim / moto':<44} {mine / moto_rate:>10.2f}")
    print(f"target mlgov-sim at least as fast as moto:  {'met' if mine >= moto_rate else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
