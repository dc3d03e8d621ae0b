"""Alarm evaluation checked against CloudWatch's documented examples.

The table is the one in "Configuring how CloudWatch alarms treat missing
data" (Amazon CloudWatch User Guide,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html,
section "How alarm state is evaluated when data is missing"): five most
recent periods, oldest first, `0` a datapoint within the threshold, `X` a
breaching one, `-` a missing one, and the state each TreatMissingData gives,
for an alarm of 3 out of 3 datapoints and one of 2 out of 3. "Retain" is the
guide's "Retain current state".

Each case is played through World.call and World.advance with real timers:
the datapoints are published minute by minute, the alarm is set to a prior
state with SetAlarmState half a minute before the evaluation that sees
exactly those five periods, and the state after that evaluation is checked.
The pure evaluation function is checked on the same table too.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from mlgov_sim.app import World
from mlgov_sim.monitor import alarm_states
from mlgov_sim.monitor.evaluation import Rule, evaluate

RETAIN = "Retain"
TREATMENTS = ("missing", "ignore", "breaching", "notBreaching")

# (datapoints to alarm, data points oldest first, outcome per TREATMENTS), as the guide gives them.
GUIDE: list[tuple[int, str, tuple[str, str, str, str]]] = [
    (3, "0 - X - X", ("OK", "OK", "OK", "OK")),
    (3, "0 - - - -", ("OK", "OK", "OK", "OK")),
    (3, "- - - - -", ("INSUFFICIENT_DATA", RETAIN, "ALARM", "OK")),
    (3, "0 X X - X", ("ALARM", "ALARM", "ALARM", "ALARM")),
    (3, "- - - - X", ("INSUFFICIENT_DATA", RETAIN, "ALARM", "OK")),
    (3, "X - - - -", ("ALARM", RETAIN, "ALARM", "OK")),
    (2, "0 - X - X", ("ALARM", "ALARM", "ALARM", "ALARM")),
    (2, "0 0 X 0 X", ("ALARM", "ALARM", "ALARM", "ALARM")),
    (2, "0 - X - -", ("OK", "OK", "ALARM", "OK")),
    (2, "- - - - 0", ("OK", "OK", "ALARM", "OK")),
    (2, "- - - - X", ("INSUFFICIENT_DATA", RETAIN, "ALARM", "OK")),
]
CASES = [
    pytest.param(m, points, treat, outcome, id=f"{m}of3 {points.replace(' ', '')} {treat}")
    for m, points, outcomes in GUIDE
    for treat, outcome in zip(TREATMENTS, outcomes, strict=True)
]
THRESHOLD = 1.0
VALUES = {"0": 0.0, "X": 5.0}


def _values(points: str) -> list[float | None]:
    return [VALUES.get(point) for point in points.split()]


def _alarm(world: World, to_alarm: int, treat: str) -> None:
    world.call(
        "cloudwatch:PutMetricAlarm",
        {
            "AlarmName": "guide",
            "Namespace": "Guide",
            "MetricName": "Errors",
            "Statistic": "Maximum",
            "Period": 60,
            "EvaluationPeriods": 3,
            "DatapointsToAlarm": to_alarm,
            "Threshold": THRESHOLD,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": treat,
        },
    )


def _publish(world: World, value: float) -> None:
    datum = {"MetricName": "Errors", "Value": value}
    world.call("cloudwatch:PutMetricData", {"Namespace": "Guide", "MetricData": [datum]})


def state(world: World) -> str:
    with world.engine.connect() as db:
        return alarm_states(db, world.info().account, ["guide"])["guide"]


def prior_for(outcome: str) -> str:
    """A state to start from that the evaluation must change (or, for Retain, keep)."""
    return "OK" if outcome in ("ALARM", "INSUFFICIENT_DATA") else "ALARM"


def play(world: World, to_alarm: int, points: str, treat: str, prior: str) -> None:
    """Publish `points` in periods 09:00 to 09:04, set `prior` at 09:04:30, run the 09:05 check."""
    _alarm(world, to_alarm, treat)  # at 09:00:00, a period boundary
    world.advance(timedelta(seconds=30))
    values = _values(points)
    for index, value in enumerate(values):
        if value is not None:
            _publish(world, value)
        if index < len(values) - 1:
            world.advance(timedelta(minutes=1))
    world.call(
        "cloudwatch:SetAlarmState",
        {"AlarmName": "guide", "StateValue": prior, "StateReason": "prior state for the case"},
    )
    world.advance(timedelta(seconds=30))  # to 09:05:00: the evaluation of 09:00 .. 09:04
    assert world.now.strftime("%H:%M:%S") == "09:05:00"


@pytest.mark.parametrize(("to_alarm", "points", "treat", "outcome"), CASES)
def test_guide_case_on_the_simulated_clock(
    world: World, to_alarm: int, points: str, treat: str, outcome: str
) -> None:
    """The state after the evaluation that sees exactly these five periods is the guide's."""
    prior = prior_for(outcome)
    play(world, to_alarm, points, treat, prior)
    assert state(world) == (prior if outcome == RETAIN else outcome)
    notes = [run.note for run in world.last_timers if run.note]
    if outcome != RETAIN:  # the prior state differs, so the 09:05 evaluation changed it
        assert notes == [f"alarm guide: {prior} → {outcome}"]
    else:
        assert notes == []


@pytest.mark.parametrize(("to_alarm", "points", "treat", "outcome"), CASES)
def test_guide_case_pure(to_alarm: int, points: str, treat: str, outcome: str) -> None:
    """monitor.evaluation.evaluate gives the guide's outcome (None: keep the current state)."""
    rule = Rule("GreaterThanThreshold", THRESHOLD, 3, to_alarm, treat)
    verdict = evaluate(_values(points), rule)
    assert (verdict.state or RETAIN) == outcome


def test_retain_keeps_either_state(world: World) -> None:
    """With ignore and no data, the state set is kept, whichever it is."""
    for prior in ("OK", "INSUFFICIENT_DATA"):
        fresh = World.create()
        play(fresh, 3, "- - - - -", "ignore", prior)
        assert state(fresh) == prior
