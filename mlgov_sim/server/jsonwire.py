"""JSON bodies to and from botocore's shapes: the only values JSON cannot carry as they are.

Requests: timestamps (epoch seconds, or text) become datetimes and base64
blobs become bytes, as a boto3 user would have passed them. Responses:
datetimes become epoch seconds and bytes base64. Everything else passes
through untouched, for `World.call` to validate as it validates any caller.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from botocore.model import Shape

from mlgov_sim.server.values import read_blob, read_timestamp, write_blob, write_timestamp

_SPECIAL = frozenset(("timestamp", "blob"))
# Shapes are hashable by identity, and botocore's cached models hand out the same objects.
_holds_special: dict[Shape, bool] = {}


def holds_special(shape: Shape | None) -> bool:
    """Whether a timestamp or a blob can occur anywhere inside `shape` (cached per shape)."""
    if shape is None:
        return False
    found = _holds_special.get(shape)
    if found is None:
        found = _holds_special[shape] = _search(shape, set())
    return found


def _search(shape: Shape, seen: set[str]) -> bool:
    if shape.type_name in _SPECIAL:
        return True
    if shape.name in seen:
        return False
    seen.add(shape.name)
    if shape.type_name == "structure":
        return any(_search(member, seen) for member in shape.members.values())
    if shape.type_name == "list":
        return _search(shape.member, seen)
    if shape.type_name == "map":
        return _search(shape.key, seen) or _search(shape.value, seen)
    return False


def from_json(shape: Shape | None, value: Any) -> Any:
    """A decoded JSON request value in the types `World.call` takes."""
    if shape is None or not holds_special(shape):
        return value
    kind = shape.type_name
    if kind == "timestamp":
        return read_timestamp(value)
    if kind == "blob":
        return read_blob(value)
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {key: from_json(members.get(key), item) for key, item in value.items()}
    if kind == "list" and isinstance(value, list):
        return [from_json(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: from_json(shape.value, item) for key, item in value.items()}
    return value


def to_json(shape: Shape | None, value: Any) -> Any:
    """A response value ready for `json.dumps`, timestamps and blobs as the shape says."""
    if shape is None or not holds_special(shape):
        return value
    kind = shape.type_name
    if kind == "timestamp" and isinstance(value, datetime):
        return write_timestamp(value, shape, "unixTimestamp")
    if kind == "blob" and isinstance(value, bytes | bytearray | str):
        return write_blob(value)
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {key: to_json(members.get(key), item) for key, item in value.items()}
    if kind == "list" and isinstance(value, list | tuple):
        return [to_json(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: to_json(shape.value, item) for key, item in value.items()}
    return value


def dump(value: Any) -> bytes:
    """Compact JSON bytes."""
    return json.dumps(value, separators=(",", ":")).encode()
