"""Features reacting to events inside the call that put them (the way SageMaker records lineage).

An automation reacts after a call commits, through calls of its own. A
listener is different: it is the simulated service itself noticing its own
event, so what it writes belongs to the same transaction as the change that
announced it (a version's lineage exists exactly when the version does).
Listeners may read and write through `call.db`, take identifiers from
`call.next_number()` and announce events of their own with `call.emit` (an
endpoint rolling back because an alarm it watches went to ALARM); those reach
the listeners in a next round, inside the same transaction, up to
`MAX_LISTENER_ROUNDS` rounds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mlgov_sim.core.patterns import matches

if TYPE_CHECKING:
    from mlgov_sim.core.call import Call

Listener = Callable[["Call", dict[str, Any]], None]
_LISTENERS: list[tuple[dict[str, Any], Listener]] = []


def listen(pattern: dict[str, Any], listener: Listener) -> None:
    """Call `listener(call, event)` for every event matching the EventBridge `pattern`."""
    _LISTENERS.append((pattern, listener))


def notify(call: Call, events: list[dict[str, Any]]) -> None:
    """Hand each event (in EventBridge's envelope) to the listeners whose pattern matches it.

    A pattern listing its detail-types as plain strings cannot match an event of
    another: its listener is passed over without matching the whole pattern
    (every call's events meet every listener).
    """
    for event in events:
        detail_type = event.get("detail-type")
        plain = isinstance(detail_type, str)
        for pattern, listener in _LISTENERS:
            wanted = pattern.get("detail-type")
            if plain and _plain_strings(wanted) and detail_type not in wanted:
                continue
            if matches(pattern, event):
                listener(call, event)


def _plain_strings(values: Any) -> bool:
    """Whether a pattern field lists nothing but strings (each an exact match)."""
    return isinstance(values, list) and bool(values) and all(isinstance(v, str) for v in values)
