"""Alarms on the simulated clock: when they are evaluated, and what a state change does.

Periods are aligned to the epoch (a 300-second alarm's periods start at
:00, :05, ...). An alarm is evaluated at period boundaries, on the
evaluation range of complete periods just before the boundary (see
monitor.evaluation), by a scheduler timer keyed by the alarm's ARN, so
evaluations run inside `World.advance`, in time order with everything else.

Evaluations that cannot change anything are not run: after each
evaluation the alarm looks ahead through the data it has and schedules its
timer only at the first boundary where its state would change (none once
its range is empty and its state settled). A datapoint, PutMetricAlarm or
SetAlarmState brings the timer forward to the next boundary, since they may
change what the next evaluation decides. A state change updates the alarm,
records a StateUpdate history item and announces "CloudWatch Alarm State
Change", all in the transaction that evaluated it.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from mlgov_sim.core import scheduler
from mlgov_sim.core.call import Call
from mlgov_sim.monitor import store, views
from mlgov_sim.monitor.evaluation import Rule, evaluate, first_change
from mlgov_sim.monitor.reasons import Evaluated, reason, reason_data
from mlgov_sim.monitor.statistics import Point, summarise
from mlgov_sim.monitor.store import Alarm, MetricKey

TIMER = "cloudwatch:alarm"
SOURCE = "aws.cloudwatch"
ALARM_STATE_CHANGE = "CloudWatch Alarm State Change"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def period_index(moment: datetime, period: int) -> int:
    """Which period (counted from the epoch) `moment` falls in."""
    return math.floor((moment - _EPOCH).total_seconds() / period)


def period_start(index: int, period: int) -> datetime:
    return _EPOCH + timedelta(seconds=index * period)


def rule_of(alarm: Alarm) -> Rule:
    config = alarm.config
    periods = config["EvaluationPeriods"]
    return Rule(
        comparison=config["ComparisonOperator"],
        threshold=config["Threshold"],
        evaluation_periods=periods,
        datapoints_to_alarm=config.get("DatapointsToAlarm") or periods,
        treat_missing_data=config.get("TreatMissingData") or "missing",
    )


def statistic_of(alarm: Alarm) -> str:
    return alarm.config.get("Statistic") or alarm.config["ExtendedStatistic"]


# -- scheduling -----------------------------------------------------------------


def check_soon(call: Call, alarm: Alarm) -> bool:
    """Evaluate `alarm` at the next period boundary; False if it already is by then."""
    period = alarm.config["Period"]
    boundary = period_start(period_index(call.now, period) + 1, period)
    planned = alarm.next_check  # in the past only if its timer failed: plan again
    if planned is not None and call.now <= planned <= boundary:
        return False
    _schedule(call, alarm, boundary)
    return True


def reconsider(call: Call, alarm: Alarm) -> None:
    """Evaluate `alarm` at the next boundary of its (perhaps new) period, whatever was planned."""
    alarm.next_check = None
    check_soon(call, alarm)


def metric_changed(call: Call, key: MetricKey) -> None:
    """A datapoint of `key` arrived: the alarms watching it look again at their next boundary."""
    for alarm in store.alarms_on(call.db, call.account, call.region, key):
        before = store.snapshot(alarm)
        if check_soon(call, alarm):
            store.save(call.db, before, alarm)


def forget(call: Call, alarm: Alarm) -> None:
    """The alarm is deleted: drop its pending evaluation."""
    scheduler.cancel(call, alarm.arn)


def _schedule(call: Call, alarm: Alarm, at: datetime | None) -> None:
    scheduler.cancel(call, alarm.arn)
    alarm.next_check = at
    if at is not None:
        scheduler.schedule(call, at, TIMER, {"arn": alarm.arn, "name": alarm.name}, key=alarm.arn)


# -- evaluating -----------------------------------------------------------------


def evaluate_alarm(call: Call, payload: dict[str, Any]) -> str | None:
    """The scheduler's entry point: evaluate the alarm now (a period boundary)."""
    alarm = store.find_alarm(call.db, call.account, call.region, payload["name"])
    if alarm is None or alarm.arn != payload["arn"]:
        return None
    before = store.snapshot(alarm)
    rule = rule_of(alarm)
    period = alarm.config["Period"]
    now_index = period_index(call.now, period)
    summaries = _summaries(call, alarm, now_index - rule.range_size)
    statistic = statistic_of(alarm)
    series = {
        index: value
        for index, summary in summaries.items()
        if (value := summary.statistic(statistic)) is not None
    }
    first = now_index - rule.range_size
    verdict = evaluate([series.get(j) for j in range(first, now_index)], rule)
    old = alarm.state_value
    new = verdict.state or old
    note = None
    if new != old:
        points = [
            Evaluated(
                period_start(first + i, period),
                series[first + i],
                summaries[first + i].sample_count,
            )
            for i in verdict.evaluated
        ]
        text = reason(verdict, rule, points, old, new)
        data = reason_data(rule, statistic, period, points, call.now)
        change_state(call, alarm, new, text, data)
        note = f"alarm {alarm.name}: {old} → {new}"
    last = max(series) if series else None
    ahead = first_change(series, rule, alarm.state_value, now_index + 1, last)
    _schedule(call, alarm, None if ahead is None else period_start(ahead, period))
    store.save(call.db, before, alarm)
    return note


def _summaries(call: Call, alarm: Alarm, first: int) -> dict[int, Any]:
    """Each period's datapoints from period `first` on, summed up."""
    metric = store.metric_id(call.db, call.account, call.region, alarm.key)
    if metric is None:
        return {}
    period = alarm.config["Period"]
    unit = alarm.config.get("Unit")
    grouped: dict[int, list[Point]] = defaultdict(list)
    for sample in store.samples_from(call.db, metric, period_start(first, period)):
        if unit and sample.unit != unit:
            continue
        grouped[period_index(sample.timestamp, period)].append(
            Point(sample.sample_count, sample.sum, sample.minimum, sample.maximum, sample.values)
        )
    found = {}
    for index, points in grouped.items():
        summary = summarise(points)
        if summary is not None:
            found[index] = summary
    return found


def change_state(call: Call, alarm: Alarm, new: str, text: str, data: str | None) -> None:
    """Move `alarm` to `new` now: its history and its event, in this transaction."""
    old_value, old_reason, old_data = alarm.state_value, alarm.state_reason, alarm.state_reason_data
    old_time = alarm.state_updated
    alarm.state_value, alarm.state_reason, alarm.state_reason_data = new, text, data
    alarm.state_updated = alarm.state_transitioned = call.now
    history = {
        "version": "1.0",
        "oldState": views.state_json(old_value, old_reason, old_data),
        "newState": views.state_json(new, text, data),
    }
    record_history(
        call, alarm.name, "StateUpdate", f"Alarm updated from {old_value} to {new}", history
    )
    detail = {
        "alarmName": alarm.name,
        "state": views.event_state(new, text, data, call.now),
        "previousState": views.event_state(old_value, old_reason, old_data, old_time),
        "configuration": views.event_configuration(alarm),
    }
    call.emit(SOURCE, ALARM_STATE_CHANGE, detail, [alarm.arn])


def record_history(
    call: Call, name: str, item_type: str, summary: str, data: dict[str, Any]
) -> None:
    """One DescribeAlarmHistory item, stamped now."""
    store.add_history(
        call.db,
        {
            "account": call.account,
            "region": call.region,
            "alarm_name": name,
            "alarm_type": "MetricAlarm",
            "timestamp": call.now,
            "item_type": item_type,
            "summary": summary,
            "data": json.dumps(data, separators=(",", ":")),
        },
    )


scheduler.register_timer(TIMER, evaluate_alarm)
