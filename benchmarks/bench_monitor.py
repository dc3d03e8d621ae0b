"""Speed figures for the CloudWatch stand-in, printed, not asserted (shared machines are noisy).

    make bench

Target (issue 6): advancing the clock a day with a few alarms stays well
under a second: alarms are evaluated only where their state can change
(monitor.lifecycle), so a quiet day costs a handful of timers, not one per
period per alarm.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

from mlgov_sim.app import World

ALARMS = 5
TREATMENTS = ("missing", "breaching", "notBreaching", "ignore", "missing")


def alarm(i: int) -> dict[str, object]:
    return {
        "AlarmName": f"bench-{i}",
        "Namespace": "Bench",
        "MetricName": f"Metric{i}",
        "Statistic": "Average",
        "Period": 60,
        "EvaluationPeriods": 3,
        "DatapointsToAlarm": 2,
        "Threshold": 0.5,
        "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": TREATMENTS[i % len(TREATMENTS)],
    }


def publish_minute(world: World, minute: int) -> None:
    data = [
        {"MetricName": f"Metric{i}", "Value": float((minute + i) % 3 == 0)} for i in range(ALARMS)
    ]
    world.call("cloudwatch:PutMetricData", {"Namespace": "Bench", "MetricData": data})


def main() -> int:
    world = World.create()
    for i in range(ALARMS):
        world.call("cloudwatch:PutMetricAlarm", alarm(i))

    start = time.perf_counter()
    for minute in range(60):  # an hour of a datapoint a minute on every metric
        publish_minute(world, minute)
        world.advance(timedelta(minutes=1))
    busy = time.perf_counter() - start
    busy_timers = len(world.last_timers)

    start = time.perf_counter()
    world.advance(timedelta(days=1))  # then a quiet day
    quiet = time.perf_counter() - start
    timers = len(world.last_timers)

    label = f"an hour of data, {ALARMS} alarms (60 advances)"
    print(f"{label:<44} {busy:>10.2f} s   (last advance: {busy_timers} timers)")
    label = f"then advance one day, {ALARMS} alarms"
    print(f"{label:<44} {quiet * 1000:>10.1f} ms  ({timers} timers)")
    print()
    print(f"target a day's advance with a few alarms < 1 s: {'met' if quiet < 1 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
