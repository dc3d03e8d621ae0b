"""Responses in exactly botocore's output shape, and their plain-JSON form.

`conform` drops empty members and refuses any key the output shape lacks, so a
handler cannot invent a field that boto3 would never return.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from botocore.model import Shape

from mlgov_sim.core.clock import format_instant
from mlgov_sim.core.errors import InternalFailure

_SCALARS = frozenset(
    ("string", "integer", "long", "float", "double", "boolean", "timestamp", "blob")
)


class _Misfit(Exception):
    """A value that does not fit its shape; `where` is filled in on the way out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where: list[str] = []  # innermost first: ".Key", "[3]"


def conform(shape: Shape | None, value: Any, path: str = "") -> Any:
    """`value` checked against `shape`, with None members dropped."""
    if shape is None:
        if value:
            raise InternalFailure(f"operation returned {value!r} but has no output shape")
        return {}
    try:
        return _conform(shape, value)
    except _Misfit as misfit:
        where = path + "".join(reversed(misfit.where))
        raise InternalFailure(f"{where.lstrip('.') or 'response'}: {misfit.reason}") from None


def _conform(shape: Shape, value: Any) -> Any:
    """`conform` without paths: the response is walked once, and a path spelt only on error."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise _Misfit(f"expected a structure, got {value!r}")
        members = shape.members
        out = {}
        for key, item in value.items():
            member = members.get(key)
            if member is None:
                raise _Misfit(f"{key!r} is not in {shape.name}")
            if item is None:
                continue
            if member.type_name in _SCALARS:
                out[key] = item
                continue
            try:
                out[key] = _conform(member, item)
            except _Misfit as misfit:
                misfit.where.append(f".{key}")
                raise
        return out
    if kind == "list":
        member = shape.member
        if member.type_name in _SCALARS:
            return list(value)
        items = []
        for i, item in enumerate(value):
            try:
                items.append(_conform(member, item))
            except _Misfit as misfit:
                misfit.where.append(f"[{i}]")
                raise
        return items
    if kind == "map":
        entry = shape.value
        if entry.type_name in _SCALARS:
            return dict(value)
        mapped = {}
        for k, v in value.items():
            try:
                mapped[k] = _conform(entry, v)
            except _Misfit as misfit:
                misfit.where.append(f".{k}")
                raise
        return mapped
    return value


def missing_required(shape: Shape | None, value: Any, path: str = "") -> list[str]:
    """Paths of required output members absent from `value` (used by the tests)."""
    if shape is None or not isinstance(value, dict) or shape.type_name != "structure":
        return []
    found = [f"{path}{name}" for name in shape.required_members if name not in value]
    for key, item in value.items():
        member = shape.members.get(key)
        if member is None:
            continue
        if member.type_name == "structure":
            found += missing_required(member, item, f"{path}{key}.")
        elif member.type_name == "list" and member.member.type_name == "structure":
            for i, entry in enumerate(item):
                found += missing_required(member.member, entry, f"{path}{key}[{i}].")
    return found


_PLAIN = frozenset((str, int, float, bool, type(None)))


def to_jsonable(value: Any) -> Any:
    """A response with timestamps as ISO 8601 text and blobs as base64, ready for JSON."""
    if type(value) in _PLAIN:  # most leaves: skip the checks below
        return value
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    return value
