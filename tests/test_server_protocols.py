"""The protocol layer against botocore itself, for every operation of every served service.

For each operation in botocore's model of sagemaker, cloudwatch, s3 and
sagemaker-runtime (whether or not mlgov-sim simulates it yet), an input with
every member filled is serialised by botocore's own serializer; the endpoint
must route it back to that operation and parse back the same input. An output
with every member filled is serialised by the endpoint; botocore's own parser
must read back the same output. So an operation that lands in the table later
is served correctly by construction (S3's REST-XML, CloudWatch's JSON 1.0 and
sagemaker-runtime's REST-JSON included).
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.model import OperationModel, Shape
from botocore.parsers import create_parser
from botocore.response import StreamingBody
from botocore.serialize import create_serializer
from botocore.utils import percent_encode_sequence

from mlgov_sim.core.apimodel import service_model
from mlgov_sim.core.errors import ServiceError, ValidationException
from mlgov_sim.server.messages import Headers, HttpRequest
from mlgov_sim.server.parsing import parse_request
from mlgov_sim.server.routing import route
from mlgov_sim.server.serializing import serialize_error, serialize_output
from mlgov_sim.server.services import by_name, served

WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
DEPTH = 4


def filled(shape: Shape, name: str = "", depth: int = 0) -> Any:
    """A value for `shape` with every member present (structures cut off at DEPTH)."""
    kind = shape.type_name
    if kind == "structure":
        if depth > DEPTH and not shape.is_tagged_union:
            return {}
        out = {}
        for key, member in shape.members.items():
            if member.metadata.get("deprecated"):
                continue  # it may share its element with its successor
            out[key] = filled(member, key, depth + 1)
            if shape.is_tagged_union:  # a union holds exactly one member
                break
        return out
    if kind == "list":
        return [filled(shape.member, name, depth + 1), filled(shape.member, name, depth + 1)]
    if kind == "map":
        return {
            "k1": filled(shape.value, name, depth + 1),
            "k2": filled(shape.value, name, depth + 1),
        }
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        if name == "Key":  # an S3 key: slashes, a space, a plus, percent-encoded on the wire
            return "dir/sub dir/file+1.csv"
        return f"{name or 'value'}-text"
    if kind in ("integer", "long"):
        return 7
    if kind in ("float", "double"):
        return 1.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return WHEN
    if kind == "blob":
        return b"\x00binary \xff bytes"
    raise AssertionError(f"no value for a {kind}")


def operations(service: str) -> list[tuple[str, str]]:
    model = service_model(service)
    return [
        (service, name)
        for name in model.operation_names
        if not model.operation_model(name).has_event_stream_input
        and not model.operation_model(name).has_event_stream_output
    ]


ALL = [case for service in served() for case in operations(service.name)]
IDS = [f"{service}:{name}" for service, name in ALL]
# Operations that look exactly like another on the wire; the request goes to the other one.
SAME_ON_THE_WIRE = {
    # deprecated, and sent as their successors are: the successor is served
    "s3:GetBucketLifecycle": "GetBucketLifecycleConfiguration",
    "s3:PutBucketLifecycle": "PutBucketLifecycleConfiguration",
    "s3:GetBucketNotification": "GetBucketNotificationConfiguration",
    "s3:PutBucketNotification": "PutBucketNotificationConfiguration",
    # sent to S3 Express's own control endpoint, which mlgov-sim does not serve
    "s3:ListDirectoryBuckets": "ListBuckets",
}


def wire_request(model: OperationModel, params: dict[str, Any]) -> HttpRequest:
    """What botocore would send for `params` (before signing), as the endpoint receives it."""
    protocol = model.service_model.resolved_protocol
    serialized = create_serializer(protocol, include_validation=False).serialize_to_request(
        params, model
    )
    target = serialized["url_path"]
    query = serialized["query_string"]
    if query:
        encoded = percent_encode_sequence(query) if isinstance(query, dict) else query
        target += ("&" if "?" in target else "?") + encoded
    headers = Headers([(k, str(v)) for k, v in serialized["headers"].items()])
    headers.add("Host", "localhost")
    body = serialized["body"]
    return HttpRequest(
        serialized["method"], target, headers, body if isinstance(body, bytes) else body.encode()
    )


def signing_name(service: str) -> str:
    return by_name(service).signing_name


class TestRequests:
    @pytest.mark.parametrize(("service", "name"), ALL, ids=IDS)
    def test_botocores_request_routes_back_to_its_operation(self, service: str, name: str) -> None:
        """The request botocore makes for an operation is routed to that operation."""
        model = service_model(service).operation_model(name)
        request = wire_request(model, filled(model.input_shape) if model.input_shape else {})
        found = route(request, signing_name(service))
        expected = SAME_ON_THE_WIRE.get(f"{service}:{name}", name)
        assert (found.service.name, found.operation.name) == (service, expected)

    @pytest.mark.parametrize(("service", "name"), ALL, ids=IDS)
    def test_botocores_request_parses_back_to_its_input(self, service: str, name: str) -> None:
        """Every member botocore put on the wire (path, query, headers, body) is read back."""
        if f"{service}:{name}" in SAME_ON_THE_WIRE:
            pytest.skip("routed to the operation it looks like on the wire")
        model = service_model(service).operation_model(name)
        params = filled(model.input_shape) if model.input_shape else {}
        request = wire_request(model, params)
        in_path_query_headers_or_body = {
            key: value
            for key, value in params.items()
            if model.input_shape.members[key].serialization.get("location")
            or not model.input_shape.members[key].serialization.get("hostLabel")
        }
        parsed = parse_request(route(request, signing_name(service)), request)
        assert parsed == in_path_query_headers_or_body

    def test_gzipped_body_is_read(self) -> None:
        """A body botocore compressed (CloudWatch PutMetricData, when large) is decompressed."""
        model = service_model("cloudwatch").operation_model("PutMetricData")
        params = filled(model.input_shape)
        request = wire_request(model, params)
        request.body = gzip.compress(request.body)
        request.headers.add("Content-Encoding", "gzip")
        assert parse_request(route(request, "monitoring"), request) == params

    def test_s3_virtual_hosted_request_is_path_style_inside(self) -> None:
        """bucket.localhost:8711/key and bucket.s3.amazonaws.com/key name the bucket by host."""
        for host in ("churn-data.localhost:8711", "churn-data.s3.us-east-1.amazonaws.com"):
            request = HttpRequest(
                "GET", "/dir/file%20name.csv?x-id=GetObject", Headers([("Host", host)])
            )
            found = route(request, "s3")
            assert found.operation.name == "GetObject"
            assert parse_request(found, request) == {
                "Bucket": "churn-data",
                "Key": "dir/file name.csv",
            }

    def test_most_specific_s3_operation_wins(self) -> None:
        """GET /b is ListObjects; ?list-type=2 makes it ListObjectsV2, ?tagging the tagging."""
        for target, expected in [
            ("/b", "ListObjects"),
            ("/b?list-type=2&prefix=x", "ListObjectsV2"),
            ("/b?tagging", "GetBucketTagging"),
            ("/b/k?tagging", "GetObjectTagging"),
            ("/b/k", "GetObject"),
            ("/", "ListBuckets"),
        ]:
            request = HttpRequest("GET", target, Headers([("Host", "127.0.0.1:8711")]))
            assert route(request, "s3").operation.name == expected, target


def parsed_by_botocore(model: OperationModel, response: Any) -> dict[str, Any]:
    """The response as boto3 returns it (a streamed payload read to its end)."""
    body: Any = response.body
    if model.has_streaming_output:  # botocore hands a streamed payload over unread
        body = StreamingBody(BytesIO(body), len(body))
    parser = create_parser(model.service_model.resolved_protocol)
    parsed = parser.parse(
        {"status_code": response.status, "headers": HeadersDict(response.headers), "body": body},
        model.output_shape,
    )
    parsed.pop("ResponseMetadata", None)
    for key, value in parsed.items():
        if isinstance(value, StreamingBody):
            parsed[key] = value.read()
    return parsed


class TestResponses:
    @pytest.mark.parametrize(("service", "name"), ALL, ids=IDS)
    def test_botocore_parses_the_output_back(self, service: str, name: str) -> None:
        """botocore's parser reads the endpoint's response into exactly the output given."""
        model = service_model(service).operation_model(name)
        if model.output_shape is None or model.deprecated:
            pytest.skip("no output, or a deprecated output sharing elements with its successor")
        output = filled(model.output_shape)
        for key, member in model.output_shape.members.items():
            if member.serialization.get("location") == "statusCode":
                output[key] = 200
        request = HttpRequest("POST", "/", Headers())
        found = route_for(service, name, request)
        response = serialize_output(found, output, "req-1")
        assert parsed_by_botocore(model, response) == output

    @pytest.mark.parametrize("service", [s.name for s in served()])
    def test_botocore_reads_the_error_code_and_message(self, service: str) -> None:
        """A refusal reaches botocore with its code and message, in the service's protocol."""
        error = ValidationException("Value 'x' at 'name' failed to satisfy constraint")
        response = serialize_error(by_name(service), error, "req-1")
        model = service_model(service).operation_model(service_model(service).operation_names[0])
        parser = create_parser(model.service_model.resolved_protocol)
        parsed = parser.parse(
            {
                "status_code": response.status,
                "headers": HeadersDict(response.headers),
                "body": response.body,
            },
            model.output_shape,
        )
        expected_code = "InvalidArgument" if service == "s3" else "ValidationException"
        assert parsed["Error"]["Code"] == expected_code
        assert parsed["Error"]["Message"] == error.message
        assert response.status == 400

    def test_query_compatible_service_sends_its_query_code(self) -> None:
        """CloudWatch's JSON refusal carries `x-amzn-query-error`, which botocore prefers."""

        class ResourceNotFound(ServiceError):
            code = "ResourceNotFound"
            http_status = 404
            sender_fault = True

        response = serialize_error(by_name("cloudwatch"), ResourceNotFound("no such alarm"), "r")
        assert response.headers["x-amzn-query-error"] == "ResourceNotFound;Sender"
        assert response.status == 404


def route_for(service: str, name: str, request: HttpRequest) -> Any:
    from mlgov_sim.server.routing import Route

    return Route(by_name(service), service_model(service).operation_model(name))
