"""EventBridge event patterns: does this pattern match this event?

Pure functions. Semantics follow AWS's EventBridge User Guide pages "Amazon
EventBridge event patterns", "Arrays in Amazon EventBridge event patterns",
"Matching null values and empty strings", "Content filtering in Amazon
EventBridge event patterns" and "Comparison operators for use in event
patterns", and the Event Ruler README (the library EventBridge matches with):

- A pattern has the event's shape. Every field it names must match (AND); a
  field's value is a list of alternatives (OR). Fields the pattern does not
  name are ignored.
- A field the pattern names but the event lacks matches nothing, except
  `{"exists": false}`.
- When the event's value is an array, the field matches if any element does
  (the intersection is non-empty). Arrays of objects are matched element by
  element, so two fields never match across different elements.
- `null` matches JSON null and `""` the empty string; they are not
  interchangeable. Strings match exactly, case and all.
- Operators: `prefix`, `suffix` (each also as `{"equals-ignore-case": ...}`),
  `equals-ignore-case`, `wildcard` (`*`, with `\\*` for a literal star),
  `anything-but` (a value, a list of values, or `{"prefix"|"suffix"|
  "equals-ignore-case"|"wildcard": ...}`), `numeric` (`<`, `<=`, `=`, `>`,
  `>=`, paired into a range), `exists`, `cidr` and `$or` (a list of two or more
  sub-patterns, any of which may match).
- `exists` looks at leaf values only: a field whose value is an object (or an
  empty array) does not "exist", as the Content filtering page shows.
- A plain number matches as written, as EventBridge's "Event patterns" page
  says: `300` and `300.0` differ (use `numeric` to compare values). The
  simulator tells them apart by type (an integer is never equal to a float);
  `true` never equals `1`.
- `anything-but` matches only a field that is present; prefix, suffix,
  equals-ignore-case and wildcard match only strings; numeric only numbers.

`matches` assumes a pattern `pattern_problems` accepts; on a malformed one it
raises ValueError rather than guess.
"""

from __future__ import annotations

import difflib
import ipaddress
import operator as op
import re
from collections.abc import Mapping
from typing import Any

OR = "$or"
_MISSING = object()
_OPERATORS = (
    "prefix",
    "suffix",
    "equals-ignore-case",
    "wildcard",
    "anything-but",
    "numeric",
    "exists",
    "cidr",
)
_COMPARE = {"<": op.lt, "<=": op.le, "=": op.eq, ">": op.gt, ">=": op.ge}


def matches(pattern: Mapping[str, Any], event: Any) -> bool:
    """Whether `event` (a dict, as EventBridge delivers it) matches `pattern`."""
    return _match_object(pattern, event if isinstance(event, Mapping) else {})


def _is_or(key: str, value: Any) -> bool:
    return key == OR and isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def _match_object(pattern: Mapping[str, Any], obj: Mapping[str, Any]) -> bool:
    """Every field of `pattern` matches in `obj` (an object of the event)."""
    for key, wanted in pattern.items():
        if _is_or(key, wanted):
            if not any(_match_object(alternative, obj) for alternative in wanted):
                return False
        elif not _match_field(wanted, obj.get(key, _MISSING)):
            return False
    return True


def _objects(value: Any) -> list[Mapping[str, Any]]:
    """The objects a nested pattern is tried against: arrays are flattened."""
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        found = [obj for item in value for obj in _objects(item)]
        return found or [{}]
    return [{}]  # absent or a leaf: the nested fields are all missing


def _leaves(value: Any) -> list[Any]:
    """The leaf values at a field: arrays flattened, objects (intermediate nodes) dropped."""
    if value is _MISSING or isinstance(value, Mapping):
        return []
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _match_field(wanted: Any, value: Any) -> bool:
    if isinstance(wanted, Mapping):
        return any(_match_object(wanted, obj) for obj in _objects(value))
    if not isinstance(wanted, list):
        raise ValueError(f"a pattern field must hold a list or an object, not {wanted!r}")
    leaves = _leaves(value)
    return any(_match_alternative(alternative, leaves) for alternative in wanted)


def _match_alternative(alternative: Any, leaves: list[Any]) -> bool:
    if isinstance(alternative, Mapping) and "exists" in alternative:
        return bool(leaves) == (alternative["exists"] is True)
    return any(_match_leaf(alternative, leaf) for leaf in leaves)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(wanted: Any, value: Any) -> bool:
    """JSON equality as EventBridge does it: same kind and same value (300 != 300.0)."""
    return type(wanted) is type(value) and wanted == value


def _match_leaf(wanted: Any, value: Any) -> bool:
    if not isinstance(wanted, Mapping):
        return _equal(wanted, value)
    if len(wanted) != 1:
        raise ValueError(f"a matcher object holds exactly one operator, not {dict(wanted)!r}")
    ((operator, argument),) = wanted.items()
    test = _MATCHERS.get(operator)
    if test is None:
        raise ValueError(f"unknown event pattern operator {operator!r}")
    return test(argument, value)


def _text_test(argument: Any, value: Any, test: Any) -> bool:
    """Prefix/suffix, with their `{"equals-ignore-case": ...}` form."""
    if not isinstance(value, str):
        return False
    if isinstance(argument, Mapping):
        folded = str(argument["equals-ignore-case"]).casefold()
        return bool(test(value.casefold(), folded))
    return bool(test(value, argument))


def _wildcard_regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\\\\|\\\*|\*)", pattern)
    body = "".join(
        ".*" if part == "*" else re.escape(part[1:]) if part in ("\\*", "\\\\") else re.escape(part)
        for part in parts
    )
    return re.compile(f"^{body}$", re.DOTALL)


def _wildcard(argument: Any, value: Any) -> bool:
    return isinstance(value, str) and any(
        _wildcard_regex(item).match(value) is not None for item in _as_list(argument)
    )


def _ignore_case(argument: Any, value: Any) -> bool:
    return isinstance(value, str) and any(
        value.casefold() == str(item).casefold() for item in _as_list(argument)
    )


def _numeric(argument: Any, value: Any) -> bool:
    if not _is_number(value):
        return False
    pairs = zip(argument[0::2], argument[1::2], strict=True)
    return all(_COMPARE[operator](value, bound) for operator, bound in pairs)


def _anything_but(argument: Any, value: Any) -> bool:
    if isinstance(argument, Mapping):  # {"prefix": ...} and the like: strings only
        return isinstance(value, str) and not _match_leaf(argument, value)
    return not any(_equal(item, value) for item in _as_list(argument))


def _cidr(argument: Any, value: Any) -> bool:
    try:
        return ipaddress.ip_address(str(value)) in ipaddress.ip_network(argument, strict=False)
    except ValueError:
        return False


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


_MATCHERS: dict[str, Any] = {
    "prefix": lambda arg, value: _text_test(arg, value, str.startswith),
    "suffix": lambda arg, value: _text_test(arg, value, str.endswith),
    "equals-ignore-case": _ignore_case,
    "wildcard": _wildcard,
    "numeric": _numeric,
    "anything-but": _anything_but,
    "cidr": _cidr,
}


# --- validation ----------------------------------------------------------------------


def pattern_problems(pattern: Any) -> list[str]:
    """Readable problems that make `pattern` unusable; empty when `matches` can use it."""
    if not isinstance(pattern, Mapping) or not pattern:
        return ["an event pattern must be a non-empty JSON object"]
    return _object_problems(pattern, "")


def _object_problems(pattern: Mapping[str, Any], path: str) -> list[str]:
    problems = [] if pattern else [f"{path or 'pattern'}: empty objects are not allowed"]
    for key, wanted in pattern.items():
        where = f"{path}.{key}" if path else key
        if key == OR:
            problems += _or_problems(wanted, where, path)
        elif isinstance(wanted, Mapping):
            problems += _object_problems(wanted, where)
        elif isinstance(wanted, list):
            problems += _list_problems(wanted, where)
        else:
            problems.append(f"{where}: must be a list of values or an object, not {wanted!r}")
    return problems


def _or_problems(wanted: Any, where: str, path: str) -> list[str]:
    if not _is_or(OR, wanted) or len(wanted) < 2:
        return [f"{where}: $or needs a list of at least two objects"]
    return [problem for alternative in wanted for problem in _object_problems(alternative, path)]


def _list_problems(values: list[Any], where: str) -> list[str]:
    if not values:
        return [f"{where}: a value list cannot be empty"]
    problems: list[str] = []
    for value in values:
        if isinstance(value, Mapping):
            problems += [f"{where}: {problem}" for problem in _matcher_problems(value)]
        elif isinstance(value, list):
            problems.append(f"{where}: a value list cannot hold another list")
    return problems


def _matcher_problems(matcher: Mapping[str, Any]) -> list[str]:
    if len(matcher) != 1:
        return [f"a matcher object holds exactly one operator, not {sorted(matcher)}"]
    ((name, argument),) = matcher.items()
    check = _CHECKS.get(name)
    if check is None:
        close = difflib.get_close_matches(name, _OPERATORS, n=1, cutoff=0.7)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return [f"unknown operator {name!r}{hint}"]
    problem = check(argument)
    return [f"{name}: {problem}"] if problem else []


def _check_text(argument: Any) -> str | None:
    """prefix / suffix: a string, or {"equals-ignore-case": string}."""
    if isinstance(argument, Mapping):
        keys = list(argument)
        if keys == ["equals-ignore-case"] and isinstance(argument[keys[0]], str):
            return None
        return 'takes a string or {"equals-ignore-case": "<string>"}'
    return None if isinstance(argument, str) else "takes a string"


def _check_wildcard(argument: Any) -> str | None:
    for item in _as_list(argument):
        if not isinstance(item, str):
            return "takes a string"
        if "**" in item:
            return "consecutive * are not allowed"
        if re.search(r"\\(?![*\\])", item.replace("\\\\", "")):
            return "a backslash may only escape * or another backslash"
    return None


def _check_anything_but(argument: Any) -> str | None:
    if isinstance(argument, Mapping):
        if len(argument) != 1 or next(iter(argument)) not in _NESTED_BUT:
            return f"nested form takes exactly one of {', '.join(_NESTED_BUT)}"
        name, value = next(iter(argument.items()))
        return _NESTED_BUT[name](value)
    values = _as_list(argument)
    if not values or not (all(isinstance(v, str) for v in values) or all(map(_is_number, values))):
        return "takes a string, a number, or a list of only strings or only numbers"
    return None


def _check_numeric(argument: Any) -> str | None:
    if not isinstance(argument, list) or len(argument) not in (2, 4):
        return 'takes ["<op>", number] or ["<op>", number, "<op>", number]'
    operators, bounds = argument[0::2], argument[1::2]
    if any(name not in _COMPARE for name in operators):
        return f"operators are {', '.join(_COMPARE)}"
    if not all(map(_is_number, bounds)):
        return "bounds must be numbers"
    lower = [name for name in operators if name.startswith(">")]
    upper = [name for name in operators if name.startswith("<")]
    if len(operators) == 2 and (len(lower) != 1 or len(upper) != 1):
        return "a range pairs one lower bound (> or >=) with one upper bound (< or <=)"
    return None


def _check_cidr(argument: Any) -> str | None:
    try:
        ipaddress.ip_network(str(argument), strict=False)
    except ValueError:
        return f"{argument!r} is not an IP network in CIDR notation"
    return None


def _check_ignore_case(argument: Any) -> str | None:
    return None if isinstance(argument, str) else "takes a string"


_NESTED_BUT = {
    "prefix": _check_ignore_case,
    "suffix": _check_ignore_case,
    "equals-ignore-case": _check_ignore_case,
    "wildcard": _check_wildcard,
}
_CHECKS = {
    "prefix": _check_text,
    "suffix": _check_text,
    "equals-ignore-case": _check_ignore_case,
    "wildcard": _check_wildcard,
    "anything-but": _check_anything_but,
    "numeric": _check_numeric,
    "exists": lambda argument: None if isinstance(argument, bool) else "takes true or false",
    "cidr": _check_cidr,
}
