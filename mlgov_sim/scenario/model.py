"""A loaded scenario: plain dataclasses, each carrying where in the file it was written.

The loader (`load.py`) turns YAML into these after checking the whole
contract of docs/scenario-format.md; the runner only reads them.
Values under `with`, `expect` and `on` stay plain Python (dicts, lists,
scalars) and may contain `${...}` references, resolved when the step runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Pos:
    """A place in a scenario file, 1-based, printed as FILE:LINE:COLUMN."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class RoleSpec:
    name: str
    policies: list[dict[str, Any]]
    account: str | None
    pos: Pos


@dataclass
class PrincipalSpec:
    name: str
    role: str | None
    account: str | None
    pos: Pos


@dataclass
class WorldSpec:
    account: str = "111122223333"
    region: str = "us-east-1"
    clock: datetime | None = None
    principals: dict[str, PrincipalSpec] = field(default_factory=dict)
    roles: dict[str, RoleSpec] = field(default_factory=dict)
    buckets: list[str] = field(default_factory=list)


@dataclass
class ExpectError:
    code: str
    message_contains: str | None
    pos: Pos


@dataclass
class ActionStep:
    """`do:` one operation, as `principal`, with `params`; optionally `expect` or `expect_error`."""

    operation: str  # canonical "service:Operation"
    params: dict[str, Any]
    pos: Pos
    name: str | None = None
    say: str | None = None
    principal: str = "admin"
    expect: Any = None
    expect_error: ExpectError | None = None


@dataclass
class AdvanceStep:
    """`advance:` the simulated clock."""

    duration: timedelta
    text: str
    pos: Pos
    say: str | None = None


@dataclass
class SayStep:
    """Narration only."""

    text: str
    pos: Pos


@dataclass
class TaskStep:
    """A drill: `run` plays `solution`, then checks every `goal` step."""

    task: str
    goal: list[ActionStep]
    solution: list[ActionStep | AdvanceStep | SayStep]
    pos: Pos
    hint: str | None = None


@dataclass
class AskStep:
    """A question: `run` records it; `step` asks it."""

    ask: str
    choices: list[str]
    answer: str
    pos: Pos
    explain: str | None = None


Step = ActionStep | AdvanceStep | SayStep | TaskStep | AskStep


@dataclass
class Automation:
    """An EventBridge rule and what it does (run by the later events feature)."""

    name: str
    on: dict[str, Any]
    do: list[ActionStep]
    principal: str
    pos: Pos


@dataclass
class Scenario:
    path: str
    title: str
    steps: list[Step]
    summary: str | None = None
    concepts: list[str] = field(default_factory=list)
    world: WorldSpec = field(default_factory=WorldSpec)
    automations: list[Automation] = field(default_factory=list)


class ScenarioError(Exception):
    """The file is not a valid scenario; `pos` says where and the message what was expected."""

    def __init__(self, pos: Pos | None, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}" if self.pos else self.message
