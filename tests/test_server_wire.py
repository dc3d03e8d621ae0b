"""S3's REST-XML, sagemaker-runtime's REST-JSON and CloudWatch's JSON 1.0, end to end with boto3.

Operations of these services enter the table as their features land; here
stand-in handlers are put in the table for one test each (and taken out
again), so what is checked is the wire: boto3 -> HTTP -> routing, SigV4,
parsing -> World.call -> serialisation -> boto3's parsed response.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.client import BaseClient
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from mlgov_sim.app import OPERATIONS, World
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.core.ops import Operation, operation
from mlgov_sim.server import world_keys
from mlgov_sim.server.http import RunningServer
from mlgov_sim.testing import serving

REGION = "us-east-1"
WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})

Handler = Callable[[Any, dict[str, Any]], dict[str, Any] | None]


class NoSuchKey(ServiceError):
    code = "NoSuchKey"
    http_status = 404
    sender_fault = True


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, Handler], None]:
    """Put a handler in the operation table for this test only, with botocore's shapes."""

    def put(full_name: str, handler: Handler) -> None:
        saved = OPERATIONS.get(full_name)
        operation(full_name)(handler)
        made: Operation = replace(OPERATIONS[full_name], resource=None)
        if saved is None:
            monkeypatch.delitem(OPERATIONS, full_name)
            monkeypatch.setitem(OPERATIONS, full_name, made)
        else:
            OPERATIONS[full_name] = saved
            monkeypatch.setitem(OPERATIONS, full_name, made)

    return put


@pytest.fixture
def server() -> Iterator[RunningServer]:
    with serving(World.create()) as running:
        yield running


def client(server: RunningServer, service: str, **config: Any) -> BaseClient:
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=REGION,
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="dummy",
        config=NO_RETRIES.merge(Config(**config)),
    )


class TestS3RestXml:
    def test_put_and_get_an_object_path_style(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """Bytes, metadata headers and a key with slashes and spaces survive both ways."""
        stored: dict[str, Any] = {}

        def put_object(call: Any, params: dict[str, Any]) -> dict[str, Any]:
            stored.update(params)
            return {"ETag": '"etag-1"'}

        def get_object(call: Any, params: dict[str, Any]) -> dict[str, Any]:
            assert (params["Bucket"], params["Key"]) == (stored["Bucket"], stored["Key"])
            return {
                "Body": stored["Body"],
                "ContentType": stored["ContentType"],
                "ContentLength": len(stored["Body"]),
                "Metadata": stored["Metadata"],
                "LastModified": WHEN,
                "ETag": '"etag-1"',
            }

        stand_in("s3:PutObject", put_object)
        stand_in("s3:GetObject", get_object)
        s3 = client(server, "s3")
        body = b"\x00\x01 rows\xff"
        put = s3.put_object(
            Bucket="churn-data",
            Key="train/2025 01/part+1.csv",
            Body=body,
            ContentType="text/csv",
            Metadata={"team": "risk"},
        )
        assert put["ETag"] == '"etag-1"'
        assert stored["Body"] == body
        assert stored["Key"] == "train/2025 01/part+1.csv"
        got = s3.get_object(Bucket="churn-data", Key="train/2025 01/part+1.csv")
        assert got["Body"].read() == body
        assert (got["ContentType"], got["Metadata"], got["LastModified"]) == (
            "text/csv",
            {"team": "risk"},
            WHEN,
        )

    def test_xml_payload_both_ways(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """A tagging document is read from the request's XML and written into the response's."""
        tags: list[dict[str, str]] = []

        def put_tagging(call: Any, params: dict[str, Any]) -> dict[str, Any]:
            tags[:] = params["Tagging"]["TagSet"]
            return {}

        stand_in("s3:PutObjectTagging", put_tagging)
        stand_in("s3:GetObjectTagging", lambda call, params: {"TagSet": tags})
        s3 = client(server, "s3")
        tag_set = [{"Key": "pii", "Value": "no"}, {"Key": "team", "Value": "risk & ops"}]
        s3.put_object_tagging(Bucket="b", Key="k", Tagging={"TagSet": tag_set})
        assert tags == tag_set
        assert s3.get_object_tagging(Bucket="b", Key="k")["TagSet"] == tag_set

    def test_s3_refusal_is_xml_with_its_code_and_status(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """A service error reaches boto3 as S3's <Error>: code, message and status."""

        def get_object(call: Any, params: dict[str, Any]) -> None:
            raise NoSuchKey("The specified key does not exist.")

        stand_in("s3:GetObject", get_object)
        with pytest.raises(ClientError) as caught:
            client(server, "s3").get_object(Bucket="b", Key="missing")
        response = caught.value.response
        assert response["Error"]["Code"] == "NoSuchKey"
        assert response["Error"]["Message"] == "The specified key does not exist."
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 404

    def test_virtual_hosted_request_over_the_socket(
        self, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """bucket.localhost:PORT/key, signed by a principal, reaches the bucket and key."""
        world = World.create()
        world.add_role("Reader", [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}])
        world.add_principal(
            "alice", arn="arn:aws:sts::111122223333:assumed-role/Reader/alice", role="Reader"
        )
        key = next(k for k in world_keys(world) if k.principal == "alice")
        seen: dict[str, Any] = {}

        def get_object(call: Any, params: dict[str, Any]) -> dict[str, Any]:
            seen.update(params, principal=call.principal.name)
            return {"Body": b"hello"}

        stand_in("s3:GetObject", get_object)
        with serving(world) as running:
            port = running.server.server_address[1]
            host = f"churn-data.localhost:{port}"
            request = AWSRequest("GET", f"http://{host}/dir/a%20b.csv", headers={"Host": host})
            S3SigV4Auth(
                Credentials(key.access_key_id, key.secret_access_key), "s3", REGION
            ).add_auth(request)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", "/dir/a%20b.csv", headers=dict(request.headers.items()))
                answer = connection.getresponse()
                assert (answer.status, answer.read()) == (200, b"hello")
            finally:
                connection.close()
        assert seen == {"Bucket": "churn-data", "Key": "dir/a b.csv", "principal": "alice"}

    def test_wrong_secret_is_s3s_signature_does_not_match(
        self, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """S3 words a bad signature its own way: SignatureDoesNotMatch, 403."""
        world = World.create()
        world.add_principal("alice", arn="arn:aws:iam::111122223333:user/alice")
        key = next(k for k in world_keys(world) if k.principal == "alice")
        stand_in("s3:GetObject", lambda call, params: {"Body": b""})
        with serving(world) as running:
            s3 = boto3.client(
                "s3",
                endpoint_url=running.url,
                region_name=REGION,
                aws_access_key_id=key.access_key_id,
                aws_secret_access_key="not-the-secret",
                config=NO_RETRIES,
            )
            with pytest.raises(ClientError) as caught:
                s3.get_object(Bucket="b", Key="k")
        response = caught.value.response
        assert response["Error"]["Code"] == "SignatureDoesNotMatch"
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 403


class TestSageMakerRuntimeRestJson:
    def test_invoke_endpoint_blob_and_headers_both_ways(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """The payload arrives as bytes with its content type; the answer's headers come back."""
        seen: dict[str, Any] = {}

        def invoke(call: Any, params: dict[str, Any]) -> dict[str, Any]:
            seen.update(params)
            return {
                "Body": b"0.93\n",
                "ContentType": "text/csv",
                "InvokedProductionVariant": "AllTraffic",
            }

        stand_in("sagemaker-runtime:InvokeEndpoint", invoke)
        runtime = client(server, "sagemaker-runtime")
        out = runtime.invoke_endpoint(
            EndpointName="churn-prod", Body=b"1,2,3\n", ContentType="text/csv", Accept="text/csv"
        )
        assert seen == {
            "EndpointName": "churn-prod",
            "Body": b"1,2,3\n",
            "ContentType": "text/csv",
            "Accept": "text/csv",
        }
        assert out["Body"].read() == b"0.93\n"
        assert (out["ContentType"], out["InvokedProductionVariant"]) == ("text/csv", "AllTraffic")

    def test_runtime_refusal_carries_its_code(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """A refusal from a REST-JSON operation arrives with its code and message."""

        def invoke(call: Any, params: dict[str, Any]) -> None:
            raise NoSuchKey("no such endpoint")

        stand_in("sagemaker-runtime:InvokeEndpoint", invoke)
        with pytest.raises(ClientError) as caught:
            client(server, "sagemaker-runtime").invoke_endpoint(EndpointName="e", Body=b"x")
        error = caught.value.response["Error"]
        assert (error["Code"], error["Message"]) == ("NoSuchKey", "no such endpoint")


class TestCloudWatchJson10:
    def test_put_metric_data_with_timestamps_and_doubles(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """What botocore sends CloudWatch (JSON 1.0, X-Amz-Target) is read; a gzipped body too."""
        seen: list[dict[str, Any]] = []
        stand_in("cloudwatch:PutMetricData", lambda call, params: seen.append(params))
        datum = {"MetricName": "Latency", "Timestamp": WHEN, "Value": 12.5, "Unit": "Milliseconds"}
        for compress_above in (10240, 1):  # botocore's default, then: always gzip
            cloudwatch = client(
                server, "cloudwatch", request_min_compression_size_bytes=compress_above
            )
            cloudwatch.put_metric_data(Namespace="churn", MetricData=[datum])
        assert seen == [{"Namespace": "churn", "MetricData": [datum]}] * 2

    def test_refusal_uses_the_query_compatible_code(
        self, server: RunningServer, stand_in: Callable[[str, Handler], None]
    ) -> None:
        """A CloudWatch refusal arrives with its code, as botocore reads it for this service."""

        class ResourceNotFound(ServiceError):
            code = "ResourceNotFound"
            http_status = 404
            sender_fault = True

        def describe(call: Any, params: dict[str, Any]) -> None:
            raise ResourceNotFound("no alarm named x")

        stand_in("cloudwatch:DescribeAlarms", describe)
        with pytest.raises(ClientError) as caught:
            client(server, "cloudwatch").describe_alarms(AlarmNames=["x"])
        response = caught.value.response
        assert (response["Error"]["Code"], response["Error"]["Message"]) == (
            "ResourceNotFound",
            "no alarm named x",
        )
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
