"""The AWS CLI's shorthand syntax: `Key=team,Value=growth` instead of JSON.

A subset of the CLI's grammar, enough for the structures a drill needs:

    pairs  := pair ("," pair)*
    pair   := key "=" value ("," bare)*      # extra bare items make the value a list
    value  := "{" pairs "}" | "[" items "]" | scalar
    items  := value ("," value)*
    scalar := 'quoted' | "quoted" | text up to , } ] (spaces inside are kept)

Values come back as text; the caller converts them to the member's type.

>>> parse_shorthand("Stage=Archived,StageStatus=Retired")
{'Stage': 'Archived', 'StageStatus': 'Retired'}
>>> parse_shorthand("Names=a,b,Nested={Deep=[1,2]}")
{'Names': ['a', 'b'], 'Nested': {'Deep': ['1', '2']}}
"""

from __future__ import annotations

from typing import Any

__all__ = ["ShorthandError", "parse_shorthand"]

_STOPS = ",}]"


class ShorthandError(ValueError):
    """The text is not shorthand; the message says where it went wrong."""


def parse_shorthand(text: str) -> dict[str, Any]:
    """The mapping `Key=value,Key=value` stands for."""
    parser = _Parser(text)
    result = parser.pairs(closing=None)
    if parser.i != len(text):
        raise ShorthandError(f"unexpected {text[parser.i]!r} at character {parser.i + 1}")
    return result


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def pairs(self, closing: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            key = self.key()
            value = self.value()
            while self.peek() == "," and not self._pair_follows():
                self.i += 1
                more = self.value()
                value = [*value, more] if isinstance(value, list) else [value, more]
            out[key] = value
            if self.peek() == ",":
                self.i += 1
                continue
            if self.peek() == (closing or ""):
                return out
            raise ShorthandError(f"expected ',' at character {self.i + 1}")

    def _pair_follows(self) -> bool:
        """After a ',', whether a `Key=` starts (else the text is one more list item)."""
        j = self.i + 1
        while j < len(self.text) and self.text[j] not in "=,{}[]'\"":
            j += 1
        return j < len(self.text) and self.text[j] == "="

    def key(self) -> str:
        start = self.i
        while self.peek() and self.peek() not in "=,{}[]":
            self.i += 1
        key = self.text[start : self.i].strip()
        if self.peek() != "=" or not key:
            raise ShorthandError(f"expected Key=value at character {start + 1}")
        self.i += 1
        return key

    def value(self) -> Any:
        char = self.peek()
        if char == "{":
            self.i += 1
            inner = self.pairs(closing="}")
            self.i += 1
            return inner
        if char == "[":
            self.i += 1
            items: list[Any] = []
            while self.peek() != "]":
                if not self.peek():
                    raise ShorthandError("a '[' is not closed with ']'")
                items.append(self.value())
                if self.peek() == ",":
                    self.i += 1
            self.i += 1
            return items
        if char in ("'", '"'):
            end = self.text.find(char, self.i + 1)
            if end == -1:
                raise ShorthandError(f"a quote opened at character {self.i + 1} is not closed")
            value = self.text[self.i + 1 : end]
            self.i = end + 1
            return value
        start = self.i
        while self.peek() and self.peek() not in _STOPS:
            self.i += 1
        return self.text[start : self.i].strip()
