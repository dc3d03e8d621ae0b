"""Alarms as callers see them: DescribeAlarms' MetricAlarm, history JSON and event details."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from mlgov_sim.monitor.reasons import stamp
from mlgov_sim.monitor.store import Alarm

# PutMetricAlarm members that DescribeAlarms shows back as they were given.
_ECHOED = (
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
)


def metric_alarm(alarm: Alarm) -> dict[str, Any]:
    """The alarm as DescribeAlarms lists it (a MetricAlarm)."""
    config = alarm.config
    shown: dict[str, Any] = {"AlarmName": alarm.name, "AlarmArn": alarm.arn}
    for member in _ECHOED:
        if member in config:
            shown[member] = config[member]
    shown.setdefault("ActionsEnabled", True)
    for actions in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        shown.setdefault(actions, [])
    shown.setdefault("Dimensions", [])
    shown.update(
        AlarmConfigurationUpdatedTimestamp=alarm.config_updated,
        StateValue=alarm.state_value,
        StateReason=alarm.state_reason,
        StateReasonData=alarm.state_reason_data,
        StateUpdatedTimestamp=alarm.state_updated,
        StateTransitionedTimestamp=alarm.state_transitioned,
    )
    return shown


def history_alarm(alarm: Alarm) -> dict[str, Any]:
    """The alarm as ConfigurationUpdate history data describes it (lowerCamel keys)."""
    shown = metric_alarm(alarm)
    camel: dict[str, Any] = {}
    for key, value in shown.items():
        if value is None:
            continue
        if isinstance(value, datetime):
            value = stamp(value)
        if key == "Dimensions":
            value = [{"name": d["Name"], "value": d["Value"]} for d in value]
        camel["okActions" if key == "OKActions" else key[:1].lower() + key[1:]] = value
    return camel


def state_json(value: str, reason: str, data: str | None) -> dict[str, Any]:
    """One side of a StateUpdate's history data."""
    shown: dict[str, Any] = {"stateValue": value, "stateReason": reason}
    if data:
        shown["stateReasonData"] = json.loads(data)
    return shown


def event_state(value: str, reason: str, data: str | None, moment: datetime) -> dict[str, Any]:
    """`state` / `previousState` of a "CloudWatch Alarm State Change" event."""
    shown: dict[str, Any] = {"value": value, "reason": reason}
    if data:
        shown["reasonData"] = data
    shown["timestamp"] = stamp(moment)
    return shown


def event_configuration(alarm: Alarm) -> dict[str, Any]:
    """The alarm's `configuration` in its state change events: its metric as a MetricStat."""
    config = alarm.config
    stat: dict[str, Any] = {
        "metric": {
            "dimensions": {d["Name"]: d["Value"] for d in config.get("Dimensions") or []},
            "name": alarm.metric_name,
            "namespace": alarm.namespace,
        },
        "period": config["Period"],
        "stat": config.get("Statistic") or config.get("ExtendedStatistic"),
    }
    if config.get("Unit"):
        stat["unit"] = config["Unit"]
    shown: dict[str, Any] = {}
    if config.get("AlarmDescription"):
        shown["description"] = config["AlarmDescription"]
    shown["metrics"] = [{"id": alarm.metric_id_label, "metricStat": stat, "returnData": True}]
    return shown
