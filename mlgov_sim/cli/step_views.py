"""`show ...` inside a drill: the same views as `inspect`, `audit` and `events`, on the live world.

Showing reads tables; it is not a call, so it adds nothing to the audit trail.
"""

from __future__ import annotations

from mlgov_sim.app import World
from mlgov_sim.cli.errors import InvalidInput
from mlgov_sim.cli.inspect_cmd import (
    find_version,
    render_endpoints,
    render_registry,
    render_version,
)
from mlgov_sim.cli.trail import _entry_line, _event_line
from mlgov_sim.deploy.queries import endpoints_overview
from mlgov_sim.registry.queries import registry_overview
from mlgov_sim.scenario.prompt import Show

# How many of the latest audit entries and events `show audit` / `show events` print.
LATEST = 15


def show(world: World, command: Show) -> str:
    """The view `command` asks for, as text."""
    if command.view == "registry":
        with world.reading() as session:
            return render_registry(registry_overview(session)).rstrip("\n")
    if command.view == "version":
        try:
            return render_version(find_version(world, command.arg)).rstrip("\n")
        except InvalidInput as error:
            return error.message
    if command.view == "audit":
        entries = world.audit_log()
        lines = [_entry_line(entry) for entry in entries[-LATEST:]]
        return _latest(lines, len(entries), "calls") or "No calls yet."
    if command.view == "events":
        events = world.events()
        lines = [_event_line(event) for event in events[-LATEST:]]
        return _latest(lines, len(events), "events") or "No events yet."
    with world.reading() as session:
        endpoints = list(endpoints_overview(session))
    return render_endpoints(endpoints).rstrip("\n")


def _latest(lines: list[str], total: int, what: str) -> str:
    if total > len(lines):
        lines.insert(
            0,
            f"(the latest {len(lines)} of {total} {what}; `mlgov-sim audit` or "
            "`mlgov-sim events` with --db show them all)",
        )
    return "\n".join(lines)
