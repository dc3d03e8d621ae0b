"""mlgov_sim.testing: boto3 reaches a World in-process, as moto's mock_aws does, with no socket."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.httpsession import URLLib3Session

from mlgov_sim.app import World
from mlgov_sim.testing import MockAWS, mock_aws
from mlgov_sim.testing import mlgov_aws as mlgov_aws  # the fixture, as a conftest.py would get it

HOME = "111122223333"


class ReachedTheNetwork(Exception):
    """Raised instead of sending: the request was not answered in-process."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ReachedTheNetwork

    monkeypatch.setattr(URLLib3Session, "send", refuse)


def register(region: str = "us-east-1") -> str:
    """What a user's code under test might do: plain boto3, no endpoint, no credentials."""
    sagemaker = boto3.client("sagemaker", region_name=region)
    sagemaker.create_model_package_group(ModelPackageGroupName="churn")
    return sagemaker.create_model_package(ModelPackageGroupName="churn")["ModelPackageArn"]


class TestContextManager:
    def test_boto3_calls_reach_the_world(self) -> None:
        """Calls are answered by the mock's world, which a test can then read."""
        with mock_aws() as mock:
            arn = register()
            assert arn == f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/churn/1"
            assert [e["detail-type"] for e in mock.world.events()] == [
                "SageMaker Model Package State Change"
            ]
            assert [(e.principal, e.operation) for e in mock.world.audit_log()] == [
                ("admin", "sagemaker:CreateModelPackageGroup"),
                ("admin", "sagemaker:CreateModelPackage"),
            ]

    def test_refusal_is_a_client_error(self) -> None:
        """A refusal reaches the code under test as boto3's ClientError, code and message."""
        with mock_aws(), pytest.raises(ClientError) as caught:
            boto3.client("sagemaker", region_name="us-east-1").describe_model_package_group(
                ModelPackageGroupName="missing"
            )
        assert caught.value.response["Error"]["Code"] == "ValidationException"
        assert "does not exist" in caught.value.response["Error"]["Message"]

    def test_credentials_are_set_while_active_and_restored_after(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Inside, the environment holds admin's key; outside, what it held before."""
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "mine")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
        with mock_aws() as mock:
            assert os.environ["AWS_ACCESS_KEY_ID"] == mock.keys().access_key_id
        assert os.environ["AWS_ACCESS_KEY_ID"] == "mine"
        assert "AWS_SECRET_ACCESS_KEY" not in os.environ

    def test_other_services_are_left_alone(self) -> None:
        """A service mlgov-sim does not serve is not answered: the request goes its way."""
        with mock_aws(), pytest.raises(ReachedTheNetwork):
            boto3.client("sts", region_name="us-east-1").get_caller_identity()

    def test_inactive_mock_answers_nothing(self) -> None:
        """After the block, requests are no longer answered in-process."""
        with mock_aws():
            pass
        with pytest.raises(ReachedTheNetwork):
            register()

    def test_given_world_is_used_and_keeps_its_principals(self) -> None:
        """A prepared world can be mocked: each principal acts with its own permissions."""
        world = World.create()
        world.add_role(
            "Viewer", [{"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"}]
        )
        world.add_principal(
            "vic", arn=f"arn:aws:sts::{HOME}:assumed-role/Viewer/vic", role="Viewer"
        )
        with mock_aws(world) as mock:
            viewer = mock.session("vic").client("sagemaker")
            assert viewer.list_model_package_groups()["ModelPackageGroupSummaryList"] == []
            with pytest.raises(ClientError) as caught:
                viewer.create_model_package_group(ModelPackageGroupName="churn")
        assert caught.value.response["Error"]["Code"] == "AccessDeniedException"

    def test_region_comes_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a region, the mock's world is in AWS_DEFAULT_REGION, as the client is."""
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        with mock_aws():
            assert register(region="eu-west-1").startswith("arn:aws:sagemaker:eu-west-1:")

    def test_reset_keeps_the_set_up_and_drops_the_rest(self) -> None:
        """reset() empties the world back to its principals and roles."""
        world = World.create()
        world.add_principal("ann", arn=f"arn:aws:iam::{HOME}:user/ann")
        with mock_aws(world) as mock:
            register()
            mock.reset()
            assert mock.world.audit_log() == []
            assert [p.name for p in mock.world.principals()] == ["admin", "ann"]
            assert register().endswith("/churn/1")


class TestDecorator:
    def test_bare_decorator_gives_each_call_a_fresh_world(self) -> None:
        """@mock_aws on a function: each call starts from an empty world."""

        @mock_aws
        def run() -> str:
            return register()

        assert run() == run()

    def test_decorator_with_options(self) -> None:
        """@mock_aws(region=...) takes the same options as the context manager."""

        @mock_aws(region="ap-southeast-2")
        def run() -> str:
            return register(region="ap-southeast-2")

        assert ":ap-southeast-2:" in run()


class TestFixture:
    def test_fixture_gives_an_active_mock(self, mlgov_aws: MockAWS) -> None:
        """The `mlgov_aws` fixture is active for the test, with its world to read."""
        register()
        assert len(mlgov_aws.world.audit_log()) == 2


@pytest.fixture
def s3_stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """An s3:GetObject stand-in in the table for one test (S3 arrives with its own feature)."""
    from dataclasses import replace

    from mlgov_sim.app import OPERATIONS
    from mlgov_sim.core.ops import operation

    seen: list[dict[str, Any]] = []
    saved = OPERATIONS.get("s3:GetObject")

    def get_object(call: Any, params: dict[str, Any]) -> dict[str, Any]:
        seen.append(params)
        return {"Body": b"rows"}

    operation("s3:GetObject")(get_object)
    made = replace(OPERATIONS["s3:GetObject"], resource=None)
    if saved is not None:
        OPERATIONS["s3:GetObject"] = saved
    monkeypatch.setitem(OPERATIONS, "s3:GetObject", made)
    yield seen


def test_s3_virtual_hosted_addressing_in_process(s3_stand_in: list[dict[str, Any]]) -> None:
    """boto3's default S3 URL (https://bucket.s3.amazonaws.com/key) names the bucket by host."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        body = s3.get_object(Bucket="churn-data", Key="train/part 1.csv")["Body"].read()
    assert body == b"rows"
    [params] = s3_stand_in
    assert (params["Bucket"], params["Key"]) == ("churn-data", "train/part 1.csv")
