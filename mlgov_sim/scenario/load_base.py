"""The loader's shared checks: allowed keys, expected types, and errors worded for a learner.

Each helper raises `ScenarioError` at the located key or value it looked at,
so every message reads `FILE:LINE:COLUMN: what was expected`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from mlgov_sim.scenario.model import ScenarioError
from mlgov_sim.scenario.yamlsource import Map, Node, Scalar, Seq


def suggest(word: Any, options: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest option (case first, then spelling), or nothing."""
    if not isinstance(word, str):
        return ""
    choices = list(options)
    by_case = [option for option in choices if option.lower() == word.lower()]
    cutoff = 0.5 if len(word) <= 3 else 0.6  # so that `d0` still finds `do`
    close = by_case or difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f"; did you mean {close[0]!r}?" if close else ""


def listing(options: Iterable[str]) -> str:
    """`a, b, c`: the allowed values, in the order the contract gives them."""
    return ", ".join(options)


def describe(node: Node | None) -> str:
    """What the learner wrote, in words: `a list`, `a number (5)`, `text ('abc')`."""
    if node is None:
        return "nothing"
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({node.text})"
    if isinstance(value, int | float):
        return f"a number ({node.text})"
    if isinstance(value, datetime):
        return f"a timestamp ({node.text})"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"text ({shown!r})"


def quote_hint(node: Node) -> str:
    """How to turn an unquoted number, boolean or timestamp into the text it looks like."""
    if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, str):
        return f'; quote it to make it text: "{node.text}"'
    return ""


def check_keys(mapping: Map, allowed: Sequence[str], what: str) -> None:
    """Refuse the first key not in `allowed`: a typo must never be silently ignored."""
    for key, _ in mapping.pairs:
        if key.value not in allowed:
            raise ScenarioError(
                key.pos,
                f"unknown key {key.text!r} in {what}{suggest(key.value, allowed)} "
                f"(allowed: {listing(allowed)})",
            )


def require(mapping: Map, key: str, what: str) -> Node:
    """The value under `key`, or an error at the mapping saying the key is missing."""
    node = mapping.get(key)
    if node is None:
        raise ScenarioError(mapping.pos, f"{what} needs {key!r}")
    return node


def expect_map(node: Node, what: str) -> Map:
    """`node` as a mapping, or an error saying `what` must be one."""
    if not isinstance(node, Map):
        raise ScenarioError(node.pos, f"{what} must be a mapping, got {describe(node)}")
    return node


def expect_seq(node: Node, what: str, *, non_empty: bool = False) -> Seq:
    """`node` as a list (non-empty when asked), or an error saying `what` must be one."""
    if not isinstance(node, Seq):
        raise ScenarioError(node.pos, f"{what} must be a list, got {describe(node)}")
    if non_empty and not node.items:
        raise ScenarioError(node.pos, f"{what} must list at least one item")
    return node


def expect_text(node: Node, what: str, *, non_empty: bool = True) -> str:
    """`node` as text, or an error saying `what` must be text (and how to quote it)."""
    if not isinstance(node, Scalar) or not isinstance(node.value, str):
        raise ScenarioError(
            node.pos, f"{what} must be text, got {describe(node)}{quote_hint(node)}"
        )
    if non_empty and not node.value.strip():
        raise ScenarioError(node.pos, f"{what} must not be empty")
    return node.value


def optional_text(mapping: Map, key: str, what: str) -> str | None:
    """The text under `key`, None when the key is absent."""
    node = mapping.get(key)
    return None if node is None else expect_text(node, what)


def text_list(node: Node, what: str) -> list[str]:
    """A list of text items with no repeats (concepts, buckets)."""
    items = expect_seq(node, what).items
    values: list[str] = []
    for item in items:
        value = expect_text(item, f"each item of {what}")
        if value in values:
            raise ScenarioError(item.pos, f"{value!r} appears twice in {what}")
        values.append(value)
    return values
