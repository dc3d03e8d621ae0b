"""The HTTP request and response the endpoint works on, whatever carried them.

The socket server and the in-process mock both turn what they received into
an `HttpRequest` and send back an `HttpResponse`, so everything between (SigV4,
routing, parsing, the call, serialisation) is the same code for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl


class Headers:
    """Case-insensitive HTTP headers that keep repeated names (SigV4 signs every value)."""

    def __init__(self, pairs: list[tuple[str, str]] | None = None) -> None:
        self._pairs: list[tuple[str, str]] = []
        self._first: dict[str, str] = {}
        for name, value in pairs or []:
            self.add(name, value)

    def add(self, name: str, value: str) -> None:
        self._pairs.append((name, value))
        self._first.setdefault(name.lower(), value)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._first.get(name.lower(), default)

    def get_all(self, name: str) -> list[str]:
        lowered = name.lower()
        return [value for key, value in self._pairs if key.lower() == lowered]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def items(self) -> list[tuple[str, str]]:
        return list(self._pairs)


@dataclass
class HttpRequest:
    """One request as received: `target` is the path and query exactly as sent (still encoded)."""

    method: str
    target: str
    headers: Headers
    body: bytes = b""

    @property
    def path(self) -> str:
        """The encoded path, without the query."""
        return self.target.partition("?")[0] or "/"

    @property
    def query_string(self) -> str:
        """The encoded query, without the `?`."""
        return self.target.partition("?")[2]

    def query(self) -> list[tuple[str, str]]:
        """The query's decoded (name, value) pairs, in order; `?acl` gives ("acl", "")."""
        return parse_qsl(self.query_string, keep_blank_values=True)

    @property
    def host(self) -> str:
        return self.headers.get("host") or ""


@dataclass
class HttpResponse:
    """What goes back: a status, headers and the body's bytes."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
