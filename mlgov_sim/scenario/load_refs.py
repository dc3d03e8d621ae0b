"""`${NAME.Path.To.Field}` references: how they are written, and what they may read.

`references(text)` is the one place that scans a string for references, so the
loader (which checks them) and the runner (which resolves them) agree on the
syntax: scanning left to right, `$${` is an escaped, literal `${` (the runner
unescapes it) and `${...}` up to the next `}` is a reference whose body is
dot-separated, non-empty segments.

The loader checks each reference against a `Scope`: the named steps that run
before it, `world.account`, `world.region`, `clock.now` and, inside an
automation, `event`. A path into a step's response is checked against the
operation's botocore output shape, so `${v2.ModelPackageArnn}` fails when the
file is loaded, not half-way through a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from botocore.model import Shape

from mlgov_sim.core.ops import Operation
from mlgov_sim.scenario.load_base import listing, suggest
from mlgov_sim.scenario.model import Pos, ScenarioError
from mlgov_sim.scenario.yamlsource import Map, Node, Scalar, Seq

__all__ = ["BUILTINS", "NamedStep", "Reference", "Scope", "check_refs", "references"]

BUILTINS = {"world": ("account", "region"), "clock": ("now",)}
EVENT = "event"
_SEGMENT = re.compile(r"^[^\s.${}]+$")
_FORM = (
    "a reference is written ${NAME.Field}, e.g. ${v2.ModelPackageArn}; write $${ for a literal ${"
)


@dataclass(frozen=True)
class Reference:
    """One `${name.path...}` found in a string; `raw` is it as written."""

    name: str
    path: tuple[str, ...]
    raw: str


def references(text: str) -> list[Reference]:
    """Every reference in `text`, in order; ValueError (worded for a learner) when one is malformed.

    >>> [r.raw for r in references("arn ${v2.ModelPackageArn} costs $${cents}")]
    ['${v2.ModelPackageArn}']
    """
    found: list[Reference] = []
    i = 0
    while i < len(text):
        if text.startswith("$${", i):
            i += 3
        elif text.startswith("${", i):
            end = text.find("}", i + 2)
            if end == -1:
                raise ValueError(f"the reference {text[i:]!r} is not closed with '}}'; {_FORM}")
            found.append(_reference(text[i : end + 1]))
            i = end + 1
        else:
            i += 1
    return found


def _reference(raw: str) -> Reference:
    body = raw[2:-1]
    if not body.strip():
        raise ValueError(f"the reference {raw} is empty; {_FORM}")
    segments = body.split(".")
    if not all(_SEGMENT.match(segment) for segment in segments):
        raise ValueError(f"the reference {raw} is malformed; {_FORM}")
    return Reference(segments[0], tuple(segments[1:]), raw)


@dataclass(frozen=True)
class NamedStep:
    """A step a later reference may read: its operation's output shape says what it returns."""

    name: str
    operation: Operation
    pos: Pos
    fails: bool  # it expects an error, so it has no response to read


@dataclass
class Scope:
    """What references may read at one point of the file: named steps so far, and `event`."""

    steps: dict[str, NamedStep] = field(default_factory=dict)
    in_automation: bool = False

    def add(self, step: NamedStep, pos: Pos) -> None:
        """Name a step for the references after it; a name is given once."""
        first = self.steps.get(step.name)
        if first is not None:
            raise ScenarioError(
                pos,
                f"the step name {step.name!r} is already used by the step at line "
                f"{first.pos.line}; step names must be unique",
            )
        self.steps[step.name] = step


def check_refs(node: Node | None, scope: Scope) -> None:
    """Check every reference in every string under `node` (keys are never references)."""
    if node is None:
        return
    if isinstance(node, Map):
        for _, value in node.pairs:
            check_refs(value, scope)
    elif isinstance(node, Seq):
        for item in node.items:
            check_refs(item, scope)
    elif isinstance(node.value, str):
        _check_string(node, scope)


def _check_string(node: Scalar, scope: Scope) -> None:
    try:
        found = references(node.value)
    except ValueError as exc:
        raise ScenarioError(node.pos, str(exc)) from None
    for ref in found:
        _check_ref(ref, node.pos, scope)


def _check_ref(ref: Reference, pos: Pos, scope: Scope) -> None:
    if ref.name in BUILTINS:
        fields = BUILTINS[ref.name]
        if len(ref.path) != 1 or ref.path[0] not in fields:
            offered = listing(f"${{{ref.name}.{f}}}" for f in fields)
            raise ScenarioError(pos, f"unknown reference {ref.raw}: {ref.name} offers {offered}")
        return
    if ref.name == EVENT:
        if not scope.in_automation:
            raise ScenarioError(
                pos,
                f"{ref.raw} reads the triggering event, which only exists in an automation's do",
            )
        return
    step = scope.steps.get(ref.name)
    if step is None:
        raise ScenarioError(pos, _unknown_name(ref, scope))
    if step.fails:
        raise ScenarioError(
            pos,
            f"{ref.raw} reads step {ref.name!r}, which expects an error and so has no response",
        )
    _check_path(ref, step, pos)


def _unknown_name(ref: Reference, scope: Scope) -> str:
    names = list(scope.steps)
    message = f"unknown reference {ref.raw}: no earlier step is named {ref.name!r}"
    message += suggest(ref.name, [*names, *BUILTINS])
    if names:
        message += f" (named steps so far: {listing(names)})"
    elif not scope.in_automation:
        message += " (no earlier step has a name; give the step you mean one with name:)"
    extra = "${event.detail...}, " if scope.in_automation else ""
    return message + f"; always there: {extra}${{world.account}}, ${{world.region}}, ${{clock.now}}"


def _check_path(ref: Reference, step: NamedStep, pos: Pos) -> None:
    """Follow the reference's path through the step's output shape."""
    shape: Shape | None = step.operation.output_shape
    op = step.operation.full_name
    if shape is None and ref.path:
        raise ScenarioError(pos, f"{ref.raw}: {op} returns nothing to read")
    walked = ref.name
    for segment in ref.path:
        assert shape is not None
        kind = shape.type_name
        if kind == "structure":
            members = list(shape.members)
            if segment not in shape.members:
                raise ScenarioError(
                    pos,
                    f"unknown field {segment!r} in {ref.raw}: {walked} ({op}) has no such field"
                    f"{suggest(segment, members)} (fields: {listing(members)})",
                )
            shape = shape.members[segment]
        elif kind == "list":
            if not segment.isdigit():
                raise ScenarioError(
                    pos, f"{ref.raw}: {walked} is a list; pick an item by its index, e.g. .0"
                )
            shape = shape.member
        elif kind == "map":
            shape = shape.value
        else:
            raise ScenarioError(
                pos, f"{ref.raw}: {walked} is a single value ({kind}); it has no field {segment!r}"
            )
        walked += f".{segment}"
