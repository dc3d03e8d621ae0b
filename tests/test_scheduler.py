"""The kernel's scheduler: timed transitions that run inside `World.advance`, in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import click
import pytest

from mlgov_sim.app import World
from mlgov_sim.core import scheduler
from mlgov_sim.core.call import Call, Principal
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.listeners import _LISTENERS, listen
from mlgov_sim.core.world import _load_state
from mlgov_sim.scenario.load import parse_scenario
from mlgov_sim.scenario.report import render_json, render_text
from mlgov_sim.scenario.runner import run_scenario

START = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
SEEN: list[tuple[str, datetime, dict[str, Any]]] = []


def _record(call: Call, payload: dict[str, Any]) -> str:
    """A timer that notes when it ran and with what, and may schedule a follow-up."""
    SEEN.append(("record", call.now, payload))
    then = payload.get("then")
    if then is not None:
        scheduler.schedule(
            call, call.now + timedelta(minutes=then), "test:record", {"label": "follow-up"}
        )
    return f"recorded {payload.get('label')}"


def _announce(call: Call, payload: dict[str, Any]) -> str:
    """A timer that announces an event, as a service's state change does."""
    call.emit("test.scheduler", "Test Timer Fired", {"label": payload["label"]}, ["arn:x"])
    return "announced"


def _fail(call: Call, payload: dict[str, Any]) -> None:
    """A timer that writes (schedules another timer), then fails: nothing it wrote may stay."""
    scheduler.schedule(call, call.now, "test:record", {"label": "from a failed timer"})
    raise ValidationException("the transition cannot happen")


scheduler.register_timer("test:record", _record)
scheduler.register_timer("test:announce", _announce)
scheduler.register_timer("test:fail", _fail)


@pytest.fixture(autouse=True)
def _clear() -> None:
    SEEN.clear()


def plant(world: World, *timers: tuple[timedelta, str, dict[str, Any], str | None]) -> None:
    """Schedule timers as a handler would, in one committed transaction of the world."""
    with world.engine.begin() as db:
        state = _load_state(db)
        call = Call(db, state, scheduler.operation_for("test:record"), Principal("t", "1", "a"))
        for offset, kind, payload, key in timers:
            scheduler.schedule(call, state.now + offset, kind, payload, key=key)


class TestOrder:
    def test_two_timers_in_one_advance_run_in_time_order_each_at_its_due_time(
        self, world: World
    ) -> None:
        """Scheduled late-first, they run early-first, each seeing its own due time as now."""
        plant(
            world,
            (timedelta(minutes=30), "test:record", {"label": "late"}, None),
            (timedelta(minutes=10), "test:record", {"label": "early"}, None),
        )
        until = world.advance(timedelta(hours=1))
        assert [(label["label"], when) for _, when, label in SEEN] == [
            ("early", START + timedelta(minutes=10)),
            ("late", START + timedelta(minutes=30)),
        ]
        assert until == world.now == START + timedelta(hours=1)
        assert [run.note for run in world.last_timers] == ["recorded early", "recorded late"]
        assert [run.due for run in world.last_timers] == [
            START + timedelta(minutes=10),
            START + timedelta(minutes=30),
        ]

    def test_timers_due_at_the_same_instant_run_in_the_order_scheduled(self, world: World) -> None:
        """Ties are broken by scheduling order, so a run is reproducible."""
        plant(
            world,
            *[(timedelta(minutes=5), "test:record", {"label": n}, None) for n in "bca"],
        )
        world.advance(timedelta(minutes=5))
        assert [payload["label"] for _, _, payload in SEEN] == ["b", "c", "a"]

    def test_a_timer_not_yet_due_waits_for_a_later_advance(self, world: World) -> None:
        """A timer beyond the new time stays pending, and runs when the clock reaches it."""
        plant(world, (timedelta(hours=2), "test:record", {"label": "later"}, None))
        world.advance(timedelta(hours=1))
        assert SEEN == []
        assert world.last_timers == []
        world.advance(timedelta(hours=1))
        assert [payload["label"] for _, _, payload in SEEN] == ["later"]

    def test_a_timer_scheduled_by_a_timer_runs_in_the_same_advance_when_due(
        self, world: World
    ) -> None:
        """A chain of transitions (Starting -> Downloading -> ...) unrolls within one advance."""
        plant(world, (timedelta(minutes=1), "test:record", {"label": "first", "then": 2}, None))
        world.advance(timedelta(minutes=10))
        assert [(p["label"], t) for _, t, p in SEEN] == [
            ("first", START + timedelta(minutes=1)),
            ("follow-up", START + timedelta(minutes=3)),
        ]

    def test_a_past_due_timer_runs_at_the_next_advance_without_moving_time_back(
        self, world: World
    ) -> None:
        """A timer scheduled for 'now' runs on the next advance, seeing the clock unchanged."""
        plant(world, (timedelta(0), "test:record", {"label": "now"}, None))
        world.advance(timedelta(seconds=1))
        assert SEEN == [("record", START, {"label": "now"})]
        assert world.now == START + timedelta(seconds=1)


class TestEffects:
    def test_a_timers_events_are_stored_at_its_due_time(self, world: World) -> None:
        """Events a timer announces go on the bus stamped with the timer's time."""
        plant(world, (timedelta(minutes=7), "test:announce", {"label": "x"}, None))
        world.advance(timedelta(hours=1))
        events = world.events()
        assert [(e["detail-type"], e["time"], e["detail"]) for e in events] == [
            ("Test Timer Fired", "2025-01-01T09:07:00Z", {"label": "x"})
        ]
        assert events[0]["account"] == "1"

    def test_a_timers_events_reach_listeners_and_automations(self, world: World) -> None:
        """Listeners see the event inside the transition; automations react after it commits."""
        heard: list[str] = []
        listen({"source": ["test.scheduler"]}, lambda call, event: heard.append(event["time"]))
        try:
            world.add_automation(
                "make-group",
                {"source": ["test.scheduler"]},
                [
                    {
                        "operation": "sagemaker:CreateModelPackageGroup",
                        "params": {"ModelPackageGroupName": "from-timer"},
                    }
                ],
            )
            plant(world, (timedelta(minutes=2), "test:announce", {"label": "y"}, None))
            world.advance(timedelta(minutes=5))
        finally:
            _LISTENERS.pop()
        assert heard == ["2025-01-01T09:02:00Z"]
        (run,) = world.last_timers
        assert [r.automation for r in run.reactions] == ["make-group"]
        assert run.reactions[0].calls[0].error is None
        described = world.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "from-timer"})
        assert described["CreationTime"] == START + timedelta(minutes=2)

    def test_timers_are_not_in_the_audit_log(self, world: World) -> None:
        """The audit log holds calls; a transition nobody called is not one."""
        plant(world, (timedelta(minutes=1), "test:announce", {"label": "z"}, None))
        world.advance(timedelta(minutes=1))
        assert world.audit_log() == []

    def test_cancel_drops_the_timers_of_a_key(self, world: World) -> None:
        """Cancelling by key removes those timers and leaves the others."""
        plant(
            world,
            (timedelta(minutes=1), "test:record", {"label": "job-a"}, "a"),
            (timedelta(minutes=2), "test:record", {"label": "job-b"}, "b"),
            (timedelta(minutes=3), "test:record", {"label": "job-a again"}, "a"),
        )
        with world.engine.begin() as db:
            state = _load_state(db)
            call = Call(db, state, scheduler.operation_for("test:record"), Principal("t", "1", "a"))
            assert scheduler.cancel(call, "a") == 2
        with world.reading() as session:
            assert [t.key for t in scheduler.pending(session)] == ["b"]
        world.advance(timedelta(hours=1))
        assert [p["label"] for _, _, p in SEEN] == ["job-b"]


class TestWho:
    def test_a_transition_acts_for_whoever_scheduled_it(self, world: World) -> None:
        """The timer's call carries the scheduling principal (their account, ARN and role)."""
        world.add_principal(
            "alice", arn="arn:aws:sts::111122223333:assumed-role/DS/alice", role="DS"
        )
        seen: list[tuple[str, str | None]] = []
        scheduler.register_timer(
            "test:who", lambda call, _: seen.append((call.principal.arn, call.principal.role))
        )
        alice = world.principal("alice")  # looked up before the transaction (one connection)
        with world.engine.begin() as db:
            state = _load_state(db)
            call = Call(db, state, scheduler.operation_for("test:who"), alice)
            scheduler.schedule(call, state.now, "test:who", {})
        world.advance(timedelta(seconds=1))
        assert seen == [("arn:aws:sts::111122223333:assumed-role/DS/alice", "DS")]

    def test_a_principal_the_world_lacks_is_replaced_by_the_accounts_root(
        self, world: World
    ) -> None:
        """If the scheduler's principal is unknown, the transition acts as the account."""
        seen: list[str] = []
        scheduler.register_timer("test:root", lambda call, _: seen.append(call.principal.arn))
        plant(world, (timedelta(0), "test:root", {}, None))
        world.advance(timedelta(seconds=1))
        assert seen == ["arn:aws:iam::1:root"]


class TestFailures:
    def test_a_failing_timer_is_dropped_and_reported_and_later_timers_still_run(
        self, world: World
    ) -> None:
        """What a failed transition wrote is rolled back; the error is on the advance's record."""
        plant(
            world,
            (timedelta(minutes=1), "test:fail", {}, None),
            (timedelta(minutes=2), "test:record", {"label": "after"}, None),
        )
        world.advance(timedelta(minutes=5))
        failed, after = world.last_timers
        assert failed.error is not None
        assert failed.error.code == "ValidationException"
        assert failed.due == START + timedelta(minutes=1)
        assert after.note == "recorded after"
        assert [p["label"] for _, _, p in SEEN] == ["after"]  # not "from a failed timer"
        with world.reading() as session:
            assert scheduler.pending(session) == []

    def test_scheduling_an_unregistered_kind_is_a_programming_error(self, world: World) -> None:
        """A typo in a timer kind fails where it is made, not silently later."""
        with pytest.raises(ValueError, match="no timer kind 'test:nope'"):
            plant(world, (timedelta(minutes=1), "test:nope", {}, None))

    def test_advance_refuses_to_move_backwards(self, world: World) -> None:
        """The clock only moves forward."""
        with pytest.raises(ValueError, match="only moves forward"):
            world.advance(timedelta(seconds=-1))


class TestReport:
    SCENARIO = "title: Wait\nsteps:\n  - advance: 1h\n    say: An hour passes.\n"

    def run(self, world: World) -> tuple[str, dict[str, Any]]:
        scenario = parse_scenario(self.SCENARIO, "wait.yaml")
        result = run_scenario(scenario, world)
        return click.unstyle(render_text(result)), render_json(result)

    def test_an_advance_step_lists_the_transitions_it_ran(self, world: World) -> None:
        """`advance 1h` shows each transition at its own time, in order, under the step."""
        plant(
            world,
            (timedelta(minutes=45), "test:record", {"label": "second"}, None),
            (timedelta(minutes=5), "test:record", {"label": "first"}, None),
        )
        text, data = self.run(world)
        assert (
            " 1  day 1 09:00:00   advance 1h: clock now day 1 10:00:00\n"
            "                     An hour passes.\n"
            "                     ↳ day 1 09:05:00 recorded first\n"
            "                     ↳ day 1 09:45:00 recorded second\n"
        ) in text
        assert [t["time"] for t in data["steps"][0]["transitions"]] == [
            "2025-01-01T09:05:00Z",
            "2025-01-01T09:45:00Z",
        ]
        assert data["passed"] is True

    def test_an_advance_without_transitions_reports_as_before(self, world: World) -> None:
        """No timer, no extra line and no `transitions` key: older reports are unchanged."""
        text, data = self.run(world)
        assert "↳" not in text
        assert "transitions" not in data["steps"][0]

    def test_a_failed_transition_fails_the_advance_step(self, world: World) -> None:
        """A transition that raised is a defect: the step fails and says which and why."""
        plant(world, (timedelta(minutes=5), "test:fail", {}, None))
        text, data = self.run(world)
        assert (
            "✗ day 1 09:05:00 test:fail failed: ValidationException: the transition cannot happen"
        ) in text
        assert data["passed"] is False
        assert data["steps"][0]["status"] == "failed"
