"""Events the simulated services put on the world's bus, in EventBridge's envelope.

A handler announces a state change with `call.emit(...)`; the world stores it in
the same transaction as the change, so a refused call announces nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mlgov_sim.core.clock import format_instant


@dataclass(frozen=True)
class Event:
    """One state change as a service announces it (before it gets an ID and a time)."""

    source: str
    detail_type: str
    detail: dict[str, Any]
    resources: list[str] = field(default_factory=list)


def envelope(
    event: Event, *, event_id: str, time: datetime, account: str, region: str
) -> dict[str, Any]:
    """The event as EventBridge delivers it to a rule's target."""
    return {
        "version": "0",
        "id": event_id,
        "detail-type": event.detail_type,
        "source": event.source,
        "account": account,
        "time": format_instant(time),
        "region": region,
        "resources": list(event.resources),
        "detail": event.detail,
    }
