"""The World: one database, one clock, one account and region, and `call`, the one way in.

`World.call("sagemaker:CreateModelPackage", input, principal)` is a short chain:

1. find the operation in the table (unknown -> UnknownOperationException);
2. validate the input against botocore's shape (-> ValidationException);
3. open one transaction, resolve the principal, run the handler;
4. conform the response to botocore's output shape;
5. store the events the handler announced and the audit entry, then commit.

Any error rolls the whole transaction back; the refusal is then audited in a
transaction of its own, so the audit log holds every call and nothing else the
failed call wrote remains.

The per-call path runs prebuilt Core statements on one `Connection` (the ORM's
per-statement and per-session cost would otherwise dominate a call; see
benchmarks/bench.py). Setting a world up (`create`, `add_principal`)
and the readers that hand back rows (`info`, `audit_log`,
`principals`) keep the ORM: they are rare, and their callers get SQLModel rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, select

from mlgov_sim.core import scheduler
from mlgov_sim.core.authorize import authorize
from mlgov_sim.core.automations import AutomationRow, AutomationRun, react
from mlgov_sim.core.call import Call, Principal, WorldState
from mlgov_sim.core.db import make_engine, transaction
from mlgov_sim.core.errors import InternalFailure, ServiceError
from mlgov_sim.core.events import Event, envelope
from mlgov_sim.core.fastsql import Prepared
from mlgov_sim.core.ids import derive_uuid
from mlgov_sim.core.listeners import notify
from mlgov_sim.core.ops import canonical_name, find_operation
from mlgov_sim.core.scheduler import TimerRun
from mlgov_sim.core.shapes import conform
from mlgov_sim.core.state import AuditEntry, EventRecord, PrincipalRow, RoleRow, WorldRow
from mlgov_sim.core.validation import validate

DEFAULT_ACCOUNT = "111122223333"
DEFAULT_REGION = "us-east-1"
DEFAULT_CLOCK = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
ADMIN = "admin"
# More timers than this in one advance is a timer rescheduling itself without end.
MAX_TIMERS_PER_ADVANCE = 100_000
MAX_LISTENER_ROUNDS = 10  # a listener announcing what another reacts to, and so on


@dataclass(frozen=True)
class Outcome:
    """A call's response and the automation runs its events set off."""

    response: dict[str, Any]
    reactions: list[AutomationRun]


class WorldExists(Exception):
    """A world is already stored where a new one would be created."""


class NoWorld(Exception):
    """No world is stored where one was expected."""


class UnrecognizedClientException(ServiceError):
    """The acting principal is not one this world knows (AWS's code for an unknown key)."""

    code = "UnrecognizedClientException"
    http_status = 400
    sender_fault = True


class World:
    """A simulated AWS world stored in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._principals: dict[str, Principal] = {}
        self.last_reactions: list[AutomationRun] = []
        self.last_timers: list[TimerRun] = []
        self._automations: list[AutomationRow] | None = None

    # -- creating and opening -------------------------------------------------

    @classmethod
    def create(
        cls,
        target: str | Path | None = None,
        *,
        account: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        clock: datetime = DEFAULT_CLOCK,
        seed: str = "mlgov-sim",
        title: str | None = None,
        replace: bool = False,
    ) -> World:
        """A new world at `target` (memory when None); refuses to overwrite one unless told."""
        engine = make_engine(target)
        if _has_world(engine):
            if not replace:
                raise WorldExists(f"{target} already holds a world")
            SQLModel.metadata.drop_all(engine)
        SQLModel.metadata.create_all(engine)
        start = clock.astimezone(UTC) if clock.tzinfo else clock.replace(tzinfo=UTC)
        with transaction(engine) as session:
            session.add(
                WorldRow(
                    account=account,
                    region=region,
                    seed=seed,
                    started_at=start,
                    now=start,
                    title=title,
                )
            )
            session.add(PrincipalRow(name=ADMIN, account=account, arn=admin_arn(account)))
        return cls(engine)

    @classmethod
    def open(cls, target: str | Path) -> World:
        """The world stored at `target`; NoWorld when there is none."""
        engine = make_engine(target)
        if not _has_world(engine):
            raise NoWorld(f"{target} holds no mlgov-sim world")
        SQLModel.metadata.create_all(engine)  # tables added by newer features
        return cls(engine)

    # -- the one way in -------------------------------------------------------

    def call(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        principal: str = ADMIN,
        *,
        via: str | None = None,
    ) -> dict[str, Any]:
        """Run one operation as `principal`, in one transaction; return botocore's output shape.

        Automations the call's events trigger run after it commits; their
        runs are in `last_reactions` (see `call_and_react`).
        """
        return self.call_and_react(name, params, principal, via=via).response

    def call_and_react(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        principal: str = ADMIN,
        *,
        via: str | None = None,
    ) -> Outcome:
        """`call`, returning the response together with the automations it set off."""
        response, events = self.call_collecting(name, params, principal, via=via)
        self.last_reactions = react(self, events) if events else []
        return Outcome(response, self.last_reactions)

    def call_collecting(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        principal: str = ADMIN,
        *,
        via: str | None = None,
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """One call without reacting to it: the response and the events it put on the bus."""
        call: Call | None = None
        try:
            operation = find_operation(name)
            clean = validate(operation.input_shape, params)
            who = self.principal(principal)
            with self.engine.begin() as db:
                call = Call(db, _load_state(db), operation, who)
                try:
                    if operation.resource is not None:
                        call.target_arn = operation.resource(call, clean)
                    authorize(db, who, operation, call.target_arn, clean)
                    raw = operation.handler(call, clean)
                    response = conform(operation.output_shape, raw or {})
                    events = self._finish(call, via)
                finally:
                    call.close()
            return response, events
        except ServiceError as error:
            self._audit_refusal(name, principal, call, via, error)
            raise
        except Exception as error:
            failure = InternalFailure(f"{type(error).__name__}: {error}")
            self._audit_refusal(name, principal, call, via, failure)
            raise failure from error

    def _acting_for(self, db: Connection, timer: scheduler.Timer) -> Principal:
        """Who a timer's transition acts for: whoever scheduled it, else the account's root.

        Read on the timer's own connection: a separate session would end its transaction.
        """
        found = self._principals.get(timer.principal)
        if found is None:
            row = db.execute(_SELECT_PRINCIPAL, {"name": timer.principal}).first()
            if row is None:
                arn = f"arn:aws:iam::{timer.account}:root"
                return Principal(timer.kind, timer.account, arn)
            found = Principal(*row)
        return found

    def principal(self, name: str) -> Principal:
        """The principal called `name`; UnrecognizedClientException when the world has none."""
        cached = self._principals.get(name)
        if cached is not None:
            return cached
        with self.reading() as session:
            row = session.get(PrincipalRow, name)
        if row is None:
            raise UnrecognizedClientException(
                f"No principal named {name!r} in this world "
                "(declare it under world.principals; 'admin' always exists)"
            )
        found = Principal(row.name, row.account, row.arn, row.role)
        self._principals[name] = found
        return found

    def _finish(self, call: Call, via: str | None, *, audit: bool = True) -> list[dict[str, Any]]:
        """Store the call's events and audit entry, and the counter it advanced.

        The services' own listeners (core.listeners: lineage recorded as
        SageMaker records it) see the events first, inside this transaction.
        Returns the events in EventBridge's envelope, for the automations.
        A timer's transition (`audit=False`) is no call, so it is not audited.
        """
        state = call.world
        call.flush()
        events: list[dict[str, Any]] = []
        envelopes: list[dict[str, Any]] = []
        rounds = 0
        while fresh := call.events[len(events) :]:
            rounds += 1
            if rounds > MAX_LISTENER_ROUNDS:
                raise RuntimeError(f"listeners still announcing after {MAX_LISTENER_ROUNDS} rounds")
            rows = [_event_row(call, event) for event in fresh]
            batch = [_envelope_of(row) for row in rows]
            events += rows
            envelopes += batch
            notify(call, batch)  # a listener may announce more: the next round's
            call.flush()
        db = call.db
        if events:
            _INSERT_EVENT.execute(db, events)
        if audit:
            _INSERT_AUDIT.execute(
                db,
                _audit_values(
                    state, call.principal, call.operation.full_name, call.target_arn, via
                ),
            )
        if state.id_counter != call.initial_counter:
            _UPDATE_COUNTER.execute(db, {"counter": state.id_counter})
        return envelopes

    def _audit_refusal(
        self, name: str, principal: str, call: Call | None, via: str | None, error: ServiceError
    ) -> None:
        who = call.principal if call else self._principals.get(principal)
        with self.engine.begin() as db:
            state = _load_state(db)
            values = _audit_values(
                state, who, canonical_name(name), call.target_arn if call else None, via, error
            )
            if who is None:
                values["principal"] = principal
            _INSERT_AUDIT.execute(db, values)

    # -- time -----------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The simulated time."""
        with self.engine.connect() as db:
            return _load_state(db).now

    def advance(self, duration: timedelta) -> datetime:
        """Move the simulated clock forward by `duration`; returns the new time.

        Every timer due on the way runs first, in time order, each in its own
        transaction at its due time (see core.scheduler); what they did is in
        `last_timers`, with the automations their events set off.
        """
        if duration < timedelta(0):
            raise ValueError("the simulated clock only moves forward")
        until = self.now + duration
        runs: list[TimerRun] = []
        while (run := self._run_timer(until)) is not None:
            runs.append(run)
            if len(runs) > MAX_TIMERS_PER_ADVANCE:
                raise RuntimeError(f"more than {MAX_TIMERS_PER_ADVANCE} timers in one advance")
        self.last_timers = runs
        with self.engine.begin() as db:
            db.execute(_UPDATE_NOW, {"now": until})
        return until

    def _run_timer(self, until: datetime) -> TimerRun | None:
        """Run the next timer due by `until` in a transaction of its own; None when none is."""
        with self.engine.begin() as db:
            timer = scheduler.next_due(db, until)
            if timer is None:
                return None
            scheduler.take(db, timer)
            state = _load_state(db)
            state.now = max(state.now, timer.due)
            db.execute(_UPDATE_NOW, {"now": state.now})
            run = TimerRun(state.now, timer.kind, timer.key)
            who = self._acting_for(db, timer)
            call = Call(db, state, scheduler.operation_for(timer.kind), who)
            events: list[dict[str, Any]] = []
            try:
                with db.begin_nested():
                    run.note = scheduler.handler_for(timer.kind)(call, timer.payload)
                    events = self._finish(call, None, audit=False)
            except ServiceError as error:
                run.error = error
            except Exception as error:  # a defect: reported on the advance, not raised
                run.error = InternalFailure(f"{type(error).__name__}: {error}")
            finally:
                call.close()
        run.reactions = react(self, events) if events else []
        return run

    # -- reading --------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for read-only query helpers (inspection, reports); never commits."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()  # ends the read transaction; loaded rows stay readable

    def info(self) -> WorldRow:
        """The world's row: account, region, clock, seed."""
        with self.reading() as session:
            return _world_row(session)

    def audit_log(self) -> list[AuditEntry]:
        """Every call made in this world, in order."""
        with self.reading() as session:
            return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))

    def events(self) -> list[dict[str, Any]]:
        """Every event put on the bus, in order, in EventBridge's envelope."""
        with self.reading() as session:
            rows = session.exec(select(EventRecord).order_by(EventRecord.seq))
            return [
                envelope(
                    _record_event(row),
                    event_id=row.event_id,
                    time=row.time,
                    account=row.account,
                    region=row.region,
                )
                for row in rows
            ]

    def add_principal(
        self, name: str, *, account: str | None = None, arn: str, role: str | None = None
    ) -> None:
        """Let `name` act in this world."""
        with transaction(self.engine) as session:
            home = _world_row(session).account
            session.merge(PrincipalRow(name=name, account=account or home, arn=arn, role=role))
        self._principals.pop(name, None)

    def add_role(self, name: str, policies: list[Any], *, account: str | None = None) -> None:
        """An IAM role with its identity-based policies (a list of statements or documents)."""
        with transaction(self.engine) as session:
            home = _world_row(session).account
            session.merge(RoleRow(name=name, account=account or home, policies=policies))

    def add_automation(
        self,
        name: str,
        pattern: dict[str, Any],
        steps: list[dict[str, Any]],
        principal: str = ADMIN,
    ) -> None:
        """An EventBridge-style rule: on events matching `pattern`, make `steps` as `principal`.

        Each step is `{"operation", "params", "name"?}`; params may hold
        `${event...}`, `${world...}` and earlier steps' `${name...}` references.
        """
        with transaction(self.engine) as session:
            position = len(session.exec(select(AutomationRow.position)).all()) + 1
            session.add(
                AutomationRow(
                    position=position, name=name, pattern=pattern, steps=steps, principal=principal
                )
            )
        self._automations = None

    def automations(self) -> list[AutomationRow]:
        """The world's automations, in the order they were added."""
        if self._automations is None:
            with self.reading() as session:
                self._automations = list(
                    session.exec(select(AutomationRow).order_by(AutomationRow.position))
                )
        return self._automations

    def principals(self) -> list[PrincipalRow]:
        """Who can act in this world."""
        with self.reading() as session:
            return list(session.exec(select(PrincipalRow).order_by(PrincipalRow.name)))


def admin_arn(account: str) -> str:
    """The ARN of the world's all-powerful `admin` user."""
    return f"arn:aws:iam::{account}:user/admin"


# The kernel's per-call statements, built once: the ORM's per-statement cost would
# otherwise dominate a call (see benchmarks/bench.py). Those every call runs are
# `Prepared` (core.fastsql): SQLAlchemy's own per-statement cost was most of a call.
_WORLD = WorldRow.__table__  # type: ignore[attr-defined]
_SELECT_STATE = Prepared(
    sa_select(
        _WORLD.c.account, _WORLD.c.region, _WORLD.c.seed, _WORLD.c.now, _WORLD.c.id_counter
    ).where(_WORLD.c.id == 1)
)
_UPDATE_COUNTER = Prepared(
    sa_update(_WORLD).where(_WORLD.c.id == 1).values(id_counter=bindparam("counter"))
)
_UPDATE_NOW = sa_update(_WORLD).where(_WORLD.c.id == 1).values(now=bindparam("now"))
_PRINCIPALS = PrincipalRow.__table__  # type: ignore[attr-defined]
_SELECT_PRINCIPAL = sa_select(
    _PRINCIPALS.c.name, _PRINCIPALS.c.account, _PRINCIPALS.c.arn, _PRINCIPALS.c.role
).where(_PRINCIPALS.c.name == bindparam("name"))
_AUDIT_KEYS = (
    "time",
    "account",
    "region",
    "principal",
    "principal_arn",
    "operation",
    "target_arn",
    "outcome",
    "error_code",
    "error_message",
    "via",
)
_EVENT_KEYS = (
    "event_id",
    "time",
    "source",
    "detail_type",
    "account",
    "region",
    "resources",
    "detail",
)
_INSERT_AUDIT = Prepared(insert(AuditEntry.__table__), _AUDIT_KEYS)  # type: ignore[attr-defined]
_INSERT_EVENT = Prepared(insert(EventRecord.__table__), _EVENT_KEYS)  # type: ignore[attr-defined]


def _load_state(db: Connection) -> WorldState:
    row = _SELECT_STATE.first(db)
    if row is None:
        raise NoWorld("this database holds no mlgov-sim world")
    return WorldState(*row)


def _audit_values(
    state: WorldState,
    who: Principal | None,
    operation: str,
    target: str | None,
    via: str | None,
    error: ServiceError | None = None,
) -> dict[str, Any]:
    return {
        "time": state.now,
        "account": who.account if who else state.account,
        "region": state.region,
        "principal": who.name if who else "?",
        "principal_arn": who.arn if who else "",
        "operation": operation,
        "target_arn": target,
        "outcome": "Error" if error else "Success",
        "error_code": error.code if error else None,
        "error_message": error.message if error else None,
        "via": via,
    }


def _world_row(session: Session) -> WorldRow:
    row = session.get(WorldRow, 1)
    if row is None:
        raise NoWorld("this database holds no mlgov-sim world")
    return row


def _has_world(engine: Engine) -> bool:
    if not sa_inspect(engine).has_table("world"):
        return False
    with Session(engine) as session:
        return session.get(WorldRow, 1) is not None


def _event_row(call: Call, event: Event) -> dict[str, Any]:
    """An announced event as the events table stores it, with its derived ID and time."""
    state = call.world
    return {
        "event_id": derive_uuid(state.seed, "event", call.next_number()),
        "time": state.now,
        "source": event.source,
        "detail_type": event.detail_type,
        "account": call.account,
        "region": state.region,
        "resources": event.resources,
        "detail": event.detail,
    }


def _envelope_of(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row in EventBridge's envelope, as listeners and automations see it."""
    return envelope(
        Event(row["source"], row["detail_type"], row["detail"], row["resources"]),
        event_id=row["event_id"],
        time=row["time"],
        account=row["account"],
        region=row["region"],
    )


def _record_event(row: EventRecord) -> Event:
    return Event(row.source, row.detail_type, row.detail, row.resources)
