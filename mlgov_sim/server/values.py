"""Scalars on the wire: timestamps, booleans, numbers and blobs, as each protocol writes them.

Defaults follow the AWS protocols (and botocore's serializers): JSON bodies
carry epoch seconds, XML bodies and query strings ISO 8601, headers the HTTP
date; a member's `timestampFormat` overrides the default.
"""

from __future__ import annotations

import base64
import calendar
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any

from botocore.model import Shape
from botocore.utils import parse_timestamp


def read_timestamp(value: Any) -> Any:
    """A timestamp in any format AWS uses (epoch number, ISO 8601, HTTP date) as an aware datetime.

    A value that is not a timestamp is returned as it is, for validation to refuse.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return value
    try:
        return parse_timestamp(value).astimezone(UTC)
    except (ValueError, TypeError, OverflowError):
        return value


def write_timestamp(value: datetime, shape: Shape, default: str) -> str | float | int:
    """`value` in the member's timestampFormat, else the location's `default`."""
    form = shape.serialization.get("timestampFormat") or default
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    if form == "unixTimestamp":
        seconds = calendar.timegm(moment.utctimetuple()) + moment.microsecond / 1_000_000
        return int(seconds) if seconds == int(seconds) else round(seconds, 3)
    if form == "rfc822":
        return formatdate(calendar.timegm(moment.utctimetuple()), usegmt=True)
    text = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"


def read_blob(value: Any) -> Any:
    """A base64 blob as bytes (a value that is not base64 text is left for validation)."""
    if not isinstance(value, str):
        return value
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        return value


def write_blob(value: bytes | bytearray | str) -> str:
    raw = value.encode() if isinstance(value, str) else bytes(value)
    return base64.b64encode(raw).decode()


def read_text_scalar(shape: Shape, text: str) -> Any:
    """A scalar written as text (a header, a query parameter, an XML element) in Python's type."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError:
        return text
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower(), text)
    if kind == "timestamp":
        return read_timestamp(text)
    if kind == "blob":
        return read_blob(text)
    return text


def write_text_scalar(shape: Shape, value: Any, timestamp_default: str) -> str:
    """A scalar as text for a header, a query parameter or an XML element."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return str(write_timestamp(value, shape, timestamp_default))
    if shape.type_name == "blob":
        return write_blob(value)
    return str(value)
