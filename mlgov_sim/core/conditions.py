"""IAM condition operators, wildcards and policy variables, as pure functions.

Semantics follow AWS's IAM User Guide pages "IAM JSON policy elements: Condition
operators", "Single-valued vs. multivalued context keys" and "IAM policy
elements: Variables and tags":

- A condition block is a map of operator -> {key: value(s)}. Every operator and
  every key in the block must hold (AND); the values listed for one key are
  alternatives (OR). `StringNotEquals` with several values therefore means
  "none of them".
- Condition key names are case-insensitive (`aws:principalaccount` is
  `aws:PrincipalAccount`); values compare case-sensitively unless the operator
  says `IgnoreCase`.
- A key absent from the request context makes a positive operator false and a
  negated one (`StringNotEquals`, `StringNotLike`, `ArnNotEquals`, `ArnNotLike`,
  `NumericNotEquals`) true, as the Condition operators page says. `...IfExists`
  makes any operator true when the key is absent. `Null: true` holds when the
  key is absent, `Null: false` when it is present.
- `ForAllValues:` holds when every value of a multivalued key matches, and also
  when the key is absent or empty; `ForAnyValue:` needs at least one matching
  value, so it is false for an absent or empty key. IfExists is ignored inside a
  set operator (the set operator already decides what absence means).
- `*` matches any run of characters, `?` exactly one (StringLike, ArnLike and
  the Action / Resource elements). ArnEquals and ArnLike both compare the six
  colon-separated parts of an ARN one by one, wildcards allowed in each.
- `${key}` in a String/Arn value or in Resource is replaced by the key's value
  from the request context; `${key, 'default'}` supplies a default; `${*}`,
  `${?}` and `${$}` stand for the literal characters. A variable that cannot be
  resolved (absent or multivalued key, no default) makes that policy value match
  nothing.

Not simulated: Date*, IpAddress, BinaryEquals (refused by `operator_problems`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

Context = Mapping[str, Any]
"""Request context with lower-cased key names (see `normalise_context`)."""

_Compare = Callable[[str, Any], bool]  # (policy value, request value) -> match

SET_OPERATORS = ("ForAnyValue", "ForAllValues")
NEGATED = frozenset(
    {
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "ArnNotEquals",
        "ArnNotLike",
        "NumericNotEquals",
    }
)
UNSUPPORTED = frozenset(
    {
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "IpAddress",
        "NotIpAddress",
        "BinaryEquals",
    }
)
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_VARIABLE_BODY = re.compile(r"^\s*([^,\s]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$")
_SPECIAL = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True)
class Operator:
    """A parsed operator name: `ForAnyValue:StringLikeIfExists` -> base, set, IfExists."""

    base: str
    set_operator: str | None = None
    if_exists: bool = False

    @property
    def negated(self) -> bool:
        """Whether the operator asks for *no* match (and so holds when the key is absent)."""
        return self.base in NEGATED


def normalise_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with lower-cased keys, because IAM key names are case-insensitive."""
    return {key.lower(): value for key, value in context.items()}


def as_list(value: Any) -> list[Any]:
    """A policy element's value as a list (IAM accepts a single value or a list)."""
    return list(value) if isinstance(value, list | tuple) else [value]


# --- wildcards and policy variables -------------------------------------------------


def _resolve_variable(body: str, context: Context) -> str | None:
    """The text a `${...}` stands for, or None when it cannot be resolved."""
    if body in _SPECIAL:
        return _SPECIAL[body]
    parsed = _VARIABLE_BODY.match(body)
    if parsed is None:
        return None
    value = context.get(parsed.group(1).lower())
    if value is not None and not isinstance(value, list | tuple | dict):
        return str(value).lower() if isinstance(value, bool) else str(value)
    default = parsed.group(2)
    return None if default is None else default.replace("''", "'")


def _pieces(text: str, context: Context) -> list[tuple[bool, str]] | None:
    """`text` split into (is_literal, piece): variables resolved, wildcards kept apart."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for found in _VARIABLE.finditer(text):
        pieces.append((False, text[position : found.start()]))
        value = _resolve_variable(found.group(1), context)
        if value is None:
            return None
        pieces.append((True, value))
        position = found.end()
    pieces.append((False, text[position:]))
    return pieces


def substitute(text: str, context: Context) -> str | None:
    """`text` with its policy variables replaced; None when one cannot be resolved."""
    pieces = _pieces(text, context)
    return None if pieces is None else "".join(piece for _, piece in pieces)


def _wild(pattern: str) -> str:
    """The regex body for an IAM wildcard pattern: `*` any run, `?` one character."""
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


@lru_cache(maxsize=4096)
def _glob_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(f"^{_wild(pattern)}$", re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """Whether `text` matches `pattern`, where `*` is any run and `?` one character."""
    return _glob_regex(pattern, ignore_case).match(text) is not None


def like(pattern: str, text: str, context: Context) -> bool:
    """StringLike with policy variables: a variable's value never acts as a wildcard."""
    pieces = _pieces(pattern, context)
    if pieces is None:
        return False
    body = "".join(re.escape(piece) if literal else _wild(piece) for literal, piece in pieces)
    return re.match(f"^{body}$", text, re.DOTALL) is not None


def arn_like(pattern: str, arn: str, context: Context) -> bool:
    """ArnLike / ArnEquals: the six colon-separated parts compared one by one."""
    wanted, actual = pattern.split(":", 5), arn.split(":", 5)
    if len(wanted) != 6 or len(actual) != 6:
        return False
    return all(like(w, a, context) for w, a in zip(wanted, actual, strict=True))


# --- operators ---------------------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _numeric(test: Callable[[float, float], bool]) -> Callable[[Context], _Compare]:
    def build(_context: Context) -> _Compare:
        def compare(policy: str, request: Any) -> bool:
            left, right = _number(request), _number(policy)
            return left is not None and right is not None and test(left, right)

        return compare

    return build


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _string_equals(context: Context, *, fold: bool = False) -> _Compare:
    def compare(policy: str, request: Any) -> bool:
        wanted = substitute(policy, context)
        if wanted is None:
            return False
        got = _text(request)
        return wanted.casefold() == got.casefold() if fold else wanted == got

    return compare


def _bool(_context: Context) -> _Compare:
    return lambda policy, request: _text(policy).lower() == _text(request).lower()


# The positive test behind each operator; a negated operator is "no policy value matches".
_POSITIVE: dict[str, Callable[[Context], _Compare]] = {
    "StringEquals": _string_equals,
    "StringEqualsIgnoreCase": lambda ctx: _string_equals(ctx, fold=True),
    "StringLike": lambda ctx: lambda policy, request: like(policy, _text(request), ctx),
    "ArnEquals": lambda ctx: lambda policy, request: arn_like(policy, _text(request), ctx),
    "NumericEquals": _numeric(lambda left, right: left == right),
    "NumericLessThan": _numeric(lambda left, right: left < right),
    "NumericLessThanEquals": _numeric(lambda left, right: left <= right),
    "NumericGreaterThan": _numeric(lambda left, right: left > right),
    "NumericGreaterThanEquals": _numeric(lambda left, right: left >= right),
    "Bool": _bool,
}
_POSITIVE_OF = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnLike": "ArnEquals",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnEquals",
    "NumericNotEquals": "NumericEquals",
}
BASE_OPERATORS = frozenset(_POSITIVE) | frozenset(_POSITIVE_OF) | {"Null"}


def parse_operator(name: str) -> Operator | None:
    """The parts of an operator name, or None when IAM has no such operator."""
    set_operator, _, base = name.rpartition(":")
    if set_operator and set_operator not in SET_OPERATORS:
        return None
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    if base not in BASE_OPERATORS or (base == "Null" and if_exists):
        return None
    return Operator(base, set_operator or None, if_exists)


def _matches_value(operator: Operator, request: Any, policy: list[Any], ctx: Context) -> bool:
    """One request value against the policy's alternatives."""
    compare = _POSITIVE[_POSITIVE_OF.get(operator.base, operator.base)](ctx)
    found = any(compare(_text(value), request) for value in policy)
    return not found if operator.negated else found


def _null(policy: list[Any], present: bool) -> bool:
    return any((_text(value).lower() == "true") != present for value in policy)


def key_holds(operator: Operator, key: str, policy: Any, context: Context) -> bool:
    """Whether one `key: value(s)` entry under `operator` holds for the request context."""
    value = context.get(key.lower())
    present = value is not None and value != [] and value != ()
    values = as_list(policy)
    if operator.base == "Null":
        return _null(values, present)
    requested = as_list(value) if present else []
    if operator.set_operator == "ForAllValues":
        return all(_matches_value(operator, item, values, context) for item in requested)
    if operator.set_operator == "ForAnyValue":
        return any(_matches_value(operator, item, values, context) for item in requested)
    if not present:
        return operator.if_exists or operator.negated
    results = [_matches_value(operator, item, values, context) for item in requested]
    return all(results) if operator.negated else any(results)


def block_holds(block: Mapping[str, Mapping[str, Any]], context: Context) -> bool:
    """Whether a whole Condition block holds: every operator, every key (AND)."""
    for name, entries in block.items():
        operator = parse_operator(name)
        if operator is None:
            return False  # validate_policy refuses this; never grant on an unknown operator
        if not all(key_holds(operator, key, value, context) for key, value in entries.items()):
            return False
    return True


def hint(name: str, known: Sequence[str]) -> str:
    """` (did you mean 'Effect'?)` for a near miss of a known name, else ``."""
    near = {item.lower(): item for item in known}.get(name.lower())
    close = [near] if near else difflib.get_close_matches(name, known, n=1, cutoff=0.8)
    return f" (did you mean {close[0]!r}?)" if close and close[0] != name else ""


def operator_problems(name: str) -> list[str]:
    """Why `name` is not an operator the simulator evaluates (empty when it is)."""
    if parse_operator(name) is not None:
        return []
    base = name.rpartition(":")[2].removesuffix("IfExists")
    if base in UNSUPPORTED:
        return [f"condition operator {name!r} is not simulated"]
    if base == "Null" and name.endswith("IfExists"):
        return ["condition operator 'NullIfExists' does not exist: Null already tests presence"]
    return [f"unknown condition operator {name!r}{hint(base, sorted(BASE_OPERATORS))}"]


def _value_problems(operator: Operator, key: str, value: Any) -> list[str]:
    """Why the values given to `key` cannot be compared by `operator`."""
    values = as_list(value)
    if not values or any(isinstance(item, dict | list | tuple) or item is None for item in values):
        return [f"{key!r} under {operator.base} needs a value or a list of plain values"]
    if operator.base in ("Bool", "Null") and any(
        _text(v).lower() not in ("true", "false") for v in values
    ):
        return [f"{key!r} under {operator.base} takes only true or false"]
    if operator.base.startswith("Numeric") and any(_number(v) is None for v in values):
        return [f"{key!r} under {operator.base} takes only numbers"]
    return []


def condition_problems(block: Any) -> list[str]:
    """Readable problems in a Condition element (empty when it can be evaluated)."""
    if not isinstance(block, Mapping):
        return ["Condition must be an object of operator -> {key: value}"]
    problems: list[str] = []
    for name, entries in block.items():
        operator = parse_operator(name)
        if operator is None:
            problems += operator_problems(name)
        if not isinstance(entries, Mapping) or not entries:
            problems.append(f"{name} must map condition keys to values")
        elif operator is not None:
            for key, value in entries.items():
                problems += _value_problems(operator, key, value)
    return problems
