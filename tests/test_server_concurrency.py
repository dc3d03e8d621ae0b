"""Many clients at once: calls queue for the world, none fails, version numbers stay gapless."""

from __future__ import annotations

import threading
from pathlib import Path

import boto3
from botocore.config import Config

from mlgov_sim.app import World
from mlgov_sim.testing import serving

CLIENTS = 50
VERSIONS_EACH = 3


def test_fifty_clients_creating_versions_get_unique_gapless_numbers(tmp_path: Path) -> None:
    """50 boto3 clients, no retries, create versions in one group of a SQLite file at once.

    Every request succeeds, and the versions are exactly 1..150, each once.
    """
    world = World.create(tmp_path / "world.db")
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
    no_retries = Config(retries={"max_attempts": 1, "mode": "standard"}, read_timeout=60)
    session = boto3.Session()  # one session loads the models once; its clients are independent
    with serving(world) as server:
        clients = [
            session.client(
                "sagemaker",
                endpoint_url=server.url,
                region_name="us-east-1",
                aws_access_key_id=f"AKIACLIENT{i:010d}",
                aws_secret_access_key="dummy",
                config=no_retries,
            )
            for i in range(CLIENTS)
        ]
        start = threading.Barrier(CLIENTS)
        arns: list[str] = []
        failures: list[BaseException] = []
        record = threading.Lock()

        def create_versions(client: object) -> None:
            start.wait()
            for _ in range(VERSIONS_EACH):
                try:
                    arn = client.create_model_package(ModelPackageGroupName="churn")[  # type: ignore[attr-defined]
                        "ModelPackageArn"
                    ]
                except BaseException as error:
                    with record:
                        failures.append(error)
                    continue
                with record:
                    arns.append(arn)

        threads = [threading.Thread(target=create_versions, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []
    total = CLIENTS * VERSIONS_EACH
    assert sorted(int(arn.rsplit("/", 1)[1]) for arn in arns) == list(range(1, total + 1))
    listed = World.open(tmp_path / "world.db").call(
        "ListModelPackages", {"ModelPackageGroupName": "churn", "MaxResults": 100}
    )
    assert len(listed["ModelPackageSummaryList"]) == 100
    audit = World.open(tmp_path / "world.db").audit_log()
    assert sum(e.operation == "sagemaker:CreateModelPackage" for e in audit) == total
