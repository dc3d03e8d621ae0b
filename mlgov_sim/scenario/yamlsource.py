"""YAML to located values: every mapping key, value and list item keeps where it was written.

PyYAML's composer gives nodes with start marks; this module turns them into
`Scalar`, `Seq` and `Map` values carrying a 1-based `Pos`, so the scenario
loader can point a learner at the exact key or value that is wrong.

Scalars are read with a YAML-1.2-like core schema rather than PyYAML's YAML
1.1 one, because 1.1 surprises learners: `on:` (an automation key), `yes`,
`no` and `off` stay text, `012` is twelve, not ten. Only `true`/`false`
(in any of the cases `true`, `True`, `TRUE`) are booleans. Full ISO 8601
date-times become aware UTC datetimes; a date alone stays text.

Every problem, from an unreadable file to a syntax error, a duplicate key or a
tag we do not know, is a `ScenarioError`, with a position whenever the problem
has one (an unreadable file has none): nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from mlgov_sim.core.clock import parse_instant
from mlgov_sim.scenario.model import Pos, ScenarioError

__all__ = ["Map", "Node", "Scalar", "Seq", "parse_yaml", "read_yaml", "to_python"]

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null"))
TIMESTAMP, SEQ, MAP = f"{_TAG}timestamp", f"{_TAG}seq", f"{_TAG}map"

# A scenario with more values than this after expanding aliases is an attack, not a story.
MAX_VALUES = 20_000


@dataclass(frozen=True)
class Scalar:
    """One plain value, with its source text and how it was written.

    `style` is the quote (' or ") or block indicator (| or >) the value was
    written with, None when it was written bare: only a bare `5` or `true`
    deserves the hint "quote it".
    """

    value: Any
    pos: Pos
    text: str = ""
    style: str | None = None


@dataclass(frozen=True)
class Seq:
    """A list, with its items located."""

    items: tuple[Node, ...]
    pos: Pos


@dataclass(frozen=True)
class Map:
    """A mapping in file order; keys are located scalars and unique."""

    pairs: tuple[tuple[Scalar, Node], ...]
    pos: Pos
    _index: dict[Any, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {key.value: i for i, (key, _) in enumerate(self.pairs)}
        object.__setattr__(self, "_index", index)

    def __iter__(self) -> Iterator[Any]:
        """The keys' values, in file order."""
        return (key.value for key, _ in self.pairs)

    def get(self, key: Any) -> Node | None:
        """The value under `key`, or None when the key is absent."""
        i = self._index.get(key)
        return None if i is None else self.pairs[i][1]

    def key_node(self, key: Any) -> Scalar:
        """The located key itself (its position is where the key was written)."""
        return self.pairs[self._index[key]][0]

    def __contains__(self, key: object) -> bool:
        return key in self._index


Node = Scalar | Seq | Map


class _Resolver(BaseResolver):
    """The YAML 1.2 core schema's implicit types, plus date-times."""

    yaml_implicit_resolvers: dict = {}


_Resolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF")
_Resolver.add_implicit_resolver(
    INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"
)
_Resolver.add_implicit_resolver(
    FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    "-+0123456789.",
)
_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(
    TIMESTAMP,
    re.compile(
        r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
        r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$"
    ),
    "0123456789",
)


class _Loader(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's pure-Python pipeline up to nodes: nothing is constructed by PyYAML."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does it all
    _FastLoader: type | None = None
else:

    class _CLoader(CParser, _Resolver):
        """libyaml's parser and composer, with the same resolver."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Resolver.__init__(self)

    _FastLoader = _CLoader


def read_yaml(path: str | Path) -> Node | None:
    """The located document in the file at `path` (None when it is empty)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(None, f"{name}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(None, f"{name}: is a directory, not a scenario file") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(None, f"{name}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ScenarioError(None, f"{name}: cannot read the file ({exc.strerror})") from None
    except ValueError:  # a path holding a NUL character
        raise ScenarioError(None, f"{name!r} is not a usable file name") from None
    return parse_yaml(text, name)


def parse_yaml(text: str, file: str) -> Node | None:
    """The located document in `text`, named `file` in positions (None when it is empty)."""
    try:
        node = _compose(text)
        return None if node is None else _Converter(file).convert(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except RecursionError:
        raise ScenarioError(Pos(file, 1, 1), "the YAML is nested too deeply") from None


def _compose(text: str) -> yaml.Node | None:
    """The node graph of the single document in `text`.

    libyaml is ten times faster; on an error the pure-Python parser reads the
    text again, because its messages and marks say more to a learner.
    """
    if _FastLoader is not None:
        try:
            return _compose_with(_FastLoader, text)
        except yaml.YAMLError:
            pass
    return _compose_with(_Loader, text)


def _compose_with(loader_class: type, text: str) -> yaml.Node | None:
    loader = loader_class(text)  # the reader already refuses unprintable characters here
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def to_python(node: Node | None) -> Any:
    """The plain Python value of a located one (dicts, lists and scalars)."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [to_python(item) for item in node.items]
    return {key.value: to_python(value) for key, value in node.pairs}


def _syntax_error(exc: yaml.YAMLError, text: str, file: str) -> ScenarioError:
    """PyYAML's complaint at PyYAML's mark, worded for someone who just mistyped."""
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        return ScenarioError(
            Pos(file, line, column),
            f"YAML syntax error: the control character {_show_char(exc.character)} "
            "is not allowed in a YAML file",
        )
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        message = f"YAML syntax error: {exc.problem}"
        if (exc.problem or "").startswith("but found another document"):
            return ScenarioError(
                Pos(file, mark.line + 1, mark.column + 1),
                "YAML syntax error: a second document starts here, but a scenario file holds "
                "one; remove this '---' and what follows, or merge it into the first",
            )
        if exc.context and exc.context_mark is not None:
            context = exc.context_mark
            message += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
        message += _syntax_hint(exc.problem or "")
        return ScenarioError(Pos(file, mark.line + 1, mark.column + 1), message)
    return ScenarioError(Pos(file, 1, 1), f"YAML syntax error: {exc}")


def _syntax_hint(problem: str) -> str:
    """The usual cause of PyYAML's most common complaints."""
    if "'\\t'" in problem:
        return "; indent with spaces, YAML does not allow tabs"
    if problem.startswith("mapping values are not allowed"):
        return "; text that contains ': ' must be quoted"
    return ""


def _show_char(character: int | str) -> str:
    code = character if isinstance(character, int) else ord(character[:1] or "\0")
    return f"U+{code:04X}"


class _Converter:
    """Turns composed nodes into located values, refusing what a scenario cannot mean."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.active: set[int] = set()  # nodes being converted: an alias to one is a cycle

    def pos(self, node: yaml.Node) -> Pos:
        return Pos(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node) -> Node:
        self.count += 1
        if self.count > MAX_VALUES:
            raise ScenarioError(
                self.pos(node), f"the file holds more than {MAX_VALUES} values once aliases expand"
            )
        if id(node) in self.active:
            raise ScenarioError(self.pos(node), "an alias refers to the value that contains it")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self.sequence(node)
            return self.mapping(node)
        finally:
            self.active.discard(id(node))

    def sequence(self, node: SequenceNode) -> Seq:
        self.expect_tag(node, SEQ, "a list")
        return Seq(tuple(self.convert(item) for item in node.value), self.pos(node))

    def mapping(self, node: MappingNode) -> Map:
        self.expect_tag(node, MAP, "a mapping")
        pairs: list[tuple[Scalar, Node]] = []
        seen: dict[Any, Scalar] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key.value in seen:
                first = seen[key.value].pos
                raise ScenarioError(
                    key.pos,
                    f"duplicate key {key.value!r} in this mapping "
                    f"(first at line {first.line}, column {first.column}); keep only one",
                )
            seen[key.value] = key
            pairs.append((key, self.convert(value_node)))
        return Map(tuple(pairs), self.pos(node))

    def key(self, node: yaml.Node) -> Scalar:
        if not isinstance(node, ScalarNode):
            raise ScenarioError(
                self.pos(node), "a mapping key must be a plain value, not a list or mapping"
            )
        if node.value == "<<" and not node.style:
            raise ScenarioError(
                self.pos(node),
                "merge keys (<<) are not supported; repeat the keys, or alias the whole value",
            )
        key = self.scalar(node)
        if key.value is None or isinstance(key.value, datetime):
            raise ScenarioError(key.pos, f"{key.text!r} cannot be a key; quote it to make it text")
        return key

    def expect_tag(self, node: yaml.Node, tag: str, what: str) -> None:
        if node.tag != tag:
            raise ScenarioError(self.pos(node), f"the tag {node.tag} cannot mark {what}")

    def scalar(self, node: ScalarNode) -> Scalar:
        pos = self.pos(node)
        try:
            value = _scalar_value(node)
        except ValueError as exc:
            raise ScenarioError(pos, str(exc)) from None
        return Scalar(value, pos, node.value, node.style or None)  # libyaml says '' for plain


def _scalar_value(node: ScalarNode) -> Any:
    """The Python value of one scalar node, by its (resolved or explicit) tag."""
    text, tag = node.value, node.tag
    if tag == STR:
        return text
    if tag == NULL:
        return None
    if tag == BOOL:
        return _bool(text)
    if tag == INT:
        return _int(text)
    if tag == FLOAT:
        return _float(text)
    if tag == TIMESTAMP:
        return _timestamp(node)
    raise ValueError(f"unsupported YAML tag {tag}; write the value without a tag")


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ("true", "false"):
        raise ValueError(f"{text!r} is not true or false")
    return lowered == "true"


def _int(text: str) -> int:
    cleaned = text.strip()
    try:
        if cleaned.startswith("0o"):
            return int(cleaned[2:], 8)
        if cleaned.startswith("0x"):
            return int(cleaned[2:], 16)
        return int(cleaned, 10)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None


def _float(text: str) -> float:
    cleaned = text.strip().lower().replace(".inf", "inf").replace(".nan", "nan")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _timestamp(node: ScalarNode) -> datetime:
    """An aware UTC datetime; a date alone (only with an explicit tag) is its midnight UTC."""
    problem = f"{node.value!r} is not a valid timestamp (expected e.g. 2025-03-01T09:00:00Z)"
    try:
        value = _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, AttributeError, OverflowError):
        raise ValueError(problem) from None
    if not isinstance(value, datetime) and isinstance(value, date):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return parse_instant(value)
