"""Timed transitions: what moving the simulated clock sets off (a job finishing, an alarm firing).

Calls take no simulated time, so anything that happens *later* in AWS (a
training job going from Starting to Training, an endpoint becoming InService)
is a timer: a row saying "at this time, run this kind of transition with this
payload". The API is three functions:

    register_timer("sagemaker:training-job", advance_job)          # at import
    schedule(call, call.now + timedelta(minutes=3),                  # from a handler
             "sagemaker:training-job", {"arn": arn}, key=arn)
    cancel(call, key=arn)                                            # e.g. on Stop

`World.advance(duration)` runs every timer due up to the new time, earliest
first, ties in the order they were scheduled. Each runs in its own
transaction, with the clock set to its due time, as `fn(call, payload)`: the
`call` is a `Call` acting for the principal whose call scheduled the timer
(the service acts on their request, in their account; nothing is
authorised), so the function reads and writes through `call.db`,
announces events with `call.emit` (they reach the listeners and the
automations as a call's do) and may schedule further timers; a timer it
schedules at or before the new time runs in the same advance. It returns one
line saying what happened, for the report of the advance (or None to say
nothing). Timers are not audited: nobody called anything.

A timer whose function raises is dropped (its transaction rolled back, the
clock still moved to its due time) and reported as failed: a defect to fix,
never an expected outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, Index, Table, bindparam, delete, insert, select
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import Database, UTCDateTime
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.core.ops import Operation

if TYPE_CHECKING:
    from mlgov_sim.core.automations import AutomationRun
    from mlgov_sim.core.call import Call

TimerFn = Callable[["Call", dict[str, Any]], str | None]
TIMER_SERVICE = "timer"  # the `service` of the Operation a timer's Call carries


class TimerRow(SQLModel, table=True):
    """One pending timed transition; its `id` orders timers due at the same instant."""

    __tablename__ = "timer"
    __table_args__ = (Index("ix_timer_due", "due", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    due: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    kind: str
    key: str | None = Field(default=None, index=True)
    account: str
    principal: str  # the name of the principal whose call scheduled it
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


@dataclass(frozen=True)
class Timer:
    """A pending timer as the scheduler hands it out."""

    id: int
    due: datetime
    kind: str
    key: str | None
    account: str
    principal: str
    payload: dict[str, Any]


@dataclass
class TimerRun:
    """A timer that ran during an advance: when, what it said, what it set off, or its error."""

    due: datetime
    kind: str
    key: str | None
    note: str | None = None
    error: ServiceError | None = None
    reactions: list[AutomationRun] = field(default_factory=list)


_TIMERS: Table = TimerRow.__table__  # type: ignore[attr-defined]
_COLUMNS = (
    _TIMERS.c.id,
    _TIMERS.c.due,
    _TIMERS.c.kind,
    _TIMERS.c.key,
    _TIMERS.c.account,
    _TIMERS.c.principal,
    _TIMERS.c.payload,
)
_NEXT_DUE = (
    select(*_COLUMNS)
    .where(_TIMERS.c.due <= bindparam("until"))
    .order_by(_TIMERS.c.due, _TIMERS.c.id)
    .limit(1)
)
_INSERT = insert(_TIMERS)
_TAKE = delete(_TIMERS).where(_TIMERS.c.id == bindparam("timer_id"))
_CANCEL = delete(_TIMERS).where(_TIMERS.c.key == bindparam("key"))
_PENDING = select(*_COLUMNS).order_by(_TIMERS.c.due, _TIMERS.c.id)

_HANDLERS: dict[str, TimerFn] = {}
_OPERATIONS: dict[str, Operation] = {}


def _not_a_call(call: Call, params: dict[str, Any]) -> None:
    raise TypeError("a timer runs through World.advance, never through World.call")


def register_timer(kind: str, fn: TimerFn) -> None:
    """Declare what runs when a timer of `kind` (`sagemaker:training-job`) falls due."""
    _HANDLERS[kind] = fn
    _OPERATIONS[kind] = Operation(
        service=TIMER_SERVICE,
        name=kind,
        handler=_not_a_call,
        input_shape=None,
        output_shape=None,
        read_only=False,
        console_only=True,
        resource=None,
        summary=f"timed transition {kind}",
        notes="",
    )


def schedule(
    call: Call, at: datetime, kind: str, payload: dict[str, Any], *, key: str | None = None
) -> None:
    """Run the `kind` timer with `payload` once the clock reaches `at`.

    Written in the call's transaction, so a refused call schedules nothing.
    `key` (usually the resource's ARN) lets `cancel` find it again. A time
    already past runs at the next advance, whatever its length.
    """
    if kind not in _HANDLERS:
        raise ValueError(f"no timer kind {kind!r} is registered (register_timer)")
    values = {"due": at, "kind": kind, "key": key, "payload": payload}
    values.update(account=call.account, principal=call.principal.name)
    call.db.execute(_INSERT, values)


def cancel(call: Call, key: str) -> int:
    """Drop every pending timer scheduled with `key`; returns how many there were."""
    return call.db.execute(_CANCEL, {"key": key}).rowcount or 0


def pending(db: Database) -> list[Timer]:
    """Every pending timer, in the order they would run."""
    return [Timer(*row) for row in db.execute(_PENDING)]


def next_due(db: Database, until: datetime) -> Timer | None:
    """The timer to run next if the clock moves to `until`, or None."""
    row = db.execute(_NEXT_DUE, {"until": until}).first()
    return None if row is None else Timer(*row)


def take(db: Database, timer: Timer) -> None:
    """Remove `timer` from the pending ones: it is running now."""
    db.execute(_TAKE, {"timer_id": timer.id})


def handler_for(kind: str) -> TimerFn:
    """The function registered for `kind`."""
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise ValueError(f"no timer kind {kind!r} is registered (register_timer)") from None


def operation_for(kind: str) -> Operation:
    """The Operation a timer's Call carries (a Call always belongs to one)."""
    handler_for(kind)
    return _OPERATIONS[kind]
