"""Domains, user profiles, apps and Canvas items on the simulated clock.

    domain        Pending -5m-> InService        Deleting -3m-> gone
    user profile  Pending -1m-> InService        Updating -1m-> InService   Deleting -1m-> gone
    app           Pending -5m (Canvas) / 2m (others)-> InService            Deleting -1m-> Deleted
    shared or imported model   Importing -15m-> Ready   (AWS: "up to 20 minutes")
    Canvas quick build         Building -10m-> Ready    (standard build: 2h)

AWS gives no durations for these (domains take minutes); the simulator's
are in docs/fidelity.md. One timer kind moves them all; its payload names the
table, the row and the status to reach.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlmodel import SQLModel

from mlgov_sim.canvas.tables import AppRow, CanvasItemRow, DomainRow, UserProfileRow
from mlgov_sim.core import scheduler
from mlgov_sim.core.call import Call
from mlgov_sim.core.tagging import drop_tags

TIMER = "sagemaker:studio"
GONE = "gone"

DOMAIN_CREATE = timedelta(minutes=5)
DOMAIN_DELETE = timedelta(minutes=3)
PROFILE_CHANGE = timedelta(minutes=1)
CANVAS_APP_START = timedelta(minutes=5)
APP_START = timedelta(minutes=2)
APP_DELETE = timedelta(minutes=1)
IMPORTING = timedelta(minutes=15)
QUICK_BUILD = timedelta(minutes=10)
STANDARD_BUILD = timedelta(hours=2)

# item kind -> what happens as it becomes Ready; a reason returned fails the item instead.
_ON_READY: dict[str, Callable[[Call, Any], str | None]] = {}

_TABLES: dict[str, type[SQLModel]] = {
    "domain": DomainRow,
    "user-profile": UserProfileRow,
    "app": AppRow,
    "item": CanvasItemRow,
}


def on_ready(kind: str, fn: Callable[[Call, Any], str | None]) -> None:
    """Run `fn` as an item of `kind` becomes Ready (a build writing its artifact)."""
    _ON_READY[kind] = fn


def later(call: Call, row: Any, what: str, to: str, after: timedelta) -> None:
    """Move `row` (a `what`: domain, user-profile, app, item) to status `to` after `after`."""
    call.flush()  # the row needs its id
    payload = {"what": what, "id": row.id, "to": to}
    scheduler.schedule(call, call.now + after, TIMER, payload, key=f"{what}:{row.id}")


def cancel(call: Call, row: Any, what: str) -> None:
    """Drop the pending transition of `row` (it is being deleted)."""
    scheduler.cancel(call, f"{what}:{row.id}")


def move(call: Call, row: Any, what: str, now: str, to: str, after: timedelta) -> None:
    """`row` is `now` at once and `to` after `after`, whatever it was on its way to before.

    One place for what Delete*, UpdateUserProfile and an updated share all do:
    the transition pending (a creation still Pending) is dropped, so a row
    being deleted does not come back InService.
    """
    cancel(call, row, what)
    row.status = now
    if hasattr(row, "last_modified_time"):
        row.last_modified_time = call.now
    call.session.add(row)
    later(call, row, what, to, after)


def transition(call: Call, payload: dict[str, Any]) -> str | None:
    """The scheduler's entry point: one status change, or a deletion completed."""
    table = _TABLES[payload["what"]]
    row = call.session.get(table, payload["id"])
    if row is None:
        return None
    label = _label(payload["what"], row)
    if payload["to"] == GONE:
        if getattr(row, "arn", None):
            drop_tags(call.db, row.arn)
        call.session.delete(row)
        return f"{label}: deleted"
    row.status = payload["to"]
    hook = _ON_READY.get(getattr(row, "kind", "")) if row.status == "Ready" else None
    reason = hook(call, row) if hook else None
    if reason:
        row.status = "Failed"
        row.detail = {**row.detail, "FailureReason": reason}
    if hasattr(row, "last_modified_time"):
        row.last_modified_time = call.now
    call.session.add(row)
    return f"{label}: {row.status}" + (f": {reason}" if reason else "")


def _label(what: str, row: Any) -> str:
    if what == "domain":
        return f"domain {row.domain_id} ({row.name})"
    if what == "user-profile":
        return f"user profile {row.name} in {row.domain_id}"
    if what == "app":
        return f"{row.app_type} app {row.name} of {row.user_profile}"
    return f"Canvas {row.kind} {row.name}"


scheduler.register_timer(TIMER, transition)
