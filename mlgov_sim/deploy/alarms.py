"""What deploy asks of CloudWatch (mlgov_sim.monitor): alarm states, and publishing metrics.

SageMaker watches the alarms a DeploymentConfig names and publishes its
endpoints' invocation metrics as the service. Until the monitor feature is
present these answer as a CloudWatch with no alarms and no metrics would.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database

try:
    from mlgov_sim import monitor as _monitor
except ImportError:  # monitor not assembled yet: no alarms, metrics go nowhere
    _monitor = None  # type: ignore[assignment]

SOURCE = "aws.cloudwatch"
ALARM_STATE_CHANGE = "CloudWatch Alarm State Change"
IN_ALARM = "ALARM"


def available() -> bool:
    """Whether CloudWatch is simulated (alarms can exist)."""
    return _monitor is not None and hasattr(_monitor, "alarm_states")


def states(db: Database, account: str, names: list[str]) -> dict[str, str]:
    """The state of each alarm of `account` among `names` that exists."""
    if not names or not available():
        return {}
    return dict(_monitor.alarm_states(db, account, list(names)))


def first_in_alarm(db: Database, account: str, names: list[str]) -> str | None:
    """The first of `names` (in their order) whose state is ALARM, or None."""
    found = states(db, account, names)
    return next((name for name in names if found.get(name) == IN_ALARM), None)


def evaluation_due(db: Database, account: str, names: list[str], moment: datetime) -> bool:
    """Whether one of `names` is still to be evaluated at `moment` (its timer not run yet)."""
    if not names or not available() or not hasattr(_monitor, "evaluations_due"):
        return False
    return bool(_monitor.evaluations_due(db, account, list(names), moment))


def missing(db: Database, account: str, names: list[str]) -> list[str]:
    """The alarms among `names` that do not exist (none are missing without CloudWatch)."""
    if not available():
        return []
    found = states(db, account, names)
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
    if _monitor is not None and hasattr(_monitor, "publish"):
        _monitor.publish(call, namespace, metric, dimensions, value, unit=unit)


def event_alarm(event: dict[str, Any]) -> str | None:
    """The alarm name of a "CloudWatch Alarm State Change" event."""
    return (event.get("detail") or {}).get("alarmName")
