"""Metric alarms: PutMetricAlarm, DescribeAlarms, SetAlarmState and DeleteAlarms.

An alarm watches one metric (namespace, name and exact dimensions) in the
caller's account and the world's Region. It starts INSUFFICIENT_DATA and is
evaluated on the simulated clock (monitor.lifecycle); updating it keeps its
state. Metric math, anomaly detection, composite alarms and alarm actions
are not simulated: state changes are announced as events instead.
"""

from __future__ import annotations

import json
from typing import Any

from mlgov_sim.core.authorize import check_action
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.monitor import lifecycle, store, views
from mlgov_sim.monitor.errors import (
    InvalidFormat,
    InvalidNextToken,
    InvalidParameterCombination,
    InvalidParameterValue,
    MissingParameter,
    ResourceNotFound,
)
from mlgov_sim.monitor.evaluation import INSUFFICIENT_DATA, STATIC_COMPARISONS
from mlgov_sim.monitor.naming import alarm_arn
from mlgov_sim.monitor.reasons import INITIAL_REASON
from mlgov_sim.monitor.statistics import is_percentile
from mlgov_sim.monitor.store import Alarm, MetricKey

TREATMENTS = ("breaching", "notBreaching", "ignore", "missing")
DAY = 86_400
WEEK = 7 * DAY
DEFAULT_RECORDS = 50
_UNSIMULATED = ("Metrics", "EvaluationCriteria", "EvaluationInterval", "ThresholdMetricId")


def _target(call: Call, params: dict[str, Any]) -> str:
    return alarm_arn(call, params["AlarmName"])


def _first_target(call: Call, params: dict[str, Any]) -> str | None:
    names = params.get("AlarmNames") or []
    return alarm_arn(call, names[0]) if names else None


def _one_target(call: Call, params: dict[str, Any]) -> str | None:
    names = params.get("AlarmNames") or []
    return alarm_arn(call, names[0]) if len(names) == 1 else None


def require(call: Call, name: str) -> Alarm:
    """The caller's alarm called `name`; ResourceNotFound (404) when there is none."""
    alarm = store.find_alarm(call.db, call.account, call.region, name)
    if alarm is None:
        raise ResourceNotFound(f"Alarm {name} not found")
    return alarm


@operation("cloudwatch:PutMetricAlarm", resource=_target)
def put_metric_alarm(call: Call, params: dict[str, Any]) -> None:
    """Creates or updates an alarm on one metric; a new alarm starts INSUFFICIENT_DATA.

    Needs MetricName, Namespace, Period, EvaluationPeriods, Threshold,
    ComparisonOperator and one of Statistic or ExtendedStatistic (a
    percentile such as p99); a missing one is MissingParameter, both
    statistics InvalidParameterCombination. Period must be 10, 20, 30 or a
    multiple of 60; Period x EvaluationPeriods may not exceed one day (seven
    days for periods of an hour or more); DatapointsToAlarm may not exceed
    EvaluationPeriods (all InvalidParameterValue). Updating an alarm
    overwrites its configuration and keeps its state; Tags count only when
    the alarm is created, as AWS documents. The alarm is first evaluated at
    the next boundary of its period (periods are aligned to the epoch).
    Metric math (Metrics), anomaly detection and PromQL alarms are not
    simulated and are refused with InvalidParameterValue.
    """
    config = {k: v for k, v in params.items() if k not in ("AlarmName", "Tags")}
    _check_config(params["AlarmName"], config)
    name = params["AlarmName"]
    dims = {d["Name"]: d["Value"] for d in config.get("Dimensions") or []}
    key = MetricKey.of(config["Namespace"], config["MetricName"], dims)
    existing = store.find_alarm(call.db, call.account, call.region, name)
    if existing is None:
        alarm = Alarm(
            account=call.account,
            region=call.region,
            name=name,
            arn=alarm_arn(call, name),
            namespace=key.namespace,
            metric_name=key.name,
            dims_key=key.dims_key,
            config=config,
            metric_id_label=call.new_uuid("cloudwatch-alarm-metric"),
            state_value=INSUFFICIENT_DATA,
            state_reason=INITIAL_REASON,
            state_reason_data=None,
            state_updated=call.now,
            state_transitioned=call.now,
            config_updated=call.now,
        )
        store.insert_alarm(call.db, alarm)
        if params.get("Tags"):
            set_tags(call.db, alarm.arn, params["Tags"])
        before = store.snapshot(alarm)
        summary, kind, member = f'Alarm "{name}" created', "Create", "createdAlarm"
    else:
        alarm = existing
        before = store.snapshot(alarm)
        alarm.namespace, alarm.metric_name, alarm.dims_key = key.namespace, key.name, key.dims_key
        alarm.config = config
        alarm.config_updated = call.now
        summary, kind, member = f'Alarm "{name}" updated', "Update", "updatedAlarm"
    lifecycle.record_history(
        call,
        name,
        "ConfigurationUpdate",
        summary,
        {"version": "1.0", "type": kind, member: views.history_alarm(alarm)},
    )
    lifecycle.reconsider(call, alarm)
    store.save(call.db, before, alarm)


def _check_config(name: str, config: dict[str, Any]) -> None:
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InvalidParameterValue("The parameter AlarmName must not contain control characters.")
    for member in _UNSIMULATED:
        if member in config:
            raise InvalidParameterValue(
                f"mlgov-sim simulates alarms on a single metric only: {member} (metric math, "
                "anomaly detection or PromQL alarms) is not supported."
            )
    for member in ("MetricName", "Namespace", "Period", "EvaluationPeriods"):
        if member not in config:
            raise MissingParameter(f"The parameter {member} is required.")
    for member in ("Threshold", "ComparisonOperator"):
        if member not in config:
            raise MissingParameter(f"The parameter {member} is required.")
    if "Statistic" in config and "ExtendedStatistic" in config:
        raise InvalidParameterCombination(
            "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have "
            "specified both."
        )
    if "Statistic" not in config and "ExtendedStatistic" not in config:
        raise MissingParameter("The parameter Statistic or ExtendedStatistic is required.")
    extended = config.get("ExtendedStatistic")
    if extended is not None and not is_percentile(extended):
        raise InvalidParameterValue(
            f"The value {extended} for parameter ExtendedStatistic is not supported: mlgov-sim "
            "evaluates percentiles (p0.0 to p100) only."
        )
    if "EvaluateLowSampleCountPercentile" in config:
        if extended is None:
            raise InvalidParameterCombination(
                "The parameter EvaluateLowSampleCountPercentile is only valid with "
                "ExtendedStatistic."
            )
        if config["EvaluateLowSampleCountPercentile"] not in ("evaluate", "ignore"):
            raise InvalidParameterValue(
                "The parameter EvaluateLowSampleCountPercentile must be evaluate or ignore."
            )
    if config["ComparisonOperator"] not in STATIC_COMPARISONS:
        raise InvalidParameterValue(
            f"The comparison operator {config['ComparisonOperator']} is only valid for alarms "
            "based on anomaly detection models."
        )
    period, periods = config["Period"], config["EvaluationPeriods"]
    if period not in (10, 20, 30) and period % 60:
        raise InvalidParameterValue(
            f"The parameter Period must be 10, 20, 30 or a multiple of 60 (got {period})."
        )
    limit = DAY if period < 3600 else WEEK
    if period * periods > limit:
        raise InvalidParameterValue(
            f"The evaluation period (Period {period} x EvaluationPeriods {periods} = "
            f"{period * periods} seconds) exceeds the maximum of {limit} seconds "
            f"({'one day' if limit == DAY else 'seven days'})."
        )
    to_alarm = config.get("DatapointsToAlarm")
    if to_alarm is not None and to_alarm > periods:
        raise InvalidParameterValue(
            f"DatapointsToAlarm ({to_alarm}) must be less than or equal to EvaluationPeriods "
            f"({periods})."
        )
    treat = config.get("TreatMissingData")
    if treat is not None and treat not in TREATMENTS:
        raise InvalidParameterValue(
            f"The value {treat} for parameter TreatMissingData is invalid: valid values are "
            "breaching, notBreaching, ignore and missing."
        )
    names = [d["Name"] for d in config.get("Dimensions") or []]
    if len(names) != len(set(names)):
        raise InvalidParameterValue("No metric may have more than one dimension of the same name.")


@operation("cloudwatch:DescribeAlarms", resource=_one_target)
def describe_alarms(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists metric alarms by name, 50 a page by default (MaxRecords up to 100).

    Filters: AlarmNames (up to 100) or AlarmNamePrefix (not both:
    InvalidParameterCombination), StateValue and ActionPrefix. Only metric
    alarms exist here, so CompositeAlarms is always empty and AlarmTypes
    without MetricAlarm, ChildrenOfAlarmName or ParentsOfAlarmName list
    nothing.
    """
    if params.get("AlarmNames") and params.get("AlarmNamePrefix"):
        raise InvalidParameterCombination(
            "The parameters AlarmNames and AlarmNamePrefix are mutually exclusive and you have "
            "specified both."
        )
    columns = store.ALARMS.c
    statement = store.select_alarms().where(
        columns.account == call.account, columns.region == call.region
    )
    types = params.get("AlarmTypes") or ["MetricAlarm"]
    if (
        "MetricAlarm" not in types
        or params.get("ChildrenOfAlarmName")
        or params.get("ParentsOfAlarmName")
    ):
        statement = statement.where(columns.id < 0)
    if params.get("AlarmNames"):
        statement = statement.where(columns.name.in_(params["AlarmNames"]))
    if params.get("AlarmNamePrefix"):
        prefix = params["AlarmNamePrefix"]
        statement = statement.where(columns.name >= prefix, columns.name < prefix + "\U0010ffff")
    if params.get("StateValue"):
        statement = statement.where(columns.state_value == params["StateValue"])
    statement = statement.order_by(columns.name)
    prefix_of_action = params.get("ActionPrefix")
    paging = {k: v for k, v in params.items() if k != "MaxRecords"}
    paging["MaxResults"] = params.get("MaxRecords")
    if prefix_of_action:  # actions live in JSON: filter before paging, in Python
        rows = [
            row
            for row in call.db.execute(statement)
            if _has_action(store.alarm_of(row), prefix_of_action)
        ]
        alarms, token = _page_list(rows, paging)
    else:
        try:
            rows, token = page(
                call.db, statement, paging, listing="AlarmRow", default_size=DEFAULT_RECORDS
            )
        except ValidationException as error:
            raise InvalidNextToken(error.message) from error
        alarms = rows
    output: dict[str, Any] = {
        "MetricAlarms": [views.metric_alarm(store.alarm_of(row)) for row in alarms],
        "NextToken": token,
    }
    if "CompositeAlarm" in types:
        output["CompositeAlarms"] = []
    return output


def _has_action(alarm: Alarm, prefix: str) -> bool:
    actions = [
        action
        for member in ("OKActions", "AlarmActions", "InsufficientDataActions")
        for action in alarm.config.get(member) or []
    ]
    return any(action.startswith(prefix) for action in actions)


def _page_list(rows: list[Any], paging: dict[str, Any]) -> tuple[list[Any], str | None]:
    from mlgov_sim.core.paging import decode_token, encode_token

    size = paging.get("MaxResults") or DEFAULT_RECORDS
    query = {k: v for k, v in paging.items() if k not in ("NextToken", "MaxResults")}
    query["_rows"] = ["AlarmRow"]
    try:
        offset = decode_token(paging.get("NextToken"), query)
    except ValidationException as error:
        raise InvalidNextToken(error.message) from error
    more = offset + size < len(rows)
    return rows[offset : offset + size], encode_token(offset + size, query) if more else None


@operation("cloudwatch:SetAlarmState", resource=_target)
def set_alarm_state(call: Call, params: dict[str, Any]) -> None:
    """Sets an alarm's state for testing; its next evaluation puts it back to its real state.

    The change is recorded and announced like any other (a StateUpdate
    history item, a "CloudWatch Alarm State Change" event); setting the
    state it already has changes nothing. The alarm is evaluated again at
    the next boundary of its period, which returns it to the state its data
    gives (with TreatMissingData ignore and no data, the state set is
    kept, as "retain current state" says). StateReasonData must be JSON
    (InvalidFormat); an unknown alarm is ResourceNotFound.
    """
    alarm = require(call, params["AlarmName"])
    data = params.get("StateReasonData")
    if data:
        try:
            json.loads(data)
        except ValueError as error:
            raise InvalidFormat("The parameter StateReasonData must be valid JSON.") from error
    before = store.snapshot(alarm)
    if params["StateValue"] != alarm.state_value:
        new, text = params["StateValue"], params["StateReason"]
        lifecycle.change_state(call, alarm, new, text, data or None)
    lifecycle.reconsider(call, alarm)
    store.save(call.db, before, alarm)


@operation("cloudwatch:DeleteAlarms", resource=_first_target)
def delete_alarms(call: Call, params: dict[str, Any]) -> None:
    """Deletes up to 100 alarms; names that match no alarm are ignored.

    As AWS documents, the alarms named correctly are deleted even when
    others are not found. Each deletion is recorded in the alarm's history
    (which outlives it); the caller needs cloudwatch:DeleteAlarms on every
    alarm named.
    """
    names = list(dict.fromkeys(params["AlarmNames"]))
    for name in names[1:]:
        check_action(call.db, call.principal, "cloudwatch:DeleteAlarms", alarm_arn(call, name))
    for name in names:
        alarm = store.find_alarm(call.db, call.account, call.region, name)
        if alarm is None:
            continue
        lifecycle.record_history(
            call,
            name,
            "ConfigurationUpdate",
            f'Alarm "{name}" deleted',
            {"version": "1.0", "type": "Delete", "deletedAlarm": views.history_alarm(alarm)},
        )
        lifecycle.forget(call, alarm)
        drop_tags(call.db, alarm.arn)
        store.delete_alarm(call.db, alarm)
