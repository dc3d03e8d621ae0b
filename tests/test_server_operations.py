"""Every supported operation through real boto3 and the endpoint gives what World.call gives.

Two worlds are set up alike (tests/test_oracle.py's SETUP); the sample input
goes to one through boto3 over HTTP on 127.0.0.1, and to the other through
World.call. The parsed responses, and the refusals, must be equal.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from functools import cache
from typing import Any

import boto3
import pytest
import urllib3.util.connection
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.response import StreamingBody
from test_oracle import BOTOCORE_OPS, EXTRA_CALLS, populated, sample

from mlgov_sim.app import OPERATIONS, World
from mlgov_sim.core.apimodel import service_model
from mlgov_sim.core.db import make_engine
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.server.http import RunningServer
from mlgov_sim.testing import serving

REGION = "us-east-1"
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to an address off this machine fails the test."""
    real = urllib3.util.connection.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0] in ("127.0.0.1", "localhost", "::1"), f"tried to reach {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", guarded)


def client_for(server: RunningServer, service: str = "sagemaker") -> BaseClient:
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=REGION,
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="dummy",
        config=NO_RETRIES,
    )


def method_of(client: BaseClient, name: str) -> Any:
    api = OPERATIONS[name].name
    method = next(m for m, a in client.meta.method_to_api_mapping.items() if a == api)
    return getattr(client, method)


@cache
def _populated_template() -> World:
    return populated()


def populated_copy() -> World:
    """A world as populated() makes it, copied from one made once (SQLite's backup API)."""
    engine = make_engine(None)
    source = _populated_template().engine.raw_connection()
    target = engine.raw_connection()
    try:
        source.driver_connection.backup(target.driver_connection)
    finally:
        source.close()
        target.close()
    return World(engine)


@pytest.fixture
def served() -> Iterator[tuple[RunningServer, World]]:
    """A populated world behind a server, and a twin populated alike to call directly."""
    with serving(populated_copy()) as server:
        yield server, populated_copy()


def through_boto3(server: RunningServer, name: str, params: dict[str, Any]) -> tuple[Any, Any]:
    """boto3's parsed response (streams read) and the input the world received.

    The input may differ from `params` where botocore adds to it as it does for AWS
    (S3's ListObjects asks for `EncodingType=url`, GetObject for checksums).
    """
    world = server.endpoint.world
    received: list[dict[str, Any]] = []
    real_call = world.call

    def spy(full_name: str, given: dict[str, Any], principal: str = "admin") -> dict[str, Any]:
        received.append(given)
        return real_call(full_name, given, principal)

    world.call = spy  # type: ignore[method-assign]
    try:
        returned = method_of(client_for(server, OPERATIONS[name].service), name)(**params)
    finally:
        del world.call
    metadata = returned.pop("ResponseMetadata")
    assert metadata["HTTPStatusCode"] == botocore_status(name)
    for key, value in returned.items():
        if isinstance(value, StreamingBody):
            returned[key] = value.read()
    [sent] = received
    return returned, sent


def botocore_status(name: str) -> int:
    """The status the operation answers with on success (S3's DeleteObject: 204)."""
    op = OPERATIONS[name]
    return int(service_model(op.service).operation_model(op.name).http.get("responseCode", 200))


class TestEveryOperation:
    @pytest.mark.parametrize("name", BOTOCORE_OPS)
    def test_sample_through_boto3_equals_world_call(
        self, served: tuple[RunningServer, World], name: str
    ) -> None:
        """The sample's response parsed by boto3 equals World.call's response, member for member."""
        server, twin = served
        returned, sent = through_boto3(server, name, sample(name))
        assert returned == twin.call(name, sent)

    @pytest.mark.parametrize(("name", "params"), EXTRA_CALLS)
    def test_other_response_forms_through_boto3(
        self, served: tuple[RunningServer, World], name: str, params: dict[str, Any]
    ) -> None:
        """Unversioned, minimal and unpaged responses come through boto3 unchanged too."""
        server, twin = served
        returned, sent = through_boto3(server, name, params)
        assert returned == twin.call(name, sent)

    def test_the_world_behind_the_server_recorded_the_calls(
        self, served: tuple[RunningServer, World]
    ) -> None:
        """A call through boto3 is one World.call: audited as admin, its events on the bus."""
        server, _ = served
        world = server.endpoint.world
        before_events, before_audit = len(world.events()), len(world.audit_log())
        client_for(server).create_model_package(ModelPackageGroupName="churn")
        assert len(world.audit_log()) == before_audit + 1
        entry = world.audit_log()[-1]
        assert (entry.principal, entry.operation, entry.outcome) == (
            "admin",
            "sagemaker:CreateModelPackage",
            "Success",
        )
        assert len(world.events()) == before_events + 1


REFUSALS: list[tuple[str, dict[str, Any]]] = [
    ("sagemaker:DescribeModelPackage", {"ModelPackageName": "churn/99"}),
    ("sagemaker:DescribeModelPackageGroup", {"ModelPackageGroupName": "nope"}),
    ("sagemaker:CreateModelPackageGroup", {"ModelPackageGroupName": "churn"}),
    ("sagemaker:DeleteModelPackageGroup", {"ModelPackageGroupName": "churn"}),
    ("sagemaker:ListModelPackages", {"ModelPackageGroupName": "churn", "NextToken": "bogus"}),
    ("sagemaker:UpdateModelPackage", {"ModelPackageArn": "arn:aws:sagemaker:x"}),
]


class TestRefusals:
    @pytest.mark.parametrize(("name", "params"), REFUSALS)
    def test_refusal_arrives_as_client_error_with_the_worlds_code_and_message(
        self, served: tuple[RunningServer, World], name: str, params: dict[str, Any]
    ) -> None:
        """boto3 raises ClientError carrying the code, message and HTTP status World.call has."""
        server, twin = served
        with pytest.raises(ServiceError) as expected:
            twin.call(name, params)
        with pytest.raises(ClientError) as caught:
            method_of(client_for(server), name)(**params)
        error = caught.value.response["Error"]
        assert (error["Code"], error["Message"]) == (expected.value.code, expected.value.message)
        status = caught.value.response["ResponseMetadata"]["HTTPStatusCode"]
        assert status == expected.value.http_status

    def test_unsimulated_real_operation_is_named_as_such(
        self, served: tuple[RunningServer, World]
    ) -> None:
        """A real SageMaker operation the simulator lacks is refused, saying so."""
        server, _ = served
        with pytest.raises(ClientError) as caught:
            client_for(server).list_pipelines()
        error = caught.value.response["Error"]
        assert error["Code"] == "UnknownOperationException"
        assert "sagemaker:ListPipelines is a real sagemaker operation" in error["Message"]

    def test_json_body_that_is_not_json_is_a_validation_error(
        self, served: tuple[RunningServer, World]
    ) -> None:
        """A body that is not JSON is refused (400), not a server failure."""
        server, _ = served
        client = client_for(server)

        def corrupt(request: Any, **_: Any) -> None:
            request.data = b"{not json"

        client.meta.events.register("before-sign.sagemaker.ListModelPackageGroups", corrupt)
        with pytest.raises(ClientError) as caught:
            client.list_model_package_groups()
        assert caught.value.response["Error"]["Code"] == "ValidationException"
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_console_only_actions_cannot_be_reached_over_http(
    served: tuple[RunningServer, World],
) -> None:
    """A `canvas:` console action has no AWS API, so no request can name one."""
    import urllib.error
    import urllib.request

    server, _ = served
    request = urllib.request.Request(
        server.url,
        data=b"{}",
        headers={
            "X-Amz-Target": "Canvas.ImportModel",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAX/20250101/us-east-1/sagemaker/"
            "aws4_request, SignedHeaders=host, Signature=00",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    body = caught.value.read()
    caught.value.close()
    assert caught.value.code == 400
    assert b'"__type":"UnknownOperationException"' in body
