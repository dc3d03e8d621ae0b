"""What Canvas users make (datasets, models, shared models, predictions), in one table."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from mlgov_sim.canvas.acting import Actor
from mlgov_sim.canvas.tables import CanvasItemRow
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ResourceNotFound

PREFIX = {"dataset": "dataset", "model": "model", "shared-model": "shared", "prediction": "pred"}


def new_item(
    call: Call,
    kind: str,
    who: Actor,
    name: str,
    status: str,
    detail: dict[str, Any],
    recipients: list[dict[str, str]] | None = None,
) -> CanvasItemRow:
    """A new item owned by `who`, its ID derived from the world (`model-1a2b3c4d5e6f`)."""
    row = CanvasItemRow(
        account=call.account,
        region=call.region,
        item_id=f"{PREFIX[kind]}-{call.new_hex('canvas-' + kind, 12)}",
        kind=kind,
        domain_id=who.domain_id,
        owner=who.name,
        name=name,
        status=status,
        recipients=recipients or [],
        detail=detail,
        creation_time=call.now,
        last_modified_time=call.now,
    )
    call.session.add(row)
    call.flush()
    return row


def find(call: Call, item_id: str, kind: str) -> CanvasItemRow | None:
    statement = select(CanvasItemRow).where(
        CanvasItemRow.item_id == item_id,
        CanvasItemRow.kind == kind,
        CanvasItemRow.account == call.account,
    )
    return call.session.exec(statement).first()


def owned(call: Call, who: Actor, kind: str) -> list[CanvasItemRow]:
    statement = (
        select(CanvasItemRow)
        .where(
            CanvasItemRow.domain_id == who.domain_id,
            CanvasItemRow.owner == who.name,
            CanvasItemRow.kind == kind,
        )
        .order_by(CanvasItemRow.id)
    )
    return list(call.session.exec(statement).all())


def dataset(call: Call, who: Actor, name: str) -> CanvasItemRow:
    """The actor's dataset called `name` (the latest import), or ResourceNotFound."""
    found = [row for row in owned(call, who, "dataset") if row.name == name]
    if not found:
        raise ResourceNotFound(
            f"{who.label()} has no dataset named '{name}': import it first (canvas:ImportDataset)."
        )
    return found[-1]


def is_recipient(row: CanvasItemRow, who: Actor) -> bool:
    return {"DomainId": who.domain_id, "UserProfileName": who.name} in row.recipients
