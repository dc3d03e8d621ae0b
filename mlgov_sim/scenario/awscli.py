"""The AWS CLI's own command form, read into an operation and its input.

`sagemaker update-model-package --model-package-arn ARN --model-approval-status Approved`
becomes `("sagemaker:UpdateModelPackage", {"ModelPackageArn": ..., ...})`, so what a
learner types in a drill is what they would type on AWS. Names follow the AWS CLI's rule:
an operation is `xform_name(Operation, "-")`, a parameter `--` + `xform_name(Member, "-")`
(botocore's function, the one the CLI calls). Values follow the member's shape: text,
whole numbers, numbers, `--flag` / `--no-flag` for booleans, JSON or the CLI's shorthand
(`Stage=Production,StageStatus=Approved`, `k1=v1,k2=v2`) for structures and maps, and
space-separated items (or a JSON list) for lists. `file://PATH` reads a value from a file.

Only the operations the simulator supports are commands here; a real operation it lacks,
or a typo, is refused with a did-you-mean over botocore's names.
"""

from __future__ import annotations

import difflib
import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from botocore import xform_name
from botocore.model import Shape

from mlgov_sim.core.apimodel import service_model
from mlgov_sim.core.ops import BOTOCORE_SERVICES, OPERATIONS, Operation
from mlgov_sim.scenario.shorthand import ShorthandError, parse_shorthand

__all__ = [
    "CLI_SERVICES",
    "CliCall",
    "CliError",
    "cli_command_name",
    "cli_parameter_names",
    "parse_cli",
    "usage",
]

# The AWS CLI's name for each botocore service the simulator knows (S3's API is `s3api`).
CONSOLE_SERVICE = "canvas"  # console actions: no AWS CLI command exists for them
CLI_SERVICES = {"s3api" if s == "s3" else s: s for s in BOTOCORE_SERVICES}
_SCALARS = ("string", "integer", "long", "float", "double", "boolean", "timestamp", "blob")


class CliError(Exception):
    """The line is not a command the AWS CLI would accept; the message says why, as it would."""


@dataclass(frozen=True)
class CliCall:
    """An operation and its input, read from one AWS CLI command line."""

    operation: str  # `sagemaker:UpdateModelPackage`
    params: dict[str, Any]
    help: bool = False  # `... OPERATION help`: show the parameters instead of calling


def cli_command_name(operation: str) -> str:
    """`UpdateModelPackage` -> `update-model-package`, as the AWS CLI names commands."""
    return xform_name(operation, "-")


@cache
def cli_parameter_names(full_name: str) -> dict[str, str]:
    """`--model-package-arn` -> `ModelPackageArn` for every input member of the operation."""
    shape = OPERATIONS[full_name].input_shape
    members = shape.members if shape is not None else {}
    return {"--" + xform_name(member, "-"): member for member in members}


def is_cli_line(tokens: list[str]) -> bool:
    """Whether the line starts like an AWS CLI command (`aws`, or a service name).

    `canvas` counts, so a learner who types a console action the CLI way is
    told how to write it instead of hearing that it is not a command.
    """
    return bool(tokens) and (tokens[0] in ("aws", CONSOLE_SERVICE) or tokens[0] in CLI_SERVICES)


def split(line: str) -> list[str]:
    """The line's words as a POSIX shell splits them (quotes kept together)."""
    try:
        return shlex.split(line)
    except ValueError as error:
        raise CliError(f"cannot read the line: {error} (close the quote)") from None


def parse_cli(tokens: list[str]) -> CliCall:
    """The operation and input the AWS CLI command `tokens` asks for."""
    words = tokens[1:] if tokens and tokens[0] == "aws" else list(tokens)
    if not words:
        raise CliError("usage: aws SERVICE OPERATION [--parameter value ...]")
    service = _service(words[0])
    if len(words) < 2:
        raise CliError(f"usage: {words[0]} OPERATION [--parameter value ...]; " + _ops_of(service))
    op = _operation(service, words[0], words[1])
    rest = words[2:]
    if rest == ["help"]:
        return CliCall(op.full_name, {}, help=True)
    return CliCall(op.full_name, _params(op, rest))


def _service(word: str) -> str:
    if word in CLI_SERVICES:
        return CLI_SERVICES[word]
    if word == CONSOLE_SERVICE:
        raise CliError(
            "canvas actions are console actions with no AWS CLI command; write them in the "
            "scenario form, for example {do: canvas:ShareModel, with: {...}} "
            "(`mlgov-sim ops` lists them with their fields)"
        )
    hint = _did_you_mean(word, CLI_SERVICES)
    raise CliError(f"unknown service {word!r}{hint} (services: {', '.join(CLI_SERVICES)})")


@cache
def _commands(service: str) -> dict[str, str]:
    """Every real operation of `service`, by its CLI name."""
    return {cli_command_name(name): name for name in service_model(service).operation_names}


def _operation(service: str, cli_service: str, word: str) -> Operation:
    real = _commands(service)
    name = real.get(word)
    if name is None:
        supported = [cli_command_name(op.name) for op in _supported(service)]
        hint = _did_you_mean(word, supported) or _did_you_mean(word, real)
        more = " (`help` lists the simulated commands)" if hint else "; " + _ops_of(service)
        raise CliError(f"{cli_service}: unknown operation {word!r}{hint}{more}")
    op = OPERATIONS.get(f"{service}:{name}")
    if op is None:
        raise CliError(
            f"{cli_service} {word} ({service}:{name}) is a real operation that mlgov-sim does "
            f"not simulate yet; " + _ops_of(service)
        )
    return op


def _supported(service: str) -> list[Operation]:
    return sorted((op for op in OPERATIONS.values() if op.service == service), key=_name)


def _name(op: Operation) -> str:
    return op.name


def _ops_of(service: str) -> str:
    names = [cli_command_name(op.name) for op in _supported(service)]
    return f"simulated {service} commands: {', '.join(names) or 'none'}"


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _params(op: Operation, words: list[str]) -> dict[str, Any]:
    """Each `--name value...` read by the member's shape; the required ones checked."""
    names = cli_parameter_names(op.full_name)
    shape = op.input_shape
    params: dict[str, Any] = {}
    i = 0
    while i < len(words):
        word = words[i]
        if not word.startswith("--"):
            raise CliError(f"unexpected {word!r}: every value follows a --parameter name")
        member, value = _flag(names, word)
        if member is None:
            raise CliError(_unknown_parameter(op, word, names))
        if member in params:
            raise CliError(f"{word} is given twice")
        i += 1
        values: list[str] = []
        while i < len(words) and not _is_option(words[i]):
            values.append(words[i])
            i += 1
        assert shape is not None
        params[member] = _value(shape.members[member], word, values, value)
    missing = [n for n, m in names.items() if m in (shape.required_members if shape else [])]
    missing = [n for n in missing if names[n] not in params]
    if missing:
        raise CliError(f"the following arguments are required: {', '.join(missing)}")
    return params


def _is_option(word: str) -> bool:
    return word.startswith("--") and len(word) > 2 and not word[2].isdigit()


def _flag(names: dict[str, str], word: str) -> tuple[str | None, bool | None]:
    """The member a `--name` (or a boolean's `--no-name`) stands for, and a flag's value."""
    name, eq, inline = word.partition("=")
    if eq:
        raise CliError(f"write {name} {inline!r} with a space, not '=' (as the AWS CLI expects)")
    if name in names:
        return names[name], None
    if name.startswith("--no-") and "--" + name[5:] in names:
        return names["--" + name[5:]], False
    return None, None


def _unknown_parameter(op: Operation, word: str, names: dict[str, str]) -> str:
    hint = _did_you_mean(word, names)
    command = cli_command_name(op.name)
    return (
        f"Unknown options: {word}{hint} (parameters of {op.service} {command}: "
        f"{', '.join(names) or 'none'})"
    )


def _value(shape: Shape, flag: str, values: list[str], negated: bool | None) -> Any:
    kind = shape.type_name
    if kind == "boolean":
        if negated is False:
            if values:
                raise CliError(f"--no-{flag[2:]} takes no value")
            return False
        if not values:
            return True
        if len(values) == 1 and values[0].lower() in ("true", "false"):
            return values[0].lower() == "true"
        raise CliError(f"{flag} is a flag: write {flag} or --no-{flag[2:]}")
    if negated is False:
        raise CliError(f"--no-{flag[2:]} is not a parameter (only true/false ones have --no-)")
    if not values:
        raise CliError(f"argument {flag}: expected one argument")
    if kind == "list":
        return _list(shape, flag, values)
    if len(values) > 1:
        raise CliError(f"{flag} takes one value, got {len(values)}: quote a value with spaces")
    return convert(shape, _read_file(values[0]), flag)


def _list(shape: Shape, flag: str, values: list[str]) -> list[Any]:
    if len(values) == 1 and values[0].lstrip().startswith(("[", "file://")):
        loaded = _json(_read_file(values[0]), flag)
        if not isinstance(loaded, list):
            raise CliError(f"{flag} expects a list, got {type(loaded).__name__}")
        return [convert(shape.member, item, flag) for item in loaded]
    return [convert(shape.member, _read_file(item), flag) for item in values]


def _read_file(value: str) -> str:
    if not value.startswith("file://"):
        return value
    path = Path(value[len("file://") :]).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        problem = f"unable to load {value}: {error.strerror}"
        raise CliError(f"Error parsing parameter: {problem}") from None


def _json(text: str, flag: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CliError(f"Error parsing parameter '{flag}': invalid JSON: {error}") from None


def convert(shape: Shape, value: Any, flag: str) -> Any:
    """`value` (text from the line, or parsed JSON/shorthand) as the member's shape wants it."""
    kind = shape.type_name
    if kind in ("structure", "map") and isinstance(value, str):
        value = _structured(value, flag)
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {k: convert(members[k], v, flag) if k in members else v for k, v in value.items()}
    if kind == "map" and isinstance(value, dict):
        return {k: convert(shape.value, v, flag) for k, v in value.items()}
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        return [convert(shape.member, item, flag) for item in items]
    if not isinstance(value, str) or kind not in _SCALARS:
        return value
    return _scalar(kind, value, flag)


def _structured(text: str, flag: str) -> Any:
    if text.lstrip().startswith("{"):
        return _json(text, flag)
    try:
        return parse_shorthand(text)
    except ShorthandError as error:
        raise CliError(
            f"Error parsing parameter '{flag}': {error} (write JSON, or Key=value,Key=value)"
        ) from None


def _scalar(kind: str, text: str, flag: str) -> Any:
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise CliError(f"{flag} expects a whole number, got {text!r}") from None
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            raise CliError(f"{flag} expects a number, got {text!r}") from None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise CliError(f"{flag} expects true or false, got {text!r}")
        return text.lower() == "true"
    return text


def usage(full_name: str) -> str:
    """The parameters of one operation as the AWS CLI spells them, required ones first."""
    op = OPERATIONS[full_name]
    shape = op.input_shape
    required = set(shape.required_members) if shape is not None else set()
    service = next(cli for cli, svc in CLI_SERVICES.items() if svc == op.service)
    lines = [f"{service} {cli_command_name(op.name)}  ({op.full_name}: {op.summary})"]
    names = cli_parameter_names(full_name)
    ordered = sorted(names.items(), key=lambda item: item[1] not in required)
    width = max((len(flag) for flag in names), default=0)
    for flag, member in ordered:
        assert shape is not None
        mark = "required" if member in required else "optional"
        lines.append(f"  {flag:<{width}}  {mark}  {_kind_text(shape.members[member])}")
    return "\n".join(lines)


def _kind_text(shape: Shape) -> str:
    kind = shape.type_name
    enum = shape.metadata.get("enum")
    if enum and len(enum) <= 4:
        return "|".join(enum)
    return {
        "structure": "JSON or Key=value,...",
        "map": "JSON or k=v,...",
        "list": "items... or a JSON list",
        "boolean": "flag (--no-... for false)",
        "integer": "whole number",
        "long": "whole number",
        "float": "number",
        "double": "number",
        "timestamp": "time (2025-03-01T09:00:00Z)",
    }.get(kind, "text")
