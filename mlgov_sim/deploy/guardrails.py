"""DeploymentConfig read as a plan: how many instances take traffic after each shift, bakes, limits.

Pure functions. A blue/green update launches the whole new (green) fleet,
then shifts traffic in steps: ALL_AT_ONCE in one, CANARY in two (the canary,
then the rest), LINEAR in equal steps. Each step but the last bakes for
WaitIntervalInSeconds; the last (all traffic on green) bakes for
TerminationWaitInSeconds before the old (blue) fleet is terminated. A rolling
update launches and shifts one batch at a time, baking WaitIntervalInSeconds
after each. The documented limits are refused with ValidationException.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from mlgov_sim.core.errors import ValidationException

ROLLING = "ROLLING"


@dataclass(frozen=True)
class Plan:
    """The deployment a DeploymentConfig asks for, on a new fleet of `total` instances."""

    kind: str  # ALL_AT_ONCE | CANARY | LINEAR | ROLLING
    total: int
    steps: list[int]  # instances taking traffic after each shift; the last is `total`
    bakes: list[int]  # seconds baked after each shift
    timeout: int | None = None
    alarms: list[str] = field(default_factory=list)
    rollback_batch: int | None = None  # instances restored per rollback batch (rolling)

    @property
    def rolling(self) -> bool:
        return self.kind == ROLLING


def default_plan(total: int) -> Plan:
    """No DeploymentConfig: AWS's blue/green update, all at once, with no baking."""
    return Plan("ALL_AT_ONCE", total, [total], [0])


def plan(config: dict[str, Any] | None, total: int) -> Plan:
    """The plan of `config` (a DeploymentConfig) for a new fleet of `total` instances."""
    if not config:
        return default_plan(total)
    alarms = [
        alarm["AlarmName"]
        for alarm in (config.get("AutoRollbackConfiguration") or {}).get("Alarms") or []
    ]
    blue_green, rolling = config.get("BlueGreenUpdatePolicy"), config.get("RollingUpdatePolicy")
    if blue_green and rolling:
        raise ValidationException(
            "DeploymentConfig takes either BlueGreenUpdatePolicy or RollingUpdatePolicy, not both."
        )
    if rolling:
        return _rolling(rolling, total, alarms)
    if blue_green:
        return _blue_green(blue_green, total, alarms)
    found = default_plan(total)
    return Plan(found.kind, total, found.steps, found.bakes, alarms=alarms)


def _blue_green(policy: dict[str, Any], total: int, alarms: list[str]) -> Plan:
    routing = policy["TrafficRoutingConfiguration"]
    kind, wait = routing["Type"], routing["WaitIntervalInSeconds"]
    termination = policy.get("TerminationWaitInSeconds", 0)
    canary, linear = routing.get("CanarySize"), routing.get("LinearStepSize")
    if kind == "CANARY":
        if canary is None:
            raise ValidationException(
                "CanarySize must be specified for traffic routing type CANARY."
            )
        size = capacity(canary, total)
        if 2 * size > total:
            raise ValidationException(
                f"CanarySize ({size} instance(s)) must be at most 50% of the variant's total "
                f"instance count ({total})."
            )
        steps = [size, total]
    elif kind == "LINEAR":
        if linear is None:
            raise ValidationException(
                "LinearStepSize must be specified for traffic routing type LINEAR."
            )
        size = capacity(linear, total)
        if not (10 * size >= total and 2 * size <= total):
            raise ValidationException(
                f"LinearStepSize ({size} instance(s)) must be between 10% and 50% of the "
                f"variant's total instance count ({total})."
            )
        steps = [min(size * n, total) for n in range(1, math.ceil(total / size) + 1)]
    else:
        steps = [total]
    if kind != "CANARY" and canary is not None:
        raise ValidationException(
            f"CanarySize is only allowed for traffic routing type CANARY, not {kind}."
        )
    if kind != "LINEAR" and linear is not None:
        raise ValidationException(
            f"LinearStepSize is only allowed for traffic routing type LINEAR, not {kind}."
        )
    timeout = policy.get("MaximumExecutionTimeoutInSeconds")
    _check_timeout(timeout, wait + termination, "WaitIntervalInSeconds + TerminationWaitInSeconds")
    bakes = [wait] * (len(steps) - 1) + [termination]
    return Plan(kind, total, steps, bakes, timeout, alarms)


def _rolling(policy: dict[str, Any], total: int, alarms: list[str]) -> Plan:
    size = capacity(policy["MaximumBatchSize"], total)
    if not (20 * size >= total and 2 * size <= total):
        raise ValidationException(
            f"MaximumBatchSize ({size} instance(s)) must be between 5% and 50% of the variant's "
            f"total instance count ({total})."
        )
    wait = policy["WaitIntervalInSeconds"]
    timeout = policy.get("MaximumExecutionTimeoutInSeconds")
    _check_timeout(timeout, wait, "WaitIntervalInSeconds")
    steps = [min(size * n, total) for n in range(1, math.ceil(total / size) + 1)]
    back = policy.get("RollbackMaximumBatchSize")
    rollback = capacity(back, total) if back else total
    return Plan(ROLLING, total, steps, [wait] * len(steps), timeout, alarms, rollback)


def _check_timeout(timeout: int | None, waits: int, what: str) -> None:
    if timeout is not None and timeout <= waits:
        raise ValidationException(
            f"MaximumExecutionTimeoutInSeconds ({timeout}) must be larger than the total waiting "
            f"time, {what} ({waits})."
        )


def capacity(size: dict[str, Any], total: int) -> int:
    """Instances a CapacitySize names on a fleet of `total`: a count, or a percent rounded down."""
    if size["Type"] == "INSTANCE_COUNT":
        return int(size["Value"])
    if size["Value"] > 100:
        raise ValidationException(
            f"A CAPACITY_PERCENT size cannot exceed 100 (got {size['Value']})."
        )
    return max(1, math.floor(total * size["Value"] / 100))
