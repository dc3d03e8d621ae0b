"""Input validation against botocore's shapes, refused in AWS's own words.

Two layers, as a boto3 user meets them:

1. what botocore refuses before sending (unknown parameters, wrong types),
   worded as botocore's `ParamValidationError`;
2. what the service refuses (missing required members, enums, lengths,
   patterns, ranges), worded as AWS's `ValidationException`:
   `1 validation error detected: Value 'X' at 'modelApprovalStatus' failed to
   satisfy constraint: Member must satisfy enum value set: [...]`.

Both raise `ValidationException`. The validator also normalises: timestamps
become aware UTC datetimes, blobs become bytes.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import regex
from botocore.model import Shape

from mlgov_sim.core.clock import parse_instant
from mlgov_sim.core.errors import ValidationException

# The valid types botocore's ParamValidationError names, in its own words.
_PY_TYPES = {
    "string": "<class 'str'>",
    "integer": "<class 'int'>",
    "long": "<class 'int'>",
    "float": "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
    "double": "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
    "boolean": "<class 'bool'>",
    "timestamp": "<class 'datetime.datetime'>, timestamp-string",
    "blob": "<class 'bytes'>, <class 'bytearray'>, file-like object",
    "structure": "<class 'dict'>",
    "map": "<class 'dict'>",
    "list": "<class 'list'>, <class 'tuple'>",
}


@cache
def _pattern(text: str) -> regex.Pattern[str] | None:
    try:
        # DOTALL: botocore's catch-all `.*` (policy documents, JSON) must admit the newlines
        # of a pretty-printed document; see docs/fidelity.md.
        return regex.compile(text, regex.DOTALL)
    except regex.error:  # a Java-only construct; the constraint is not checked
        return None


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _show(value: Any) -> str:
    if value is None:  # Java's rendering, inside a map or list
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declared(shape: Shape) -> str:
    """Every constraint a string shape declares, in the order AWS lists them for map members."""
    meta = shape.metadata
    found = []
    if meta.get("enum"):
        found.append(f"Member must satisfy enum value set: [{', '.join(meta['enum'])}]")
    if meta.get("max") is not None:
        found.append(f"Member must have length less than or equal to {meta['max']}")
    if meta.get("min") is not None:
        found.append(f"Member must have length greater than or equal to {meta['min']}")
    if meta.get("pattern"):
        found.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
    return ", ".join(found)


class _Checker:
    def __init__(self) -> None:
        self.client: list[str] = []  # botocore's ParamValidationError lines
        self.server: list[str] = []  # AWS's ValidationException items

    def fail(self, value: Any, path: str, constraints: list[str]) -> None:
        shown = "null" if value is None else f"'{_show(value)}'"
        self.server.append(
            f"Value {shown} at '{path}' failed to satisfy constraint: " + "; ".join(constraints)
        )

    def type_error(self, value: Any, name: str, shape: Shape) -> None:
        self.client.append(
            f"Invalid type for parameter {name}, value: {value}, "
            f"type: {type(value)}, valid types: {_PY_TYPES[shape.type_name]}"
        )

    def check(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        kind = shape.type_name
        method = getattr(self, f"_check_{kind}", None)
        if method is None:
            return value
        return method(shape, value, path, name)

    def _check_structure(self, shape: Any, value: Any, path: str, name: str) -> Any:
        if not isinstance(value, dict):
            self.type_error(value, name, shape)
            return value
        members = shape.members
        out: dict[str, Any] = {}
        for key in value:
            if key not in members:
                where = name or "input"
                self.client.append(
                    f'Unknown parameter in {where}: "{key}", must be one of: ' + ", ".join(members)
                )
        required = shape.required_members
        for member_name, member_shape in members.items():
            child = value.get(member_name)
            if child is None and member_name not in required:
                continue  # most members are absent: no paths to spell for them
            child_path = f"{path}.{_camel(member_name)}" if path else _camel(member_name)
            if child is None:
                self.fail(None, child_path, ["Member must not be null"])
                continue
            child_name = f"{name}.{member_name}" if name else member_name
            out[member_name] = self.check(member_shape, child, child_path, child_name)
        return out

    def _check_list(self, shape: Any, value: Any, path: str, name: str) -> Any:
        if not isinstance(value, list | tuple):
            self.type_error(value, name, shape)
            return value
        self._length(shape, value, path)
        return [
            self.check(shape.member, item, f"{path}.{i + 1}.member", f"{name}[{i}]")
            for i, item in enumerate(value)
        ]

    def _check_map(self, shape: Any, value: Any, path: str, name: str) -> Any:
        if not isinstance(value, dict):
            self.type_error(value, name, shape)
            return value
        self._length(shape, value, path)
        out = {}
        bad_key = bad_value = null_value = False
        for key, item in value.items():
            if not isinstance(key, str):
                self.type_error(key, f"{name} (key: {key})", shape.key)
                continue
            bad_key = bad_key or bool(self._string_constraints(shape.key, key))
            if item is None:
                null_value = True
                continue
            if shape.value.type_name == "string" and isinstance(item, str):
                bad_value = bad_value or bool(self._string_constraints(shape.value, item))
                out[key] = item
            else:
                out[key] = self.check(shape.value, item, f"{path}.{key}", f"{name}.{key}")
        # AWS shows the whole map and every constraint of the key (value) shape, once per map:
        # "Value '{a=b}' at 'tags' failed to satisfy constraint: Map keys must satisfy
        # constraint: [Member must have length less than or equal to 128, ...]".
        if bad_key:
            self.fail(value, path, [f"Map keys must satisfy constraint: [{_declared(shape.key)}]"])
        if null_value:
            self.fail(value, path, ["Map value must satisfy constraint: [Member must not be null]"])
        if bad_value:
            self.fail(
                value, path, [f"Map value must satisfy constraint: [{_declared(shape.value)}]"]
            )
        return out

    def _length(self, shape: Shape, value: Any, path: str) -> None:
        errors = []
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and len(value) < low:
            errors.append(f"Member must have length greater than or equal to {low}")
        if high is not None and len(value) > high:
            errors.append(f"Member must have length less than or equal to {high}")
        if errors:
            self.fail(value, path, errors)

    def _string_constraints(self, shape: Shape, value: str) -> list[str]:
        errors = []
        meta = shape.metadata
        enum = meta.get("enum")
        if enum and value not in enum:
            errors.append(f"Member must satisfy enum value set: [{', '.join(enum)}]")
        if meta.get("min") is not None and len(value) < meta["min"]:
            errors.append(f"Member must have length greater than or equal to {meta['min']}")
        if meta.get("max") is not None and len(value) > meta["max"]:
            errors.append(f"Member must have length less than or equal to {meta['max']}")
        if meta.get("pattern"):
            compiled = _pattern(meta["pattern"])
            if compiled is not None and compiled.fullmatch(value) is None:
                errors.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
        return errors

    def _check_string(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        if not isinstance(value, str):
            self.type_error(value, name, shape)
            return value
        errors = self._string_constraints(shape, value)
        if errors:
            self.fail(value, path, errors)
        return value

    def _number(self, shape: Shape, value: Any, path: str, name: str, kinds: tuple) -> Any:
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.type_error(value, name, shape)
            return value
        errors = []
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and value < low:
            errors.append(f"Member must have value greater than or equal to {low}")
        if high is not None and value > high:
            errors.append(f"Member must have value less than or equal to {high}")
        if errors:
            self.fail(value, path, errors)
        return value

    def _check_integer(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        return self._number(shape, value, path, name, (int,))

    _check_long = _check_integer

    def _check_float(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        return self._number(shape, value, path, name, (int, float))

    _check_double = _check_float

    def _check_boolean(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        if not isinstance(value, bool):
            self.type_error(value, name, shape)
        return value

    def _check_timestamp(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, datetime | str | int | float):
            self.type_error(value, name, shape)
            return value
        try:
            return parse_instant(value)
        except ValueError:
            self.type_error(value, name, shape)
            return value

    def _check_blob(self, shape: Shape, value: Any, path: str, name: str) -> Any:
        if isinstance(value, str):
            return value.encode()
        if not isinstance(value, bytes | bytearray):
            self.type_error(value, name, shape)
        return value


def validate(shape: Shape | None, params: dict[str, Any] | None) -> dict[str, Any]:
    """Check `params` against `shape`; return the normalised input or raise ValidationException."""
    params = {} if params is None else params
    if shape is None:
        if params:
            raise ValidationException(
                "Parameter validation failed:\nThis operation takes no parameters, got: "
                + ", ".join(params)
            )
        return {}
    checker = _Checker()
    normalised = checker.check(shape, params, "", "")
    if checker.client:
        raise ValidationException("Parameter validation failed:\n" + "\n".join(checker.client))
    if checker.server:
        count = len(checker.server)
        noun = "error" if count == 1 else "errors"
        raise ValidationException(
            f"{count} validation {noun} detected: " + "; ".join(checker.server)
        )
    return normalised
