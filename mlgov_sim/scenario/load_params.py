"""Static checks of `with` and `expect` against the operation's botocore shapes.

Only what a typo breaks is checked here: unknown field names at any depth, the
basic kind of a plain value (text, number, true/false, list, mapping) and enum
membership. Lengths, patterns, ranges and required members stay with the
runtime validator (`mlgov_sim.core.validation`), which words them as AWS does.
A string holding `${` is a reference (or an escaped one) and is not checked:
its value is known only when the step runs.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from botocore.model import Shape

from mlgov_sim.core.clock import parse_instant
from mlgov_sim.core.ops import Operation
from mlgov_sim.scenario.load_base import describe, listing, quote_hint, suggest
from mlgov_sim.scenario.load_files import file_path
from mlgov_sim.scenario.model import ScenarioError
from mlgov_sim.scenario.yamlsource import Map, Node, Scalar, Seq

__all__ = ["MATCHERS", "check_expect", "check_input"]

MATCHERS = ("matches", "contains", "len", "absent", "gte", "lte")

_EXPECTED = {
    "structure": "a mapping",
    "map": "a mapping",
    "list": "a list",
    "string": "text",
    "blob": "text",
    "integer": "a whole number",
    "long": "a whole number",
    "float": "a number",
    "double": "a number",
    "boolean": "true or false",
    "timestamp": "a timestamp (e.g. 2025-03-01T09:00:00Z)",
}
_SCALAR_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "blob": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "boolean": (bool,),
    "timestamp": (datetime, str, int, float),
}


def is_dynamic(node: Node) -> bool:
    """A string with `${` in it: a reference, whose value is only known at run time."""
    return isinstance(node, Scalar) and isinstance(node.value, str) and "${" in node.value


def _join(path: str, member: Any) -> str:
    return f"{path}.{member}" if path else str(member)


def _unknown_member(key: Scalar, shape: Shape, where: str) -> ScenarioError:
    members = list(shape.members)
    return ScenarioError(
        key.pos,
        f"unknown field {key.text!r} in {where}{suggest(key.value, members)} "
        f"(fields of {shape.name}: {listing(members)})",
    )


def _enum_error(node: Scalar, shape: Shape, what: str) -> ScenarioError | None:
    enum = shape.metadata.get("enum")
    if not enum or not isinstance(node.value, str) or node.value in enum:
        return None
    return ScenarioError(
        node.pos,
        f"{what} must be one of: {listing(enum)}; got {node.value!r}{suggest(node.value, enum)}",
    )


def check_input(params: Map, op: Operation) -> None:
    """Check the `with` mapping of a step calling `op` against its input shape."""
    if op.input_shape is None:
        if params.pairs:
            raise ScenarioError(params.pos, f"{op.full_name} takes no input; remove 'with'")
        return
    _InputChecker(op.full_name).check(op.input_shape, params, "")


class _InputChecker:
    """Walks a `with` value and its shape together, refusing the first misfit."""

    def __init__(self, op: str) -> None:
        self.op = op

    def where(self, path: str) -> str:
        return f"{path} in the input of {self.op}" if path else f"the input of {self.op}"

    def check(self, shape: Shape, node: Node, path: str) -> None:
        if is_dynamic(node):
            return
        kind = shape.type_name
        if kind == "structure" and isinstance(node, Map):
            self.structure(shape, node, path)
        elif kind == "list" and isinstance(node, Seq):
            for i, item in enumerate(node.items):
                self.check(shape.member, item, f"{path}[{i}]")
        elif kind == "map" and isinstance(node, Map):
            self.map(shape, node, path)
        elif isinstance(node, Scalar) and isinstance(node.value, _SCALAR_TYPES.get(kind, ())):
            self.scalar(shape, node, path)
        elif kind == "blob" and isinstance(node, Map):
            file_path(node, self.where(path))  # {file: PATH}: the bytes of a file (load_files)
        elif kind in _EXPECTED:
            raise self.type_error(shape, node, path)

    def structure(self, shape: Shape, node: Map, path: str) -> None:
        for key, value in node.pairs:
            if key.value not in shape.members:
                raise _unknown_member(key, shape, self.where(path))
            self.check(shape.members[key.value], value, _join(path, key.value))

    def map(self, shape: Shape, node: Map, path: str) -> None:
        for key, value in node.pairs:
            if not isinstance(key.value, str):
                raise ScenarioError(
                    key.pos, f"the keys of {self.where(path)} must be text{quote_hint(key)}"
                )
            self.check(shape.value, value, _join(path, key.value))

    def scalar(self, shape: Shape, node: Scalar, path: str) -> None:
        if isinstance(node.value, bool) and shape.type_name != "boolean":
            raise self.type_error(shape, node, path)
        if shape.type_name == "timestamp" and not _is_instant(node.value):
            raise self.type_error(shape, node, path)
        error = _enum_error(node, shape, self.where(path))
        if error is not None:
            raise error

    def type_error(self, shape: Shape, node: Node, path: str) -> ScenarioError:
        kind = shape.type_name
        hint = quote_hint(node) if kind in ("string", "blob") else ""
        quoted = isinstance(node, Scalar) and node.style in ("'", '"')
        if quoted and kind in _SCALAR_TYPES and kind not in ("string", "blob"):
            hint = "; remove the quotes"
        return ScenarioError(
            node.pos, f"{self.where(path)} must be {_EXPECTED[kind]}, got {describe(node)}{hint}"
        )


def check_expect(expect: Node, op: Operation) -> None:
    """Check an `expect` value against `op`'s output shape: field names, enums and matchers."""
    shape = op.output_shape
    if shape is None:
        raise ScenarioError(
            expect.pos, f"{op.full_name} returns nothing, so there is nothing to expect"
        )
    if not isinstance(expect, Map):
        raise ScenarioError(
            expect.pos,
            f"'expect' must be a mapping of response fields, got {describe(expect)}",
        )
    _ExpectChecker(op.full_name).check(shape, expect, "")


class _ExpectChecker:
    """Walks an `expect` value and the output shape together; `None` shape means unknown."""

    def __init__(self, op: str) -> None:
        self.op = op

    def where(self, path: str) -> str:
        return f"{path} in the response of {self.op}" if path else f"the response of {self.op}"

    def check(self, shape: Shape | None, node: Node, path: str) -> None:
        if is_dynamic(node):
            return
        if isinstance(node, Map) and _matcher_key(node) is not None:
            self.matcher(shape, node, path)
            return
        kind = shape.type_name if shape is not None else None
        if isinstance(node, Map):
            self.mapping(shape, node, path)
        elif isinstance(node, Seq):
            if kind not in (None, "list"):
                raise self.kind_error(shape, node, path)
            member = shape.member if shape is not None else None
            for i, item in enumerate(node.items):
                self.check(member, item, f"{path}[{i}]")
        elif kind in ("structure", "list", "map"):
            raise self.kind_error(shape, node, path)
        elif shape is not None:
            error = _enum_error(node, shape, self.where(path))
            if error is not None:
                raise error

    def mapping(self, shape: Shape | None, node: Map, path: str) -> None:
        kind = shape.type_name if shape is not None else None
        if kind not in (None, "structure", "map"):
            raise self.kind_error(shape, node, path)
        for key, value in node.pairs:
            if key.value in MATCHERS:
                raise ScenarioError(
                    key.pos,
                    f"the matcher {key.text!r} must be alone in its mapping, e.g. "
                    "{matches: '^model'}",
                )
            child: Shape | None = None
            if shape is not None and kind == "structure":
                if key.value not in shape.members:
                    raise _unknown_member(key, shape, self.where(path))
                child = shape.members[key.value]
            elif shape is not None:
                child = shape.value
            self.check(child, value, _join(path, key.value))

    def matcher(self, shape: Shape | None, node: Map, path: str) -> None:
        key, value = node.pairs[0]
        name = key.value
        if name == "contains":
            self.contains(shape, key, value, path)
            return
        if is_dynamic(value):
            return
        problem = _matcher_problem(name, value)
        if problem:
            raise ScenarioError(value.pos, f"{name}: {problem}")

    def contains(self, shape: Shape | None, key: Scalar, item: Node, path: str) -> None:
        """`contains` finds an item in a list, or a piece of text in a string."""
        kind = shape.type_name if shape is not None else None
        if kind == "string":
            if not isinstance(item, Scalar) or not isinstance(item.value, str):
                raise ScenarioError(
                    item.pos, f"'contains' on text needs text, got {describe(item)}"
                )
            return
        if kind not in (None, "list"):
            raise ScenarioError(
                key.pos, f"'contains' needs a list or text, but {self.where(path)} is neither"
            )
        self.check(shape.member if shape is not None else None, item, path + "[]")

    def kind_error(self, shape: Shape | None, node: Node, path: str) -> ScenarioError:
        assert shape is not None
        if isinstance(node, Map):
            for key, _ in node.pairs:
                if key.value in MATCHERS:
                    return ScenarioError(
                        key.pos,
                        f"the matcher {key.text!r} must be alone in its mapping, e.g. {{len: 2}}",
                    )
        expected = _EXPECTED.get(shape.type_name, shape.type_name)
        return ScenarioError(
            node.pos, f"{self.where(path)} is {expected}, so it cannot match {describe(node)}"
        )


def _matcher_key(node: Map) -> str | None:
    """The matcher's name when `node` is a one-key matcher mapping such as `{len: 2}`."""
    if len(node.pairs) == 1 and node.pairs[0][0].value in MATCHERS:
        return node.pairs[0][0].value
    return None


def _matcher_problem(name: str, value: Node) -> str | None:
    """What is wrong with a matcher's argument, or None."""
    plain = value.value if isinstance(value, Scalar) else None
    got = f", got {describe(value)}"
    if name == "matches":
        if not isinstance(plain, str):
            return "expected a regular expression as text" + got
        try:
            re.compile(plain)
        except re.error as exc:
            return f"{plain!r} is not a valid regular expression ({exc})"
        return None
    if name == "len":
        ok = isinstance(plain, int) and not isinstance(plain, bool) and plain >= 0
        return None if ok else "expected a whole number, 0 or more" + got
    if name == "absent":
        ok = isinstance(plain, bool)
        return None if ok else "expected true (must be absent) or false (must be present)" + got
    ok = isinstance(plain, int | float) and not isinstance(plain, bool)
    return None if ok else "expected a number" + got


def _is_instant(value: Any) -> bool:
    """A number (epoch seconds), a datetime, or text that reads as a timestamp."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | datetime):
        return True
    try:
        parse_instant(value)
    except (ValueError, TypeError):
        return False
    return True
