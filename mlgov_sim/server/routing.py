"""Which operation a request names, read from botocore's model, never from a table of our own.

JSON services name it in `X-Amz-Target` (`SageMaker.CreateModelPackage`).
REST services name it by method, path and query: each operation's
`requestUri` (`/{Bucket}/{Key+}?tagging`) becomes a pattern, and the request
goes to the most specific one that matches (`?list-type=2` beats none). S3's
virtual-hosted addressing (`bucket.s3.amazonaws.com/key`,
`bucket.localhost:8711/key`) is turned into path style first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote

from botocore.model import OperationModel

from mlgov_sim.core.errors import UnknownOperationException
from mlgov_sim.server.messages import HttpRequest
from mlgov_sim.server.services import Service, by_target_prefix, rest_services

# Smithy's disambiguating `?x-id=GetObject`: botocore sends it, other clients may not.
_OPTIONAL_QUERY = "x-id"
_LABEL = re.compile(r"\{([^}]+?)(\+?)\}")
# Hosts that carry an S3 bucket as their first label: AWS's and the loopback names.
_S3_VIRTUAL_HOST = re.compile(
    r"^(?P<bucket>[a-z0-9][a-z0-9.-]*?)\.(?:s3[.-][^:]*|localhost(?:\.localdomain)?)(?::\d+)?$"
)


@dataclass(frozen=True)
class Route:
    """The operation a request names, and the URI labels its path fills (decoded)."""

    service: Service
    operation: OperationModel
    labels: dict[str, str] = field(default_factory=dict)
    path: str = "/"  # path style, after a virtual host's bucket was moved into it

    @property
    def full_name(self) -> str:
        """The operation table's name: `sagemaker:CreateModelPackage`."""
        return f"{self.service.name}:{self.operation.name}"


@dataclass(frozen=True)
class _Pattern:
    operation: str
    method: str
    path: re.Pattern[str]
    labels: tuple[str, ...]
    query: tuple[tuple[str, str | None], ...]  # literal query the URI requires
    required_query: tuple[str, ...]  # parameters of required querystring members
    required_headers: tuple[str, ...]  # headers of required header members
    literal_chars: int
    deprecated: bool


def route(request: HttpRequest, signing_name: str | None) -> Route:
    """The request's operation; UnknownOperationException when it names none."""
    target = request.headers.get("x-amz-target")
    if target:
        return _json_route(target)
    path = _path_style(request)
    query = dict(request.query())
    best: tuple[tuple[int, int, bool], _Pattern, re.Match[str], Service] | None = None
    for service in rest_services(signing_name):
        for pattern in _patterns(service.name):
            if pattern.method != request.method:
                continue
            match = pattern.path.match(path)
            if match is None or not _fits(pattern, query, request):
                continue
            rank = _rank(pattern, query)
            if best is None or rank > best[0]:
                best = (rank, pattern, match, service)
    if best is None:
        raise UnknownOperationException(
            f"No operation of {' or '.join(s.name for s in rest_services(signing_name))} "
            f"matches {request.method} {path}"
        )
    _, pattern, match, service = best
    labels = {name: unquote(match.group(f"g{i}")) for i, name in enumerate(pattern.labels)}
    return Route(service, service.model.operation_model(pattern.operation), labels, path)


def _fits(pattern: _Pattern, query: dict[str, str], request: HttpRequest) -> bool:
    """The request has the query the URI requires (`x-id` may be left out) and the required
    members' query parameters and headers: PUT /b/k with `x-amz-copy-source` is CopyObject."""
    for key, value in pattern.query:
        if key not in query:
            if key != _OPTIONAL_QUERY:
                return False
        elif value is not None and query[key] != value:
            return False
    return all(name in query for name in pattern.required_query) and all(
        name in request.headers for name in pattern.required_headers
    )


def _rank(pattern: _Pattern, query: dict[str, str]) -> tuple[int, int, bool]:
    """More of the request explained is more specific: query and headers, then literal path.

    Where two operations look the same on the wire (GetBucketLifecycle and its successor
    GetBucketLifecycleConfiguration), the one botocore does not mark deprecated wins.
    """
    explained = sum(key in query for key, _ in pattern.query)
    explained += len(pattern.required_query) + len(pattern.required_headers)
    return explained, pattern.literal_chars, not pattern.deprecated


def _json_route(target: str) -> Route:
    prefix, _, name = target.rpartition(".")
    service = by_target_prefix(prefix)
    if service is None or name not in service.model.operation_names:
        raise UnknownOperationException(f"Unknown operation {target}")
    return Route(service, service.model.operation_model(name))


def _path_style(request: HttpRequest) -> str:
    """The request's encoded path, with a virtual-hosted S3 bucket moved into it."""
    path = request.path
    found = _S3_VIRTUAL_HOST.match(request.host.lower())
    if found is None:
        return path
    return f"/{found.group('bucket')}{path if path != '/' else ''}"


@cache
def _patterns(service_name: str) -> tuple[_Pattern, ...]:
    """A pattern for every operation botocore's model gives `service_name`."""
    service = next(s for s in rest_services(None) if s.name == service_name)
    found = []
    for name in service.model.operation_names:
        http = service.model.operation_model(name).http
        uri, _, literal = http["requestUri"].partition("?")
        labels: list[str] = []
        regex = ""
        position = 0
        for label in _LABEL.finditer(uri):
            regex += re.escape(uri[position : label.start()])
            regex += f"(?P<g{len(labels)}>.+)" if label.group(2) else f"(?P<g{len(labels)}>[^/]+)"
            labels.append(label.group(1))
            position = label.end()
        tail = uri[position:]
        regex += re.escape(tail)
        if not uri.endswith("/") and not uri.endswith("+}"):
            regex += "/?"
        query = tuple(
            (key, value if sep else None)
            for key, sep, value in (part.partition("=") for part in literal.split("&") if part)
        )
        model = service.model.operation_model(name)
        required = model.input_shape.required_members if model.input_shape else []
        members = model.input_shape.members if model.input_shape else {}
        located = [(members[m].serialization, m) for m in required]
        found.append(
            _Pattern(
                operation=name,
                method=http["method"],
                path=re.compile(regex + r"\Z"),
                labels=tuple(labels),
                query=query,
                required_query=tuple(
                    ser.get("name", m) for ser, m in located if ser.get("location") == "querystring"
                ),
                required_headers=tuple(
                    ser.get("name", m) for ser, m in located if ser.get("location") == "header"
                ),
                literal_chars=len(_LABEL.sub("", uri)),
                deprecated=bool(model.deprecated),
            )
        )
    return tuple(found)
