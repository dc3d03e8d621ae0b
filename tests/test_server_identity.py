"""Who a request acts as: SigV4 checked with the principal's secret, AWS's refusals otherwise."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import ClientError

from mlgov_sim.app import World
from mlgov_sim.core.keys import AccessKey, derive_key
from mlgov_sim.server import world_keys
from mlgov_sim.server.http import RunningServer
from mlgov_sim.testing import serving

HOME = "111122223333"
V1_ARN = f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/churn/1"
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details."
)
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


def sagemaker(
    server: RunningServer,
    key_id: str,
    secret: str,
    region: str = "us-east-1",
    config: Config = NO_RETRIES,
) -> BaseClient:
    return boto3.client(
        "sagemaker",
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=config,
    )


def as_principal(server: RunningServer, key: AccessKey) -> BaseClient:
    return sagemaker(server, key.access_key_id, key.secret_access_key)


def keys_of(world: World) -> dict[str, AccessKey]:
    return {key.principal: key for key in world_keys(world)}


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = caught.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


@pytest.fixture
def team() -> Iterator[RunningServer]:
    """alice may do anything but approve; bob may only describe and approve (as in IAM tests)."""
    world = World.create()
    world.add_role(
        "DataScientist",
        [
            {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "sagemaker:UpdateModelPackage", "Resource": "*"},
        ],
    )
    world.add_role(
        "MLApprover",
        [
            {
                "Effect": "Allow",
                "Action": ["sagemaker:Describe*", "sagemaker:UpdateModelPackage"],
                "Resource": "*",
            }
        ],
    )
    world.add_principal(
        "alice", arn=f"arn:aws:sts::{HOME}:assumed-role/DataScientist/alice", role="DataScientist"
    )
    world.add_principal(
        "bob", arn=f"arn:aws:sts::{HOME}:assumed-role/MLApprover/bob", role="MLApprover"
    )
    with serving(world) as server:
        yield server


class TestOpenWorld:
    def test_any_key_acts_as_admin(self) -> None:
        """A world with no principal but admin takes any key, unchecked, as admin."""
        with serving() as server:
            sagemaker(server, "AKIAANYTHING", "whatever").create_model_package_group(
                ModelPackageGroupName="churn"
            )
            entry = server.endpoint.world.audit_log()[-1]
        assert (entry.principal, entry.outcome) == ("admin", "Success")

    def test_unsigned_request_is_refused(self) -> None:
        """A request without SigV4 gets AWS's MissingAuthenticationTokenException (403)."""
        with serving() as server:
            client = sagemaker(
                server, "x", "y", config=NO_RETRIES.merge(Config(signature_version=UNSIGNED))
            )
            with pytest.raises(ClientError) as caught:
                client.list_model_package_groups()
        assert error_of(caught) == (
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
            403,
        )

    def test_credential_for_another_region_is_refused(self) -> None:
        """The region comes from the credential scope: one not the world's is refused."""
        with serving() as server, pytest.raises(ClientError) as caught:
            sagemaker(server, "x", "y", region="eu-west-1").list_model_package_groups()
        assert error_of(caught) == (
            "InvalidSignatureException",
            "Credential should be scoped to a valid region, not 'eu-west-1'. "
            "(This mlgov-sim world is in us-east-1.)",
            400,
        )

    def test_a_world_in_another_region_serves_that_region(self) -> None:
        """A world created in eu-west-1 serves requests signed for eu-west-1, with its ARNs."""
        with serving(World.create(region="eu-west-1")) as server:
            out = sagemaker(server, "x", "y", region="eu-west-1").create_model_package_group(
                ModelPackageGroupName="churn"
            )
        assert out["ModelPackageGroupArn"].startswith("arn:aws:sagemaker:eu-west-1:")


class TestPrincipalKeys:
    def test_keys_are_derived_from_the_world(self) -> None:
        """Keys depend on seed, account and name: stable for a world, different across worlds."""
        assert derive_key("s", HOME, "alice") == derive_key("s", HOME, "alice")
        assert derive_key("s", HOME, "alice") != derive_key("t", HOME, "alice")
        assert derive_key("s", HOME, "alice") != derive_key("s", HOME, "bob")
        assert derive_key("s", HOME, "alice").access_key_id.startswith("AKIA")

    def test_each_principal_acts_with_its_own_permissions(self, team: RunningServer) -> None:
        """alice creates, her approval is refused as AccessDeniedException; bob's is accepted."""
        keys = keys_of(team.endpoint.world)
        alice, bob = as_principal(team, keys["alice"]), as_principal(team, keys["bob"])
        alice.create_model_package_group(ModelPackageGroupName="churn")
        alice.create_model_package(ModelPackageGroupName="churn")
        with pytest.raises(ClientError) as caught:
            alice.update_model_package(ModelPackageArn=V1_ARN, ModelApprovalStatus="Approved")
        code, message, _ = error_of(caught)
        assert code == "AccessDeniedException"
        assert "alice" in message and "sagemaker:UpdateModelPackage" in message
        bob.update_model_package(ModelPackageArn=V1_ARN, ModelApprovalStatus="Approved")
        described = bob.describe_model_package(ModelPackageName=V1_ARN)
        assert described["ModelApprovalStatus"] == "Approved"
        assert described["LastModifiedBy"]["IamIdentity"]["Arn"].endswith("/MLApprover/bob")
        audit = [
            (e.principal, e.operation.split(":")[1], e.outcome)
            for e in team.endpoint.world.audit_log()
        ]
        assert audit[-3:] == [
            ("alice", "UpdateModelPackage", "Error"),
            ("bob", "UpdateModelPackage", "Success"),
            ("bob", "DescribeModelPackage", "Success"),
        ]

    def test_admin_key_acts_as_admin(self, team: RunningServer) -> None:
        """In a world with principals, admin signs with its own derived key."""
        as_principal(team, keys_of(team.endpoint.world)["admin"]).list_model_package_groups()
        assert team.endpoint.world.audit_log()[-1].principal == "admin"

    def test_wrong_secret_is_refused(self, team: RunningServer) -> None:
        """A known key signed with the wrong secret gets InvalidSignatureException, AWS's words."""
        alice = keys_of(team.endpoint.world)["alice"]
        client = sagemaker(team, alice.access_key_id, alice.secret_access_key[:-1] + "x")
        with pytest.raises(ClientError) as caught:
            client.list_model_package_groups()
        assert error_of(caught) == ("InvalidSignatureException", SIGNATURE_MISMATCH, 400)

    def test_unknown_key_is_refused(self, team: RunningServer) -> None:
        """A key no principal has gets UnrecognizedClientException, AWS's words."""
        with pytest.raises(ClientError) as caught:
            sagemaker(team, "AKIAUNKNOWNKEY000000", "secret").list_model_package_groups()
        assert error_of(caught) == (
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            400,
        )

    def test_body_changed_after_signing_is_refused(self, team: RunningServer) -> None:
        """The signature covers the body: a body changed in transit no longer matches."""
        client = as_principal(team, keys_of(team.endpoint.world)["alice"])

        def tamper(request: Any, **_: Any) -> None:
            request.body = json.dumps({"ModelPackageGroupName": "other"}).encode()

        client.meta.events.register("before-send.sagemaker.CreateModelPackageGroup", tamper)
        with pytest.raises(ClientError) as caught:
            client.create_model_package_group(ModelPackageGroupName="churn")
        assert error_of(caught)[0] == "InvalidSignatureException"

    def test_principal_added_while_serving_can_sign(self, team: RunningServer) -> None:
        """A principal added after the server started is recognised by its key."""
        world = team.endpoint.world
        world.add_principal("carol", arn=f"arn:aws:iam::{HOME}:user/carol", role="DataScientist")
        as_principal(team, keys_of(world)["carol"]).list_model_package_groups()
        assert world.audit_log()[-1].principal == "carol"


def raw_post(server: RunningServer, authorization: str) -> tuple[int, dict[str, str]]:
    """A SageMaker request with the given Authorization header, its status and JSON body."""
    request = urllib.request.Request(
        server.url,
        data=b"{}",
        headers={
            "X-Amz-Target": "SageMaker.ListModelPackageGroups",
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Date": "20250101T090000Z",
            "Authorization": authorization,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


class TestMalformedSignatures:
    def test_unreadable_authorization_is_incomplete_signature(self) -> None:
        """An Authorization header without its parts is IncompleteSignatureException."""
        with serving() as server:
            status, body = raw_post(server, "AWS4-HMAC-SHA256 Credential=AKIAX")
        assert status == 400
        assert body["__type"] == "IncompleteSignatureException"

    def test_credential_for_another_service_is_refused(self) -> None:
        """A SageMaker request signed for CloudWatch ('monitoring') is refused, naming the scope."""
        scope = "AKIAX/20250101/us-east-1/monitoring/aws4_request"
        with serving() as server:
            status, body = raw_post(
                server,
                f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=00",
            )
        assert (status, body) == (
            400,
            {
                "__type": "InvalidSignatureException",
                "message": "Credential should be scoped to correct service: 'sagemaker'. ",
            },
        )
