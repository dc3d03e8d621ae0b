"""A request's input, read from where botocore's model says each member travels.

JSON protocols carry the whole input in the body. REST protocols spread it:
`uri` labels in the path, `querystring`, `header` and `headers` (a prefix
map) members, and the rest in the body, or in the one `payload` member (raw
bytes for a blob, a document for a structure). The result is the dict a boto3
user would have passed, ready for `World.call` to validate.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

from botocore.model import Shape

from mlgov_sim.core.errors import ValidationException
from mlgov_sim.server import xmlwire
from mlgov_sim.server.jsonwire import from_json
from mlgov_sim.server.messages import HttpRequest
from mlgov_sim.server.routing import Route
from mlgov_sim.server.values import read_text_scalar


class MalformedRequest(ValidationException):
    """A body that is not the JSON or XML its protocol requires."""


def parse_request(route: Route, request: HttpRequest) -> dict[str, Any]:
    """The operation's input as `World.call` takes it."""
    shape = route.operation.input_shape
    body = _decoded_body(request)
    if route.service.protocol == "json":
        return _parse_json_body(shape, body)
    if shape is None:
        return {}
    params: dict[str, Any] = {}
    claimed = _named_in_query(route, shape)
    for key, member in shape.members.items():
        location = member.serialization.get("location")
        name = member.serialization.get("name", key)
        if location == "uri":
            if name in route.labels:
                params[key] = read_text_scalar(member, route.labels[name])
        elif location == "querystring":
            found = _from_query(member, name, request, claimed)
            if found is not None:
                params[key] = found
        elif location == "header":
            found = _from_header(member, name, request)
            if found is not None:
                params[key] = found
        elif location == "headers":
            prefix = name.lower()
            found_map = {
                header[len(prefix) :]: value
                for header, value in request.headers.items()
                if header.lower().startswith(prefix)
            }
            if found_map:
                params[key] = found_map
    params.update(_parse_rest_body(route, shape, body))
    return params


def _decoded_body(request: HttpRequest) -> bytes:
    """The body as serialised: botocore gzips large bodies of operations that allow it."""
    encoding = (request.headers.get("content-encoding") or "").lower()
    if "gzip" in encoding and request.body:
        try:
            return gzip.decompress(request.body)
        except (OSError, EOFError) as error:
            raise MalformedRequest(f"The gzip request body cannot be read: {error}") from None
    return request.body


def _parse_json_body(shape: Shape | None, body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        decoded = json.loads(body)
    except ValueError as error:
        raise MalformedRequest(f"The request body is not valid JSON: {error}") from None
    if not isinstance(decoded, dict):
        raise MalformedRequest("The request body must be a JSON object")
    return from_json(shape, decoded) if shape is not None else decoded


def _parse_rest_body(route: Route, shape: Shape, body: bytes) -> dict[str, Any]:
    payload_name = shape.serialization.get("payload")
    if payload_name:
        member = shape.members[payload_name]
        if member.type_name == "blob":
            return {payload_name: body} if body or member.serialization.get("streaming") else {}
        if member.type_name == "string":
            return {payload_name: body.decode()} if body else {}
        if not body.strip():
            return {}
        return {payload_name: _parse_document(route, member, body)}
    body_members = {
        key for key, member in shape.members.items() if not member.serialization.get("location")
    }
    if not body_members or not body.strip():
        return {}
    parsed = _parse_document(route, shape, body)
    return {key: value for key, value in parsed.items() if key in body_members}


def _parse_document(route: Route, shape: Shape, body: bytes) -> Any:
    if route.service.protocol == "rest-xml":
        try:
            return xmlwire.parse_document(shape, body)
        except xmlwire.ElementTree.ParseError as error:
            raise MalformedRequest(
                f"The XML you provided was not well-formed or did not validate: {error}"
            ) from None
    return _parse_json_body(shape, body)


def _named_in_query(route: Route, shape: Shape) -> set[str]:
    """Query parameters something else claims: other members, and the URI's own (`?tagging`)."""
    literal = route.operation.http.get("requestUri", "").partition("?")[2]
    names = {part.partition("=")[0] for part in literal.split("&") if part}
    for key, member in shape.members.items():
        if member.serialization.get("location") == "querystring" and member.type_name != "map":
            names.add(member.serialization.get("name", key))
    return names


def _from_query(member: Shape, name: str, request: HttpRequest, claimed: set[str]) -> Any:
    pairs = request.query()
    if member.type_name == "map":  # a query map takes every parameter nothing else claims
        found = {key: value for key, value in pairs if key not in claimed}
        return found or None
    values = [value for key, value in pairs if key == name]
    if not values:
        return None
    if member.type_name == "list":
        return [read_text_scalar(member.member, value) for value in values]
    return read_text_scalar(member, values[0])


def _from_header(member: Shape, name: str, request: HttpRequest) -> Any:
    text = request.headers.get(name)
    if text is None:
        return None
    if member.type_name == "list":
        return [read_text_scalar(member.member, part.strip()) for part in text.split(",")]
    if member.type_name == "string" and member.serialization.get("jsonvalue"):
        try:
            return json.loads(base64.b64decode(text))
        except ValueError:
            return text
    return read_text_scalar(member, text)
