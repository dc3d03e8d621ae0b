"""What deploy asks of CloudWatch (mlgov_sim.monitor): alarm states, and publishing metrics.

SageMaker watches the alarms a DeploymentConfig names and publishes its
endpoints' invocation metrics as the service; these are the few questions a
deployment puts to the monitor feature, in deploy's terms.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mlgov_sim import monitor
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database

SOURCE = monitor.SOURCE
ALARM_STATE_CHANGE = monitor.ALARM_STATE_CHANGE
IN_ALARM = "ALARM"


def first_in_alarm(db: Database, account: str, names: list[str]) -> str | None:
    """The first of `names` (in their order) whose state is ALARM, or None."""
    if not names:
        return None
    found = monitor.alarm_states(db, account, list(names))
    return next((name for name in names if found.get(name) == IN_ALARM), None)


def evaluation_due(db: Database, account: str, names: list[str], moment: datetime) -> bool:
    """Whether one of `names` is still to be evaluated at `moment` (its timer not run yet)."""
    return bool(names) and bool(monitor.evaluations_due(db, account, list(names), moment))


def missing(db: Database, account: str, names: list[str]) -> list[str]:
    """The alarms among `names` that do not exist in `account`."""
    if not names:
        return []
    found = monitor.alarm_states(db, account, list(names))
    return [name for name in names if name not in found]


def publish(
    call: Call,
    namespace: str,
    metric: str,
    dimensions: dict[str, str],
    value: float,
    *,
    unit: str = "None",
) -> None:
    """Publish one data point as the service, at the call's time."""
    monitor.publish(call, namespace, metric, dimensions, value, unit=unit)


def event_alarm(event: dict[str, Any]) -> str | None:
    """The alarm name of a "CloudWatch Alarm State Change" event."""
    return (event.get("detail") or {}).get("alarmName")
