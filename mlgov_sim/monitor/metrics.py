"""Metrics: PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics.

Datapoints are stored as published, per metric (namespace, name and exact
dimensions, in the caller's account and the world's Region). A datapoint
brings the next evaluation of the alarms watching its metric forward
(monitor.lifecycle). `record` is also what a service publishing its own
metrics (AWS/SageMaker invocations) goes through, without an IAM check.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import decode_token, encode_token
from mlgov_sim.monitor import lifecycle, store
from mlgov_sim.monitor.errors import (
    InvalidNextToken,
    InvalidParameterCombination,
    InvalidParameterValue,
    MissingParameter,
)
from mlgov_sim.monitor.statistics import STATISTICS, Point, Summary, is_percentile, summarise
from mlgov_sim.monitor.store import MetricKey

MAX_VALUE = 2.0**360  # "Values must be in the range of -2^360 to 2^360"
MAX_VALUES = 150
MAX_DATAPOINTS = 1440  # GetMetricStatistics
LIST_METRICS_PAGE = 500
FUTURE = timedelta(hours=2)
PAST = timedelta(days=14)
ROUND_TO_MINUTE = timedelta(days=15)  # a StartTime younger than this is rounded to the minute
ROUND_TO_FIVE_MINUTES = timedelta(days=63)  # younger than this to 5 minutes, older to the hour
_QUERY_ID = re.compile(r"^[a-z][a-zA-Z0-9_]*$")


def _dims(dimensions: list[dict[str, str]] | None, where: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for dimension in dimensions or []:
        if dimension["Name"] in found:
            raise InvalidParameterValue(
                f"No metric may have more than one dimension named {dimension['Name']!r} "
                f"({where}.Dimensions)."
            )
        found[dimension["Name"]] = dimension["Value"]
    return found


def record(
    call: Call, namespace: str, name: str, dimensions: dict[str, str], rows: list[dict[str, Any]]
) -> None:
    """Store datapoints of one metric (dicts of DatapointRow's columns but metric_id)."""
    key = MetricKey.of(namespace, name, dimensions)
    metric = store.ensure_metric(call.db, call.account, call.region, key)
    store.add_datapoints(call.db, [{**row, "metric_id": metric} for row in rows])
    lifecycle.metric_changed(call, key)


def value_row(value: float, timestamp: datetime, unit: str) -> dict[str, Any]:
    """One single-value datapoint."""
    return {
        "timestamp": timestamp,
        "unit": unit,
        "sample_count": 1.0,
        "sum": value,
        "minimum": value,
        "maximum": value,
        "values": [[value, 1.0]],
    }


@operation("cloudwatch:PutMetricData")
def put_metric_data(call: Call, params: dict[str, Any]) -> None:
    """Publishes datapoints (Value, StatisticValues, or Values with Counts) to metrics.

    A metric is created by its first datapoint. Namespaces starting with
    "AWS/" are AWS's own and are refused (InvalidParameterValue), as are
    timestamps more than two weeks old or more than two hours ahead of the
    simulated clock, values beyond ±2^360, Values and Counts of different
    lengths, and a datum with both Value and StatisticValues
    (InvalidParameterCombination). EntityMetricData is stored as MetricData
    (the entity is not kept). Alarms watching the metric are evaluated at
    their next period boundary.
    """
    namespace = params["Namespace"]
    if namespace.startswith("AWS/"):
        raise InvalidParameterValue(
            f"The value {namespace} for parameter Namespace is invalid: namespaces starting "
            "with 'AWS/' are reserved for use by Amazon Web Services products."
        )
    data = list(params.get("MetricData") or [])
    for entity in params.get("EntityMetricData") or []:
        data += entity.get("MetricData") or []
    if not data:
        raise MissingParameter("The parameter MetricData is required.")
    batches: dict[tuple[str, tuple[tuple[str, str], ...]], list[dict[str, Any]]] = defaultdict(list)
    for number, datum in enumerate(data, start=1):
        where = f"MetricData.member.{number}"
        dims = _dims(datum.get("Dimensions"), where)
        row = _datum_row(call, datum, where)
        batches[(datum["MetricName"], tuple(sorted(dims.items())))].append(row)
    for (name, dims_items), rows in batches.items():
        record(call, namespace, name, dict(dims_items), rows)


def _datum_row(call: Call, datum: dict[str, Any], where: str) -> dict[str, Any]:
    timestamp = datum.get("Timestamp") or call.now
    if timestamp > call.now + FUTURE or timestamp < call.now - PAST:
        raise InvalidParameterValue(
            f"The parameter {where}.Timestamp must specify a time no more than two weeks in "
            "the past and no more than two hours in the future."
        )
    resolution = datum.get("StorageResolution", 60)
    if resolution not in (1, 60):
        raise InvalidParameterValue(
            f"The parameter {where}.StorageResolution must be 1 or 60 (got {resolution})."
        )
    unit = datum.get("Unit") or "None"
    given = [k for k in ("Value", "StatisticValues", "Values") if k in datum]
    if len(given) > 1:
        raise InvalidParameterCombination(
            f"The parameters {where}.{given[0]} and {where}.{given[1]} are mutually exclusive "
            "and you have specified both."
        )
    if not given:
        raise InvalidParameterCombination(
            f"At least one of the parameters {where}.Value, {where}.StatisticValues or "
            f"{where}.Values must be specified."
        )
    if "Value" in datum:
        return value_row(_finite(datum["Value"], f"{where}.Value"), timestamp, unit)
    if "StatisticValues" in datum:
        stats = datum["StatisticValues"]
        for member in ("SampleCount", "Sum", "Minimum", "Maximum"):
            _finite(stats[member], f"{where}.StatisticValues.{member}")
        if stats["SampleCount"] <= 0 or stats["Minimum"] > stats["Maximum"]:
            raise InvalidParameterValue(
                f"The parameter {where}.StatisticValues is invalid: SampleCount must be positive "
                "and Minimum no greater than Maximum."
            )
        return {
            "timestamp": timestamp,
            "unit": unit,
            "sample_count": float(stats["SampleCount"]),
            "sum": float(stats["Sum"]),
            "minimum": float(stats["Minimum"]),
            "maximum": float(stats["Maximum"]),
            "values": [],
        }
    values = [_finite(v, f"{where}.Values") for v in datum["Values"]]
    counts = [float(c) for c in datum.get("Counts") or [1.0] * len(values)]
    if not values or len(values) > MAX_VALUES:
        raise InvalidParameterValue(
            f"The parameter {where}.Values must hold between 1 and {MAX_VALUES} values."
        )
    if len(counts) != len(values):
        raise InvalidParameterValue(
            f"The parameters {where}.Values and {where}.Counts must be of the same size."
        )
    return {
        "timestamp": timestamp,
        "unit": unit,
        "sample_count": sum(counts),
        "sum": sum(v * c for v, c in zip(values, counts, strict=True)),
        "minimum": min(values),
        "maximum": max(values),
        "values": [[v, c] for v, c in zip(values, counts, strict=True)],
    }


def _finite(value: float, where: str) -> float:
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise InvalidParameterValue(
            f"The value {value} for parameter {where} is invalid: values must be in the range "
            "of -2^360 to 2^360."
        )
    return float(value)


# -- reading ------------------------------------------------------------------------


def check_period(period: int, where: str = "Period") -> None:
    """A statistics period: 1, 5, 10, 20, 30 or a multiple of 60 seconds."""
    if period not in (1, 5, 10, 20, 30) and period % 60:
        raise InvalidParameterValue(
            f"The parameter {where} must be 1, 5, 10, 20, 30 or a multiple of 60."
        )


def _start(moment: datetime, period: int, now: datetime) -> datetime:
    """StartTime rounded down as the GetMetricStatistics and GetMetricData references say.

    A period under a minute: to an even division of the minute (01:05:23 with
    Period 10 is 01:05:20). Otherwise by the start's age when the request is
    received: under 15 days to the minute, up to 63 days to five minutes,
    older to the hour.
    """
    moment = moment.replace(microsecond=0)
    if period < 60:
        return moment.replace(second=moment.second - moment.second % period)
    moment = moment.replace(second=0)
    age = now - moment
    if age < ROUND_TO_MINUTE:
        return moment
    if age < ROUND_TO_FIVE_MINUTES:
        return moment.replace(minute=moment.minute - moment.minute % 5)
    return moment.replace(minute=0)


def buckets(
    call: Call,
    key: MetricKey,
    start: datetime,
    end: datetime,
    period: int,
    unit: str | None,
) -> tuple[dict[int, Summary], list[str]]:
    """The metric's datapoints in [start, end) summed up per period counted from `start`."""
    if start >= end:
        raise InvalidParameterValue(
            "The parameter StartTime must be less than the parameter EndTime."
        )
    metric = store.metric_id(call.db, call.account, call.region, key)
    if metric is None:
        return {}, []
    grouped: dict[int, list[Point]] = defaultdict(list)
    units: list[str] = []
    for sample in store.samples_from(call.db, metric, start):
        if sample.timestamp >= end or (unit and sample.unit != unit):
            continue
        index = int((sample.timestamp - start).total_seconds() // period)
        grouped[index].append(
            Point(sample.sample_count, sample.sum, sample.minimum, sample.maximum, sample.values)
        )
        if sample.unit not in units:
            units.append(sample.unit)
    summaries = {i: s for i, points in grouped.items() if (s := summarise(points)) is not None}
    return summaries, units


@operation("cloudwatch:GetMetricStatistics")
def get_metric_statistics(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Gets statistics of one metric per Period between StartTime and EndTime.

    Give Statistics or ExtendedStatistics (percentiles p0.0 to p100), not both
    (InvalidParameterCombination). Periods are counted from StartTime rounded
    down as CloudWatch rounds it (to the minute for a recent start, to an even
    division of the minute for periods under one); only periods holding data
    are returned, oldest first.
    More than 1,440 periods is refused, as CloudWatch refuses it. Percentiles
    come only from datapoints whose values are known (not from statistic sets
    with several samples).
    """
    statistics = params.get("Statistics") or []
    extended = params.get("ExtendedStatistics") or []
    if bool(statistics) == bool(extended):
        raise InvalidParameterCombination(
            "Must specify either Statistics or ExtendedStatistics, but not both."
        )
    for name in extended:
        if not is_percentile(name):
            raise InvalidParameterValue(
                f"The value {name} for parameter ExtendedStatistics is not a valid percentile "
                "(p0.0 to p100)."
            )
    period = params["Period"]
    check_period(period)
    start = _start(params["StartTime"], period, call.now)
    end = params["EndTime"]
    requested = math.ceil((end - start).total_seconds() / period)
    if requested > MAX_DATAPOINTS:
        raise InvalidParameterCombination(
            f"You have requested up to {requested:,} datapoints, which exceeds the limit of "
            f"{MAX_DATAPOINTS:,}. You may reduce the datapoints requested by increasing Period, "
            "or decreasing the time range."
        )
    key = MetricKey.of(
        params["Namespace"], params["MetricName"], _dims(params.get("Dimensions"), "Dimensions")
    )
    summaries, units = buckets(call, key, start, end, period, params.get("Unit"))
    unit = params.get("Unit") or (units[0] if units else "None")
    datapoints = []
    for index in sorted(summaries):
        summary = summaries[index]
        point: dict[str, Any] = {"Timestamp": start + timedelta(seconds=index * period)}
        for name in statistics:
            point[name] = summary.statistic(name)
        if extended:
            point["ExtendedStatistics"] = {
                name: value for name in extended if (value := summary.statistic(name)) is not None
            }
        point["Unit"] = unit
        datapoints.append(point)
    return {"Label": params["MetricName"], "Datapoints": datapoints}


@operation("cloudwatch:GetMetricData")
def get_metric_data(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Gets the values of MetricStat queries per period, newest first by default.

    Each query's Stat is a statistic or a percentile; periods are counted
    from StartTime rounded down as GetMetricStatistics rounds it, and only
    periods holding data are returned. Queries with ReturnData false are computed but not
    returned. Metric math (Expression) is not simulated and is refused with
    InvalidParameterValue; so are Ids that do not start with a lower-case
    letter, and repeated Ids. Results come in one page.
    """
    queries = params["MetricDataQueries"]
    seen: set[str] = set()
    for query in queries:
        if not _QUERY_ID.match(query["Id"]) or query["Id"] in seen:
            raise InvalidParameterValue(
                f"The value {query['Id']} for parameter MetricDataQueries.Id is invalid: an Id "
                "must be unique and start with a lower-case letter, followed by letters, "
                "digits or underscores."
            )
        seen.add(query["Id"])
        if "Expression" in query:
            raise InvalidParameterValue(
                f"The metric math expression of query {query['Id']} cannot be evaluated: "
                "mlgov-sim supports MetricStat queries only."
            )
        if "MetricStat" not in query:
            raise MissingParameter(
                f"Query {query['Id']} must specify either MetricStat or Expression."
            )
    descending = params.get("ScanBy", "TimestampDescending") == "TimestampDescending"
    results = []
    for query in queries:
        if query.get("ReturnData") is False:
            continue
        start, end = params["StartTime"], params["EndTime"]
        results.append(_metric_stat_result(call, query, start, end, descending))
    return {"MetricDataResults": results, "Messages": []}


def _metric_stat_result(
    call: Call, query: dict[str, Any], start: datetime, end: datetime, descending: bool
) -> dict[str, Any]:
    stat = query["MetricStat"]
    name = stat["Stat"]
    if name not in STATISTICS and not is_percentile(name):
        raise InvalidParameterValue(
            f"The value {name} for parameter MetricDataQueries.MetricStat.Stat is not a "
            "supported statistic."
        )
    period = stat["Period"]
    check_period(period, "MetricDataQueries.MetricStat.Period")
    metric = stat["Metric"]
    if "Namespace" not in metric or "MetricName" not in metric:
        raise MissingParameter(
            f"Query {query['Id']} must name the Namespace and MetricName of its metric."
        )
    key = MetricKey.of(
        metric["Namespace"], metric["MetricName"], _dims(metric.get("Dimensions"), "Metric")
    )
    first = _start(start, period, call.now)
    summaries, _ = buckets(call, key, first, end, period, stat.get("Unit"))
    pairs = [
        (first + timedelta(seconds=index * period), value)
        for index in sorted(summaries, reverse=descending)
        if (value := summaries[index].statistic(name)) is not None
    ]
    return {
        "Id": query["Id"],
        "Label": query.get("Label") or metric["MetricName"],
        "Timestamps": [moment for moment, _ in pairs],
        "Values": [value for _, value in pairs],
        "StatusCode": "Complete",
    }


def _matches(dimension_filter: dict[str, str], have: dict[str, str]) -> bool:
    name = dimension_filter["Name"]
    return name in have and dimension_filter.get("Value", have[name]) == have[name]


@operation("cloudwatch:ListMetrics")
def list_metrics(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the metrics that have datapoints, 500 a page, by namespace, name and dimensions.

    A Dimensions filter without a Value matches any value of that dimension;
    a metric matches when it has every filtered dimension. RecentlyActive
    PT3H keeps the metrics with a datapoint stamped in the last three hours.
    """
    statement = store.select_metrics().where(
        store.METRICS.c.account == call.account, store.METRICS.c.region == call.region
    )
    if params.get("Namespace"):
        statement = statement.where(store.METRICS.c.namespace == params["Namespace"])
    if params.get("MetricName"):
        statement = statement.where(store.METRICS.c.metric_name == params["MetricName"])
    if params.get("RecentlyActive") == "PT3H":
        points = store.DATAPOINTS.c
        recent = select(points.id).where(
            points.metric_id == store.METRICS.c.id,
            points.timestamp >= call.now - timedelta(hours=3),
        )
        statement = statement.where(recent.exists())
    statement = statement.order_by(store.METRICS.c.id)
    filters = params.get("Dimensions") or []
    found = []
    for namespace, name, dimensions in call.db.execute(statement):
        have = {d["Name"]: d["Value"] for d in dimensions}
        if all(_matches(f, have) for f in filters):
            found.append({"Namespace": namespace, "MetricName": name, "Dimensions": dimensions})
    query = {k: v for k, v in params.items() if k != "NextToken"}
    query["_rows"] = ["MetricRow"]
    try:
        offset = decode_token(params.get("NextToken"), query)
    except ValidationException as error:
        raise InvalidNextToken(error.message) from error
    page = found[offset : offset + LIST_METRICS_PAGE]
    more = offset + LIST_METRICS_PAGE < len(found)
    return {
        "Metrics": page,
        "NextToken": encode_token(offset + LIST_METRICS_PAGE, query) if more else None,
    }
