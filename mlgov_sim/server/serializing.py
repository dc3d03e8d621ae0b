"""Responses and errors in the form botocore's parser for each protocol expects.

JSON: the output as a JSON object (`application/x-amz-json-1.1` for
SageMaker). REST: `header`, `headers` and `statusCode` members go where the
model says, the `payload` member is the body (raw bytes for a blob), the other
members a JSON object or an XML document. Errors: `{"__type", "message"}` with
the error's HTTP status for JSON (plus `x-amzn-query-error` for a service that
keeps query-era codes), `<Error><Code>` for S3, with S3's own codes.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from botocore.model import Shape

from mlgov_sim.core.errors import ServiceError
from mlgov_sim.server import xmlwire
from mlgov_sim.server.errors import s3_equivalent
from mlgov_sim.server.jsonwire import dump, to_json
from mlgov_sim.server.messages import HttpResponse
from mlgov_sim.server.routing import Route
from mlgov_sim.server.services import Service
from mlgov_sim.server.values import write_text_scalar

_XML = "application/xml"


def serialize_output(route: Route, output: dict[str, Any], request_id: str) -> HttpResponse:
    """The operation's output as an HTTP response of the service's protocol."""
    service = route.service
    shape = route.operation.output_shape
    if service.protocol == "json":
        return HttpResponse(
            200,
            {"Content-Type": _json_type(service), "x-amzn-RequestId": request_id},
            dump(to_json(shape, output)),
        )
    response = HttpResponse(
        int(route.operation.http.get("responseCode", 200)), _request_id_headers(service, request_id)
    )
    if shape is None:
        return response
    body: dict[str, Any] = {}
    for key, value in output.items():
        member = shape.members.get(key)
        if member is None or value is None:
            continue
        location = member.serialization.get("location")
        name = member.serialization.get("name", key)
        if location == "header":
            response.headers[name] = _header_text(member, value)
        elif location == "headers":
            for suffix, text in value.items():
                response.headers[f"{name}{suffix}"] = str(text)
        elif location == "statusCode":
            response.status = int(value)
        else:
            body[key] = value
    payload = shape.serialization.get("payload")
    if payload:
        if payload in body:
            _write_payload(service, shape.members[payload], payload, body[payload], response)
    elif body:
        _write_body(service, shape, body, shape.serialization.get("name") or shape.name, response)
    return response


def serialize_error(
    service: Service | None, error: ServiceError, request_id: str, *, head: bool = False
) -> HttpResponse:
    """The refusal as the service's clients expect it: boto3 raises ClientError with its code."""
    if service is not None and service.protocol == "rest-xml":
        code, status, message = s3_equivalent(error)
        response = HttpResponse(status, _request_id_headers(service, request_id))
        if not head:
            document = (
                f"<Error><Code>{_escape(code)}</Code><Message>{_escape(message)}</Message>"
                f"<RequestId>{request_id}</RequestId></Error>"
            )
            response.headers["Content-Type"] = _XML
            response.body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + document.encode()
        return response
    headers = {
        "Content-Type": _json_type(service) if service else "application/x-amz-json-1.1",
        "x-amzn-RequestId": request_id,
        "x-amzn-ErrorType": error.code,
    }
    if service is not None and service.query_compatible:
        headers["x-amzn-query-error"] = (
            f"{error.code};{'Sender' if error.sender_fault else 'Receiver'}"
        )
    body = b"" if head else dump({"__type": error.code, "message": error.message})
    return HttpResponse(error.http_status, headers, body)


def _json_type(service: Service) -> str:
    if service.protocol == "rest-json":
        return "application/json"
    return f"application/x-amz-json-{service.json_version}"


def _request_id_headers(service: Service, request_id: str) -> dict[str, str]:
    if service.protocol == "rest-xml":
        return {"x-amz-request-id": request_id, "x-amz-id-2": request_id}
    return {"x-amzn-RequestId": request_id}


def _header_text(member: Shape, value: Any) -> str:
    if member.type_name == "list":
        return ",".join(write_text_scalar(member.member, item, "rfc822") for item in value)
    if member.type_name == "string" and member.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()
    return write_text_scalar(member, value, "rfc822")


def _write_payload(
    service: Service, member: Shape, key: str, value: Any, response: HttpResponse
) -> None:
    if member.type_name == "blob":
        response.body = value.encode() if isinstance(value, str) else bytes(value)
    elif member.type_name == "string":
        response.body = str(value).encode()
    else:
        root = xmlwire.element_name(member, key)
        _write_body(service, member, value, root, response)


def _write_body(
    service: Service, shape: Shape, value: dict[str, Any], root: str, response: HttpResponse
) -> None:
    if service.protocol == "rest-xml":
        response.headers.setdefault("Content-Type", _XML)
        response.body = xmlwire.write_document(shape, value, root)
    else:
        response.headers.setdefault("Content-Type", "application/json")
        response.body = dump(to_json(shape, value))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
