"""Automations: EventBridge rules whose targets are calls in the same world.

A scenario's `automations` become rows here, so a world saved with `--db`
keeps reacting when it is resumed or served. After a call commits, the world
hands the events it put to `react`, which runs every automation whose
pattern matches, in the order the events were put, each step through
`World.call` as the automation's principal (validated, authorised, audited
with the automation's name). The events those calls put are handled the same
way, breadth first; a chain of automations longer than `MAX_CHAIN` is a loop
and is stopped with an error naming the chain.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from mlgov_sim.core import templates
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.core.patterns import matches

if TYPE_CHECKING:
    from mlgov_sim.core.world import World

MAX_CHAIN = 5


class AutomationRow(SQLModel, table=True):
    """One automation: a name, an event pattern, the calls it makes, and who makes them."""

    __tablename__ = "automation"

    position: int = Field(primary_key=True)
    name: str = Field(unique=True)
    pattern: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    steps: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    principal: str = "admin"


@dataclass
class AutomationCall:
    """One call an automation made, and how it went."""

    operation: str
    params: dict[str, Any]
    response: dict[str, Any] | None = None
    error: ServiceError | None = None
    problem: str | None = None  # a reference that could not be resolved


@dataclass
class AutomationRun:
    """An automation fired by one event: its calls, or the loop it was stopped in."""

    automation: str
    event_id: str
    detail_type: str
    chain: tuple[str, ...]
    calls: list[AutomationCall] = field(default_factory=list)
    loop: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every call succeeded and no loop was stopped."""
        return self.loop is None and all(c.error is None and c.problem is None for c in self.calls)


@dataclass
class _Pending:
    event: dict[str, Any]
    chain: tuple[str, ...] = ()


def react(world: World, events: list[dict[str, Any]]) -> list[AutomationRun]:
    """Run the automations `events` trigger, and those their calls trigger, breadth first."""
    rules = world.automations()
    if not rules or not events:
        return []
    queue = deque(_Pending(event) for event in events)
    runs: list[AutomationRun] = []
    while queue:
        pending = queue.popleft()
        for rule in rules:
            if not matches(rule.pattern, pending.event):
                continue
            chain = (*pending.chain, rule.name)
            run = AutomationRun(rule.name, pending.event["id"], pending.event["detail-type"], chain)
            runs.append(run)
            if len(chain) > MAX_CHAIN:
                run.loop = (
                    f"automation loop stopped: {' -> '.join(chain)} would be a chain of "
                    f"{len(chain)} automations, more than {MAX_CHAIN} (each was triggered by "
                    f"the event the previous one's call put; narrow the 'on' pattern of "
                    f"{rule.name!r})"
                )
                continue
            queue.extend(_Pending(event, chain) for event in _fire(world, rule, pending, run))
    return runs


def _fire(
    world: World, rule: AutomationRow, pending: _Pending, run: AutomationRun
) -> list[dict[str, Any]]:
    """Make the rule's calls for one event; return the events they put."""
    info = world.info()
    scope: dict[str, Any] = {
        "event": pending.event,
        "world": {"account": info.account, "region": info.region},
        "clock": {"now": info.now},
    }
    put: list[dict[str, Any]] = []
    for step in rule.steps:
        call = AutomationCall(step["operation"], step.get("params") or {})
        run.calls.append(call)
        try:
            call.params = templates.resolve(call.params, scope)
        except templates.UnresolvedReference as error:
            call.problem = str(error)
            break
        try:
            call.response, events = world.call_collecting(
                call.operation, call.params, rule.principal, via=rule.name
            )
        except ServiceError as error:
            call.error = error
            break
        put.extend(events)
        if step.get("name"):
            scope[step["name"]] = call.response
    return put
