"""What a handler gets: the call's transaction, its principal, the time, the world's services."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlmodel import Session

from mlgov_sim.core import arn as arns
from mlgov_sim.core.events import Event
from mlgov_sim.core.ids import derive_hex, derive_uuid
from mlgov_sim.core.ops import Operation
from mlgov_sim.core.shapes import to_jsonable


@dataclass
class WorldState:
    """The world's row as one call sees it; the counter is written back if the call used it."""

    account: str
    region: str
    seed: str
    now: datetime
    id_counter: int


@dataclass(frozen=True)
class Principal:
    """Who is acting: a name in the world, an account, an ARN, and the role acted through."""

    name: str
    account: str
    arn: str
    role: str | None = None


@dataclass
class Call:
    """One operation in progress, inside one database transaction.

    `db` is that transaction: a Core `Connection`, on which features run their
    statements (built once, see registry/store.py). `session` is an ORM
    `Session` joined to the same transaction, made on first use, for code that
    prefers the ORM; the world flushes it before storing the call's events and
    audit entry. Either way, nothing a failed call wrote remains.
    """

    db: Connection
    world: WorldState
    operation: Operation
    principal: Principal
    target_arn: str | None = None
    events: list[Event] = field(default_factory=list)
    initial_counter: int = field(init=False)
    _session: Session | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.initial_counter = self.world.id_counter

    @property
    def session(self) -> Session:
        """An ORM session in the call's transaction (it never commits; the call does)."""
        if self._session is None:
            self._session = Session(
                bind=self.db, expire_on_commit=False, join_transaction_mode="rollback_only"
            )
        return self._session

    def flush(self) -> None:
        """Write what the ORM session holds, so statements on `db` see it."""
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        """Let go of the ORM session, if one was made (the transaction is the world's)."""
        if self._session is not None:
            self._session.close()
            self._session = None

    @property
    def account(self) -> str:
        """The account the call acts in: the caller's."""
        return self.principal.account

    @property
    def region(self) -> str:
        return self.world.region

    @property
    def now(self) -> datetime:
        """The simulated time; the only "now" a handler may use."""
        return self.world.now

    def arn(self, resource: str, service: str = "sagemaker", account: str | None = None) -> str:
        """An ARN for `resource` in this call's region and (by default) account."""
        return arns.build(service, self.region, account or self.account, resource)

    def next_number(self) -> int:
        """The world's next serial number (rolled back with the call if it fails)."""
        self.world.id_counter += 1
        return self.world.id_counter

    def new_hex(self, kind: str, length: int = 32) -> str:
        """Hex digits derived from the world, where AWS would make random ones."""
        return derive_hex(self.world.seed, kind, self.next_number(), length)

    def new_uuid(self, kind: str) -> str:
        """A UUID derived from the world, where AWS would make a random one."""
        return derive_uuid(self.world.seed, kind, self.next_number())

    def emit(
        self, source: str, detail_type: str, detail: dict[str, Any], resources: list[str]
    ) -> None:
        """Announce a state change; it reaches the bus only if the call commits."""
        self.events.append(Event(source, detail_type, to_jsonable(detail), list(resources)))

    def user_context(self) -> dict[str, Any]:
        """`CreatedBy` / `LastModifiedBy` as SageMaker fills them for an IAM caller."""
        return {"IamIdentity": {"Arn": self.principal.arn, "PrincipalId": self.principal_id()}}

    def principal_id(self) -> str:
        """A stable principal ID (AWS's `AIDA…`/`AROA…` form) for the caller."""
        return _principal_id(self.world.seed, self.principal.arn, bool(self.principal.role))


@functools.lru_cache(maxsize=1024)
def _principal_id(seed: str, arn: str, role: bool) -> str:
    """Derived once per world and principal, not on every call that records its caller."""
    return ("AROA" if role else "AIDA") + derive_hex(seed, "principal:" + arn, 0, 17).upper()
