"""`expect`: does a response match what the scenario expects?

A scalar must be equal (timestamps compare as instants); a mapping matches
when each of its keys matches; a list matches item by item with the same
length. One-key mappings with a lower-case matcher name are matchers:
`matches`, `contains`, `len`, `absent`, `gte`, `lte`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mlgov_sim.core.clock import format_instant, parse_instant

MATCHERS = ("matches", "contains", "len", "absent", "gte", "lte")
_MISSING = object()


@dataclass(frozen=True)
class Mismatch:
    """Where a response differs from the expectation, with both values."""

    path: str
    expected: Any
    actual: Any
    reason: str = ""

    def describe(self) -> str:
        where = self.path or "response"
        actual = "(absent)" if self.actual is _MISSING else _show(self.actual)
        why = f" ({self.reason})" if self.reason else ""
        return f"{where}: expected {_show(self.expected)}, got {actual}{why}"


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value)


def is_matcher(value: Any) -> bool:
    """Whether `value` is a matcher (`{matches: ...}`) rather than a literal mapping."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in MATCHERS


def mismatches(expected: Any, actual: Any, path: str = "") -> list[Mismatch]:
    """Every place where `actual` fails `expected` (empty when it matches)."""
    if is_matcher(expected):
        return _matcher(expected, actual, path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Mismatch(path, expected, actual, "not a mapping")]
        found: list[Mismatch] = []
        for key, want in expected.items():
            child = f"{path}.{key}" if path else str(key)
            if is_matcher(want) and "absent" in want:
                found += _absent(want["absent"], key in actual, child, actual.get(key, _MISSING))
            elif key not in actual:
                found.append(Mismatch(child, want, _MISSING))
            else:
                found += mismatches(want, actual[key], child)
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [Mismatch(path, expected, actual, "not a list")]
        if len(expected) != len(actual):
            return [Mismatch(path, expected, actual, f"{len(actual)} items, not {len(expected)}")]
        found = []
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found += mismatches(want, got, f"{path}.{index}" if path else str(index))
        return found
    return [] if scalars_equal(expected, actual) else [Mismatch(path, expected, actual)]


def scalars_equal(expected: Any, actual: Any) -> bool:
    """Equality, with timestamps compared as instants and booleans never equal to numbers."""
    if isinstance(actual, bytes | bytearray) and isinstance(expected, str):
        return bytes(actual) == expected.encode()  # an S3 body against the text written
    if isinstance(actual, datetime) or isinstance(expected, datetime):
        try:
            return parse_instant(expected) == parse_instant(actual)
        except (ValueError, TypeError):
            return False
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    return bool(expected == actual)


def _absent(want: Any, present: bool, path: str, actual: Any) -> list[Mismatch]:
    if bool(want) == (not present):
        return []
    reason = "should be absent" if want else "should be present"
    return [Mismatch(path, {"absent": want}, actual, reason)]


def _matcher(expected: dict[str, Any], actual: Any, path: str) -> list[Mismatch]:
    kind, arg = next(iter(expected.items()))
    if kind == "absent":
        return _absent(arg, actual is not _MISSING, path, actual)
    if kind == "matches":
        if isinstance(actual, bytes | bytearray):  # an S3 body: matched as its text
            actual = bytes(actual).decode("utf-8", "replace")
        text = format_instant(actual) if isinstance(actual, datetime) else str(actual)
        ok = isinstance(actual, str | int | float | datetime) and re.search(str(arg), text)
        return [] if ok else [Mismatch(path, expected, actual, "pattern not found")]
    if kind == "contains":
        if isinstance(actual, list):
            ok = any(not mismatches(arg, item) for item in actual)
        elif isinstance(actual, str):
            ok = isinstance(arg, str) and arg in actual
        else:
            ok = False
        return [] if ok else [Mismatch(path, expected, actual, "no such item")]
    if kind == "len":
        ok = isinstance(actual, list | dict | str) and len(actual) == arg
        size = len(actual) if isinstance(actual, list | dict | str) else "no length"
        return [] if ok else [Mismatch(path, expected, actual, f"length is {size}")]
    if not isinstance(actual, int | float) or isinstance(actual, bool):
        return [Mismatch(path, expected, actual, "not a number")]
    ok = actual >= arg if kind == "gte" else actual <= arg
    return [] if ok else [Mismatch(path, expected, actual)]
