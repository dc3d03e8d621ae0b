"""DescribeAlarmHistory: what CloudWatch recorded about alarms, kept after they are deleted."""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.monitor import store
from mlgov_sim.monitor.errors import InvalidNextToken
from mlgov_sim.monitor.naming import alarm_arn

DEFAULT_RECORDS = 100


def _target(call: Call, params: dict[str, Any]) -> str | None:
    name = params.get("AlarmName")
    return alarm_arn(call, name) if name else None


@operation("cloudwatch:DescribeAlarmHistory", resource=_target)
def describe_alarm_history(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists alarm history items, newest first unless ScanBy is TimestampAscending.

    Items are ConfigurationUpdate (an alarm created, updated or deleted, with
    the alarm's configuration as JSON in HistoryData) and StateUpdate (one
    per state change, with the old and new states); actions are not
    simulated, so there are no Action items. History outlives the alarm.
    Only metric alarms exist here: AlarmTypes without MetricAlarm lists
    nothing. Filters: AlarmName, HistoryItemType, StartDate (inclusive) and
    EndDate (exclusive). Up to 100 items a page (MaxRecords).
    """
    columns = store.HISTORY.c
    statement = store.select_history().where(
        columns.account == call.account, columns.region == call.region
    )
    if "MetricAlarm" not in (params.get("AlarmTypes") or ["MetricAlarm"]):
        statement = statement.where(columns.id < 0)
    if params.get("AlarmName"):
        statement = statement.where(columns.alarm_name == params["AlarmName"])
    if params.get("HistoryItemType"):
        statement = statement.where(columns.item_type == params["HistoryItemType"])
    if params.get("StartDate"):
        statement = statement.where(columns.timestamp >= params["StartDate"])
    if params.get("EndDate"):
        statement = statement.where(columns.timestamp < params["EndDate"])
    if params.get("ScanBy") == "TimestampAscending":
        statement = statement.order_by(columns.timestamp, columns.id)
    else:
        statement = statement.order_by(columns.timestamp.desc(), columns.id.desc())
    paging = {k: v for k, v in params.items() if k != "MaxRecords"}
    paging["MaxResults"] = params.get("MaxRecords")
    try:
        rows, token = page(
            call.db, statement, paging, listing="AlarmHistoryRow", default_size=DEFAULT_RECORDS
        )
    except ValidationException as error:
        raise InvalidNextToken(error.message) from error
    items = [
        {
            "AlarmName": name,
            "AlarmType": alarm_type,
            "Timestamp": timestamp,
            "HistoryItemType": item_type,
            "HistorySummary": summary,
            "HistoryData": data,
        }
        for name, alarm_type, timestamp, item_type, summary, data in rows
    ]
    return {"AlarmHistoryItems": items, "NextToken": token}
