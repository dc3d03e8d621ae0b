"""The CloudWatch stand-in: metrics, alarms evaluated on the simulated clock, their events.

`cloudwatch:` operations (PutMetricData, GetMetricStatistics, GetMetricData,
ListMetrics, PutMetricAlarm, DescribeAlarms, DescribeAlarmHistory,
SetAlarmState, DeleteAlarms) work in the caller's account and the world's
Region. Alarm state changes are announced as "CloudWatch Alarm State
Change" (source "aws.cloudwatch").

Other features use three public functions: `publish` (a datapoint the
service publishes itself, such as SageMaker's invocation metrics),
`alarm_states` (what a deployment guardrail reads at each step) and
`evaluations_due` (whether an alarm is still to be evaluated at this instant).

Importing the package registers the operations, the alarms' timer, and
alarms as taggable resources (for IAM's aws:ResourceTag conditions).
"""

from __future__ import annotations

from datetime import datetime

from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.tagging import register_taggable
from mlgov_sim.monitor import alarms, history, lifecycle, metrics, store
from mlgov_sim.monitor.lifecycle import ALARM_STATE_CHANGE, SOURCE


def publish(
    call: Call,
    namespace: str,
    metric_name: str,
    dimensions: dict[str, str],
    value: float,
    *,
    unit: str = "None",
    timestamp: datetime | None = None,
) -> None:
    """A datapoint the service publishes itself (AWS/SageMaker invocation metrics).

    Stored as PutMetricData would store it, in the call's account and Region,
    without an IAM check; stamped `call.now` unless `timestamp` is given.
    Alarms watching exactly this metric (namespace, name and dimensions) are
    evaluated at their next period boundary.
    """
    row = metrics.value_row(float(value), timestamp or call.now, unit)
    metrics.record(call, namespace, metric_name, dimensions, [row])


def alarm_states(db: Database, account: str, names: list[str]) -> dict[str, str]:
    """Current StateValue of each named alarm that exists in `account` (missing names: absent)."""
    return store.states(db, account, names)


def evaluations_due(db: Database, account: str, names: list[str], moment: datetime) -> list[str]:
    """The named alarms whose evaluation is due at or before `moment` and has not run yet.

    Timers due at one instant run in the order they were scheduled; a
    deployment step due at the instant an alarm is evaluated asks this to let
    the evaluation run first (deploy.deployment).
    """
    return store.due(db, account, names, moment)


def _alarm_exists(db: Database, arn: str) -> bool:
    return db.execute(store.ALARMS.select().where(store.ALARMS.c.arn == arn)).first() is not None


register_taggable("alarm", _alarm_exists)

__all__ = [
    "ALARM_STATE_CHANGE",
    "SOURCE",
    "alarm_states",
    "alarms",
    "evaluations_due",
    "history",
    "lifecycle",
    "metrics",
    "publish",
]
