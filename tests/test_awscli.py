"""The real AWS CLI (`aws`, from the awscli package in the test extra) against `mlgov-sim serve`.

Each command runs in a subprocess with dummy credentials, config and
credentials files of its own, the endpoint in AWS_ENDPOINT_URL, and instance
metadata off, so nothing it does can leave this machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlgov_sim.app import OPERATIONS, World
from mlgov_sim.server import world_keys
from mlgov_sim.server.http import RunningServer
from mlgov_sim.testing import serving

AWS = Path(sys.executable).with_name("aws")
CLI_SERVICE_ERROR = 255  # AWS CLI v1's exit code when the service refuses
HOME = "111122223333"
pytestmark = pytest.mark.skipif(not AWS.exists(), reason="awscli is not installed: make test")


class AwsCli:
    """Runs `aws ...` against one server, as one principal (a profile) or with any key."""

    def __init__(self, server: RunningServer, home: Path, credentials: str | None = None) -> None:
        config = home / "config"
        config.write_text("[default]\nregion = us-east-1\noutput = json\n")
        shared = home / "credentials"
        shared.write_text(credentials or "")
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(home),
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(shared),
            "AWS_ENDPOINT_URL": server.url,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_RETRY_MODE": "standard",
            "AWS_MAX_ATTEMPTS": "1",
        }
        if credentials is None:
            self.env |= {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "dummy"}

    def run(self, *args: str, profile: str | None = None) -> subprocess.CompletedProcess[str]:
        command = [str(AWS), *(["--profile", profile] if profile else []), *args]
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=60, check=False
        )

    def json(self, *args: str, profile: str | None = None) -> Any:
        done = self.run(*args, profile=profile)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}


@pytest.fixture
def served() -> Iterator[RunningServer]:
    with serving(World.create()) as server:
        yield server


def test_create_register_approve_and_list_approved(served: RunningServer, tmp_path: Path) -> None:
    """The registry workflow through `aws sagemaker`, as a learner would type it."""
    aws = AwsCli(served, tmp_path)
    group = aws.json(
        "sagemaker", "create-model-package-group", "--model-package-group-name", "churn"
    )
    assert group["ModelPackageGroupArn"] == (
        f"arn:aws:sagemaker:us-east-1:{HOME}:model-package-group/churn"
    )
    spec = json.dumps(
        {
            "Containers": [
                {
                    "Image": f"{HOME}.dkr.ecr.us-east-1.amazonaws.com/churn:1",
                    "ModelDataUrl": "s3://models/churn/model.tar.gz",
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        }
    )
    for _ in range(2):
        aws.json(
            "sagemaker",
            "create-model-package",
            "--model-package-group-name",
            "churn",
            "--inference-specification",
            spec,
        )
    v1 = f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/churn/1"
    aws.json(
        "sagemaker",
        "update-model-package",
        "--model-package-arn",
        v1,
        "--model-approval-status",
        "Approved",
        "--approval-description",
        "passed review",
    )
    approved = aws.json(
        "sagemaker",
        "list-model-packages",
        "--model-package-group-name",
        "churn",
        "--model-approval-status",
        "Approved",
    )["ModelPackageSummaryList"]
    assert [(p["ModelPackageVersion"], p["ModelApprovalStatus"]) for p in approved] == [
        (1, "Approved")
    ]
    audit = [(e.principal, e.operation, e.outcome) for e in served.endpoint.world.audit_log()]
    assert audit[-1] == ("admin", "sagemaker:ListModelPackages", "Success")


def test_profiles_from_mlgov_sim_keys_act_as_their_principals(tmp_path: Path) -> None:
    """`mlgov-sim keys --format credentials` profiles: alice may not approve, bob may."""
    world = World.create()
    world.add_role(
        "DataScientist",
        [
            {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "sagemaker:UpdateModelPackage", "Resource": "*"},
        ],
    )
    world.add_role(
        "Approver",
        [{"Effect": "Allow", "Action": "sagemaker:UpdateModelPackage", "Resource": "*"}],
    )
    world.add_principal(
        "alice", arn=f"arn:aws:sts::{HOME}:assumed-role/DataScientist/alice", role="DataScientist"
    )
    world.add_principal(
        "bob", arn=f"arn:aws:sts::{HOME}:assumed-role/Approver/bob", role="Approver"
    )
    credentials = "\n".join(
        f"[{key.principal}]\naws_access_key_id = {key.access_key_id}\n"
        f"aws_secret_access_key = {key.secret_access_key}\n"
        for key in world_keys(world)
    )
    v1 = f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/churn/1"
    approve = ("sagemaker", "update-model-package", "--model-package-arn", v1)
    with serving(world) as server:
        aws = AwsCli(server, tmp_path, credentials)
        create = ("sagemaker", "create-model-package-group", "--model-package-group-name", "churn")
        aws.json(*create, profile="alice")
        aws.json(
            "sagemaker",
            "create-model-package",
            "--model-package-group-name",
            "churn",
            profile="alice",
        )
        refused = aws.run(*approve, "--model-approval-status", "Approved", profile="alice")
        assert refused.returncode == CLI_SERVICE_ERROR
        assert "An error occurred (AccessDeniedException) when calling the UpdateModelPackage" in (
            refused.stderr
        )
        assert (
            "User: arn:aws:sts::111122223333:assumed-role/DataScientist/alice is not "
            "authorized to perform: sagemaker:UpdateModelPackage"
        ) in refused.stderr
        aws.json(*approve, "--model-approval-status", "Approved", profile="bob")
    assert [(e.principal, e.outcome) for e in world.audit_log()][-2:] == [
        ("alice", "Error"),
        ("bob", "Success"),
    ]


@pytest.mark.skipif(
    "sagemaker:QueryLineage" not in OPERATIONS, reason="lineage operations have not landed"
)
def test_query_lineage_of_a_registered_version(served: RunningServer, tmp_path: Path) -> None:
    """`aws sagemaker query-lineage` walks from a version's artifact to its model data."""
    aws = AwsCli(served, tmp_path)
    aws.json("sagemaker", "create-model-package-group", "--model-package-group-name", "churn")
    spec = {
        "Containers": [
            {
                "Image": f"{HOME}.dkr.ecr.us-east-1.amazonaws.com/churn:1",
                "ModelDataUrl": "s3://models/churn/model.tar.gz",
            }
        ]
    }
    version = aws.json(
        "sagemaker",
        "create-model-package",
        "--model-package-group-name",
        "churn",
        "--inference-specification",
        json.dumps(spec),
    )["ModelPackageArn"]
    artifacts = aws.json("sagemaker", "list-artifacts", "--source-uri", version)
    [artifact] = [a["ArtifactArn"] for a in artifacts["ArtifactSummaries"]]
    lineage = aws.json(
        "sagemaker",
        "query-lineage",
        "--start-arns",
        artifact,
        "--direction",
        "Both",
        "--include-edges",
    )
    types = {vertex["Type"] for vertex in lineage["Vertices"]}
    assert {"Model", "ModelGroup"} <= types  # its model data, and its group's context
    assert any(
        edge["SourceArn"] == artifact and edge["AssociationType"] == "AssociatedWith"
        for edge in lineage["Edges"]
    )
