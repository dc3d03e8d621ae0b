"""Steps: action, time, narration, task and question steps, told apart by their leading key.

A step's kind is the one of `do`, `advance`, `task` or `ask` it holds (a step
with `say` alone is narration). Where a step stands limits its kind: a task's
goal holds read-only action steps, its solution no task or question, an
automation's `do` only action steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from mlgov_sim.core.clock import parse_duration
from mlgov_sim.core.errors import ServiceError, UnknownOperationException
from mlgov_sim.core.ops import Operation, find_operation
from mlgov_sim.scenario.load_base import (
    check_keys,
    describe,
    expect_map,
    expect_seq,
    expect_text,
    listing,
    optional_text,
    require,
    suggest,
)
from mlgov_sim.scenario.load_files import inline_files
from mlgov_sim.scenario.load_params import check_expect, check_input
from mlgov_sim.scenario.load_refs import BUILTINS, EVENT, NamedStep, Scope, check_refs
from mlgov_sim.scenario.model import (
    ActionStep,
    AdvanceStep,
    AskStep,
    ExpectError,
    SayStep,
    ScenarioError,
    Step,
    TaskStep,
)
from mlgov_sim.scenario.yamlsource import Map, Node, Scalar, to_python

__all__ = ["AUTOMATION", "GOAL", "SOLUTION", "STEPS", "Place", "StepContext", "load_steps"]

ADMIN = "admin"
ACTION_KEYS = ("name", "say", "as", "do", "with", "expect", "expect_error")
ADVANCE_KEYS = ("advance", "say")
SAY_KEYS = ("say",)
TASK_KEYS = ("task", "hint", "goal", "solution")
ASK_KEYS = ("ask", "choices", "answer", "explain")
EXPECT_ERROR_KEYS = ("code", "message_contains")
KEYS_BY_KIND = {
    "do": ACTION_KEYS,
    "advance": ADVANCE_KEYS,
    "say": SAY_KEYS,
    "task": TASK_KEYS,
    "ask": ASK_KEYS,
}
KIND_NAMES = {
    "do": "an action step (do)",
    "advance": "a time step (advance)",
    "say": "a narration step (say)",
    "task": "a task step",
    "ask": "a question step (ask)",
}
_LEADING = ("do", "advance", "task", "ask")
_STEP_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_VALIDATION = "ValidationException"


@dataclass(frozen=True)
class Place:
    """Where a list of steps stands, and so which kinds of step it may hold."""

    what: str
    kinds: tuple[str, ...]
    why: str = ""


STEPS = Place("'steps'", ("do", "advance", "say", "task", "ask"))
SOLUTION = Place(
    "a task's solution",
    ("do", "advance", "say"),
    "a solution is what `run` plays in the learner's place: action, advance and say steps",
)
GOAL = Place("a task's goal", ("do",), "goal steps are action steps that read the world")
AUTOMATION = Place("an automation's do", ("do",), "an automation runs action steps")


@dataclass
class StepContext:
    """What steps are checked against: the declared principals and the references in scope."""

    principals: frozenset[str]
    scope: Scope = field(default_factory=Scope)
    automation_principal: str | None = None  # set inside an automation's do


def load_steps(node: Node, ctx: StepContext, place: Place) -> list[Step]:
    """A non-empty list of steps of the kinds `place` allows, in file order."""
    items = expect_seq(node, place.what, non_empty=True).items
    return [load_step(item, ctx, place) for item in items]


def load_step(node: Node, ctx: StepContext, place: Place) -> Step:
    """One step, by its leading key."""
    step = expect_map(node, f"each step of {place.what}")
    kind = step_kind(step, place)
    if kind not in place.kinds:
        raise ScenarioError(step.pos, f"{place.what} cannot hold {KIND_NAMES[kind]}: {place.why}")
    if kind == "do":
        return load_action(step, ctx, read_only=place is GOAL)
    if kind == "advance":
        return load_advance(step)
    if kind == "say":
        return load_say(step)
    if kind == "task":
        return load_task(step, ctx)
    return load_ask(step)


def step_kind(step: Map, place: Place) -> str:
    """`do`, `advance`, `task`, `ask`, or `say` for narration; an error when none or several."""
    leading = [key for key in step if key in _LEADING]
    if len(leading) > 1:
        raise ScenarioError(
            step.key_node(leading[1]).pos,
            f"a step is one kind of step, but this one has both {leading[0]!r} and "
            f"{leading[1]!r}; split it into two steps",
        )
    if leading:
        return leading[0]
    if not step.pairs:
        raise ScenarioError(step.pos, "empty step: a step needs do, advance, say, task or ask")
    allowed = list(dict.fromkeys(k for kind in place.kinds for k in KEYS_BY_KIND[kind]))
    check_keys(step, allowed, "a step")
    stray = [key for key, _ in step.pairs if key.value != "say"]
    if not stray:
        return "say"
    owner = next(kind for kind, keys in KEYS_BY_KIND.items() if stray[0].value in keys)
    raise ScenarioError(
        stray[0].pos,
        f"{stray[0].text!r} belongs to {KIND_NAMES[owner]}, but this step has no {owner!r} "
        "(say alone is narration)",
    )


def load_action(step: Map, ctx: StepContext, *, read_only: bool = False) -> ActionStep:
    """An action step: checked operation, principal, input, expectation and references."""
    check_keys(step, ACTION_KEYS, "an action step")
    if "expect" in step and "expect_error" in step:
        raise ScenarioError(
            step.key_node("expect_error").pos,
            "a step has expect (the call succeeds and its response matches) or expect_error "
            "(the call is refused), not both",
        )
    name_node = step.get("name")
    name = _step_name(name_node) if name_node is not None else None
    op = _operation(require(step, "do", "an action step"), read_only=read_only)
    principal = _principal(step, ctx)
    expect_error = _expect_error(step.get("expect_error"))
    params = _params(step.get("with"), op, expect_error)
    expect = step.get("expect")
    if expect is not None:
        check_expect(expect, op)
    check_refs(step.get("with"), ctx.scope)
    check_refs(expect, ctx.scope)
    if name is not None and name_node is not None:
        ctx.scope.add(NamedStep(name, op, step.pos, expect_error is not None), name_node.pos)
    return ActionStep(
        operation=op.full_name,
        params=params,
        pos=step.pos,
        name=name,
        say=optional_text(step, "say", "'say'"),
        principal=principal,
        expect=to_python(expect),
        expect_error=expect_error,
    )


def _step_name(node: Node) -> str:
    name = expect_text(node, "a step's 'name'")
    if not _STEP_NAME.match(name):
        raise ScenarioError(
            node.pos,
            f"the step name {name!r} may only use letters, digits, '_' and '-', "
            f"because references read it as ${{{name}.Field}}",
        )
    if name in BUILTINS or name == EVENT:
        raise ScenarioError(
            node.pos,
            f"{name!r} cannot name a step: ${{{name}...}} is reserved for "
            + ("the triggering event" if name == EVENT else f"the {name}"),
        )
    return name


def _operation(node: Node, *, read_only: bool) -> Operation:
    """The operation `do` names; in a goal it must only read."""
    name = expect_text(node, "'do'")
    try:
        op = find_operation(name.strip())
    except UnknownOperationException as exc:
        raise ScenarioError(node.pos, exc.message) from None
    if read_only and not op.read_only:
        raise ScenarioError(
            node.pos,
            f"goal steps may only read, but {op.full_name} changes the world; make the change "
            "in the solution and check its effect here with a Describe, List or Get operation",
        )
    return op


def _principal(step: Map, ctx: StepContext) -> str:
    node = step.get("as")
    if ctx.automation_principal is not None:
        if node is not None:
            raise ScenarioError(
                step.key_node("as").pos,
                "the steps of an automation run as the automation's principal; "
                "set 'as' on the automation instead",
            )
        return ctx.automation_principal
    return ADMIN if node is None else check_principal(node, ctx.principals)


def check_principal(node: Node, principals: frozenset[str]) -> str:
    """The name in an `as:`; it must be declared under world.principals or be `admin`."""
    name = expect_text(node, "'as'")
    if name == ADMIN or name in principals:
        return name
    declared = f"declared: {listing(sorted(principals))}; " if principals else ""
    raise ScenarioError(
        node.pos,
        f"unknown principal {name!r}{suggest(name, [*principals, ADMIN])} "
        f"({declared}declare principals under world.principals; 'admin' always exists)",
    )


def error_codes() -> list[str]:
    """Every AWS error code a simulated service can raise."""
    codes: set[str] = set()
    pending = [ServiceError]
    while pending:
        cls = pending.pop()
        codes.add(cls.code)
        pending.extend(cls.__subclasses__())
    return sorted(codes)


def _expect_error(node: Node | None) -> ExpectError | None:
    if node is None:
        return None
    spec = expect_map(node, "'expect_error'")
    check_keys(spec, EXPECT_ERROR_KEYS, "'expect_error'")
    code_node = require(spec, "code", "'expect_error'")
    code = expect_text(code_node, "the error 'code'")
    codes = error_codes()
    if code not in codes:
        raise ScenarioError(
            code_node.pos,
            f"unknown error code {code!r}{suggest(code, codes)} (codes: {listing(codes)})",
        )
    contains = optional_text(spec, "message_contains", "'message_contains'")
    return ExpectError(code=code, message_contains=contains, pos=spec.pos)


def _params(node: Node | None, op: Operation, expect_error: ExpectError | None) -> dict:
    """The `with` input as plain values, checked against the input shape.

    A step expecting ValidationException exists to show bad input being
    refused, so its input is left for the runtime validator to judge.
    A blob given as `{file: PATH}` becomes the file's bytes (load_files).
    """
    if node is None:
        return {}
    params = expect_map(node, "'with'")
    if expect_error is None or expect_error.code != _VALIDATION:
        check_input(params, op)
    return inline_files(params, op.input_shape, to_python(params))


def load_advance(step: Map) -> AdvanceStep:
    """A time step: a positive duration such as 2h, 1h30m or PT2H."""
    check_keys(step, ADVANCE_KEYS, "a time step")
    node = require(step, "advance", "a time step")
    duration = _duration(node)
    text = node.text if isinstance(node, Scalar) else ""
    return AdvanceStep(duration, text, step.pos, say=optional_text(step, "say", "'say'"))


def _duration(node: Node) -> timedelta:
    forms = "90s, 15m, 2h, 1d, 1h30m or an ISO 8601 duration such as PT2H"
    if not isinstance(node, Scalar) or not isinstance(node.value, str):
        hint = "; give it a unit" if isinstance(node, Scalar) and node.text.isdigit() else ""
        raise ScenarioError(
            node.pos, f"'advance' must be a duration such as {forms}, got {describe(node)}{hint}"
        )
    try:
        duration = parse_duration(node.value)
    except ValueError:
        raise ScenarioError(
            node.pos, f"{node.value!r} is not a duration; write it as {forms}"
        ) from None
    if duration <= timedelta(0):
        raise ScenarioError(node.pos, "'advance' must move the clock forward, by more than 0s")
    return duration


def load_say(step: Map) -> SayStep:
    """A narration step."""
    return SayStep(expect_text(require(step, "say", "a narration step"), "'say'"), step.pos)


def load_task(step: Map, ctx: StepContext) -> TaskStep:
    """A drill; goal and solution are read in file order, so names defined in one count later."""
    check_keys(step, TASK_KEYS, "a task step")
    text = expect_text(require(step, "task", "a task step"), "'task'")
    require(step, "goal", "a task step (the read-only checks that say it is done)")
    require(step, "solution", "a task step (the steps `run` plays in the learner's place)")
    goal: list[ActionStep] = []
    solution: list[Step] = []
    for key, node in step.pairs:
        if key.value == "goal":
            goal = [s for s in load_steps(node, ctx, GOAL) if isinstance(s, ActionStep)]
        elif key.value == "solution":
            solution = load_steps(node, ctx, SOLUTION)
    return TaskStep(
        task=text,
        goal=goal,
        solution=[s for s in solution if isinstance(s, ActionStep | AdvanceStep | SayStep)],
        pos=step.pos,
        hint=optional_text(step, "hint", "'hint'"),
    )


def load_ask(step: Map) -> AskStep:
    """A question: the answer must be one of the choices."""
    check_keys(step, ASK_KEYS, "a question step")
    question = expect_text(require(step, "ask", "a question step"), "'ask'")
    choices_node = expect_seq(
        require(step, "choices", "a question step"), "'choices'", non_empty=True
    )
    choices: list[str] = []
    for item in choices_node.items:
        choice = _choice_text(item, "each choice")
        if choice in choices:
            raise ScenarioError(item.pos, f"the choice {choice!r} is listed twice")
        choices.append(choice)
    answer_node = require(step, "answer", "a question step")
    answer = _choice_text(answer_node, "'answer'")
    if answer not in choices:
        raise ScenarioError(
            answer_node.pos,
            f"the answer {answer!r} is not one of the choices{suggest(answer, choices)} "
            f"(choices: {listing(choices)})",
        )
    return AskStep(question, choices, answer, step.pos, optional_text(step, "explain", "'explain'"))


def _choice_text(node: Node, what: str) -> str:
    """A choice as the learner wrote it: `2` or `true` count as the text they look like."""
    if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, str):
        return node.text
    return expect_text(node, what)
