"""One line typed at a drill's prompt, read into a command.

The prompt takes what a learner would type on AWS (the AWS CLI form, see
`awscli`), a scenario step on one line of YAML (`{do: UpdateModelPackage,
with: {...}}`), and the drill's own words: `as NAME`, `advance 1h`,
`show ...`, `help`, `hint`, `solution`, `skip`, `quit`. `${name.Field}`
references are resolved here, against the responses the drill has seen.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mlgov_sim.core import templates as refs
from mlgov_sim.core.clock import format_instant, parse_duration
from mlgov_sim.core.errors import UnknownOperationException
from mlgov_sim.core.ops import find_operation
from mlgov_sim.scenario.awscli import CliError, is_cli_line, parse_cli, split
from mlgov_sim.scenario.model import ScenarioError
from mlgov_sim.scenario.yamlsource import Map, parse_yaml, to_python

__all__ = [
    "WORDS",
    "Advance",
    "Call",
    "CommandError",
    "Enter",
    "Show",
    "Switch",
    "Word",
    "parse_command",
]

# The drill's own one-word commands.
WORDS = ("help", "hint", "solution", "skip", "quit")
VIEWS = ("registry", "version", "audit", "events", "endpoints")
_ALIASES = {"exit": "quit", "?": "help", "q": "quit"}
_YAML_KEYS = ("do", "with", "as", "name")
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


class CommandError(Exception):
    """The line is not a command; the message says what was expected."""


@dataclass(frozen=True)
class Enter:
    """An empty line: go on."""


@dataclass(frozen=True)
class Word:
    """`help`, `hint`, `solution`, `skip` or `quit`; `arg` is what follows (`help advance`)."""

    word: str
    arg: str = ""


@dataclass(frozen=True)
class Switch:
    """`as NAME`: act as NAME from now on."""

    principal: str


@dataclass(frozen=True)
class Advance:
    """`advance 1h`: move the simulated clock."""

    duration: timedelta
    text: str


@dataclass(frozen=True)
class Show:
    """`show registry|version ARN|audit|events|endpoints`: look, without calling anything."""

    view: str
    arg: str = ""


@dataclass(frozen=True)
class Call:
    """One operation to call, from the AWS CLI form or a line of YAML."""

    operation: str
    params: dict[str, Any]
    principal: str | None = None  # None: whoever the learner acts as
    name: str | None = None  # the YAML form's `name:`, for later references
    help: bool = False  # `sagemaker OPERATION help`


Command = Enter | Word | Switch | Advance | Show | Call


def parse_command(line: str, scope: dict[str, Any]) -> Command:
    """What `line` asks for; CommandError (worded for a learner) when it asks for nothing known."""
    text = line.strip()
    if not text:
        return Enter()
    if text.startswith("{"):
        return _yaml_call(text, scope)
    words = text.split(maxsplit=1)
    head = _ALIASES.get(words[0].lower(), words[0].lower())
    rest = words[1].strip() if len(words) > 1 else ""
    if head in WORDS:
        return Word(head, rest)
    if head == "as":
        return _as(rest, scope)
    if head == "advance":
        return _advance(rest)
    if head == "show":
        return _show(rest)
    try:
        tokens = split(text)
    except CliError as error:
        raise CommandError(str(error)) from None
    if is_cli_line(tokens):
        return _cli_call(tokens, scope)
    hint = difflib.get_close_matches(head, [*WORDS, "as", "advance", "show"], n=1)
    maybe = f"did you mean {hint[0]!r}? " if hint else ""
    raise CommandError(
        f"not a command: {words[0]!r}. {maybe}Type an AWS CLI command (sagemaker ...), "
        "a step as YAML ({do: ..., with: {...}}), or help"
    )


def _as(rest: str, scope: dict[str, Any]) -> Command:
    name, _, command = rest.partition(" ")
    if not name:
        raise CommandError("as NAME: act as NAME (a principal of this world), e.g. as bob")
    if not command.strip():
        return Switch(name)
    inner = parse_command(command, scope)
    if not isinstance(inner, Call):
        raise CommandError("as NAME COMMAND: COMMAND must be an AWS CLI command or a YAML step")
    return Call(inner.operation, inner.params, name, inner.name, inner.help)


def _advance(rest: str) -> Advance:
    try:
        duration = parse_duration(rest)
    except ValueError as error:
        raise CommandError(f"advance DURATION: {error}") from None
    if duration <= timedelta(0):
        raise CommandError("advance DURATION: the clock only moves forward, by more than 0s")
    return Advance(duration, rest)


def _show(rest: str) -> Show:
    view, _, arg = rest.partition(" ")
    if view not in VIEWS:
        hint = difflib.get_close_matches(view, VIEWS, n=1)
        maybe = f"did you mean {hint[0]!r}? " if hint else ""
        raise CommandError(f"show what? {maybe}(show {' | '.join(VIEWS)}; version takes an ARN)")
    if view == "version" and not arg.strip():
        raise CommandError("show version ARN: which version? e.g. show version churn/2")
    return Show(view, arg.strip())


def _cli_call(tokens: list[str], scope: dict[str, Any]) -> Call:
    try:
        resolved = [_as_text(refs.resolve(token, scope)) for token in tokens]
        call = parse_cli(resolved)
    except (CliError, refs.UnresolvedReference) as error:
        raise CommandError(str(error)) from None
    return Call(call.operation, call.params, help=call.help)


def _as_text(value: Any) -> str:
    """A reference's value as one word of the command line."""
    if isinstance(value, datetime):
        return format_instant(value)
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _yaml_call(text: str, scope: dict[str, Any]) -> Call:
    """`{do: Operation, with: {...}, as: NAME, name: NAME}` on one line."""
    try:
        node = parse_yaml(text, "<prompt>")
    except ScenarioError as error:
        raise CommandError(f"not YAML: {error.message}") from None
    if not isinstance(node, Map):
        raise CommandError("a YAML step is a mapping: {do: Operation, with: {...}}")
    step = to_python(node)
    unknown = [key for key in step if key not in _YAML_KEYS]
    if unknown:
        hint = difflib.get_close_matches(str(unknown[0]), _YAML_KEYS, n=1)
        maybe = f"; did you mean {hint[0]!r}?" if hint else ""
        raise CommandError(
            f"unknown key {unknown[0]!r}{maybe} (a step at the prompt takes do, with, as, name)"
        )
    if not isinstance(step.get("do"), str):
        raise CommandError("a YAML step needs do: the operation, e.g. {do: DescribeModelPackage}")
    try:
        op = find_operation(step["do"].strip())
    except UnknownOperationException as error:
        raise CommandError(error.message) from None
    params = step.get("with") or {}
    if not isinstance(params, dict):
        raise CommandError("'with' is a mapping of the operation's input fields")
    members = list(op.input_shape.members) if op.input_shape is not None else []
    for key in params:
        if key not in members:
            hint = difflib.get_close_matches(str(key), members, n=1)
            maybe = f"; did you mean {hint[0]!r}?" if hint else ""
            raise CommandError(
                f"unknown field {key!r} in the input of {op.full_name}{maybe} "
                f"(fields: {', '.join(members) or 'none'})"
            )
    try:
        resolved = refs.resolve(params, scope)
    except refs.UnresolvedReference as error:
        raise CommandError(str(error)) from None
    principal = step.get("as")
    name = step.get("name")
    if name is not None and (not _NAME.match(str(name)) or name in ("world", "clock", "event")):
        raise CommandError(
            f"name: {name!r} cannot name a response: use letters, digits, '_' and '-' "
            "(world, clock and event are reserved)"
        )
    return Call(
        op.full_name,
        resolved,
        str(principal) if principal is not None else None,
        str(name) if name is not None else None,
    )
