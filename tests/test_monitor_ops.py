"""The cloudwatch: operations: validation, errors, paging, history, events, IAM and statistics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core import listeners
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import AccessDeniedException, ServiceError
from mlgov_sim.core.ops import find_operation
from mlgov_sim.core.scheduler import pending
from mlgov_sim.core.world import _load_state
from mlgov_sim.monitor import ALARM_STATE_CHANGE, SOURCE, alarm_states, publish

HOME = "111122223333"
ARN = f"arn:aws:cloudwatch:us-east-1:{HOME}:alarm:conversion"
SITE = [{"Name": "Site", "Value": "eu"}]
ALARM: dict[str, Any] = {
    "AlarmName": "conversion",
    "Namespace": "Shop",
    "MetricName": "ConversionRate",
    "Dimensions": SITE,
    "Statistic": "Average",
    "Period": 60,
    "EvaluationPeriods": 1,
    "Threshold": 0.05,
    "ComparisonOperator": "LessThanThreshold",
}


def put(world: World, value: float, **extra: Any) -> None:
    datum = {"MetricName": "ConversionRate", "Dimensions": SITE, "Value": value, **extra}
    world.call("cloudwatch:PutMetricData", {"Namespace": "Shop", "MetricData": [datum]})


def publish_at(world: World, moment: datetime) -> None:
    """One datapoint of Shop/m stamped `moment`, however old (as a service publishes it)."""
    admin = world.principal("admin")
    with world.engine.begin() as db:
        call = Call(db, _load_state(db), find_operation("cloudwatch:PutMetricData"), admin)
        publish(call, "Shop", "m", {}, 1.0, timestamp=moment)


def refusal(world: World, name: str, params: dict[str, Any], who: str = "admin") -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        world.call(name, params, who)
    return caught.value


def describe(world: World, name: str = "conversion") -> dict[str, Any]:
    [alarm] = world.call("cloudwatch:DescribeAlarms", {"AlarmNames": [name]})["MetricAlarms"]
    return alarm


def states(world: World, *names: str) -> dict[str, str]:
    with world.engine.connect() as db:
        return alarm_states(db, HOME, list(names))


@pytest.fixture
def alarmed(world: World) -> World:
    world.call("cloudwatch:PutMetricAlarm", ALARM)
    return world


class TestPutMetricAlarmValidation:
    @pytest.mark.parametrize(
        ("change", "code", "words"),
        [
            ({"Period": 45}, "InvalidParameterValue", "10, 20, 30 or a multiple of 60"),
            ({"Period": 600, "EvaluationPeriods": 145}, "InvalidParameterValue", "one day"),
            ({"Period": 3600, "EvaluationPeriods": 169}, "InvalidParameterValue", "seven days"),
            ({"EvaluationPeriods": 2, "DatapointsToAlarm": 3}, "InvalidParameterValue", "less"),
            ({"TreatMissingData": "sometimes"}, "InvalidParameterValue", "notBreaching"),
            ({"ExtendedStatistic": "p99"}, "InvalidParameterCombination", "mutually exclusive"),
            ({"Statistic": None}, "MissingParameter", "Statistic or ExtendedStatistic"),
            ({"Threshold": None}, "MissingParameter", "Threshold"),
            ({"Namespace": None}, "MissingParameter", "Namespace"),
            (
                {"ComparisonOperator": "GreaterThanUpperThreshold"},
                "InvalidParameterValue",
                "anomaly",
            ),
            (
                {"Metrics": [{"Id": "m1", "Expression": "m0 * 2"}]},
                "InvalidParameterValue",
                "Metrics",
            ),
        ],
    )
    def test_refused_with_cloudwatchs_code(
        self, world: World, change: dict[str, Any], code: str, words: str
    ) -> None:
        """Each broken rule is refused with CloudWatch's error code, saying which rule."""
        params = {k: v for k, v in {**ALARM, **change}.items() if v is not None}
        error = refusal(world, "cloudwatch:PutMetricAlarm", params)
        assert error.code == code
        assert words in error.message
        assert error.http_status == 400

    def test_limits_themselves_are_accepted(self, world: World) -> None:
        """One day of 10-second periods, seven days of hourly ones, and M = N pass."""
        for name, change in [
            ("tens", {"Period": 10, "EvaluationPeriods": 8640}),
            ("hours", {"Period": 3600, "EvaluationPeriods": 168, "DatapointsToAlarm": 168}),
            ("p99", {"Statistic": None, "ExtendedStatistic": "p99"}),
        ]:
            params = {
                k: v for k, v in {**ALARM, **change, "AlarmName": name}.items() if v is not None
            }
            world.call("cloudwatch:PutMetricAlarm", params)
        assert set(states(world, "tens", "hours", "p99")) == {"tens", "hours", "p99"}


class TestAlarmLifecycle:
    def test_a_new_alarm_is_insufficient_data(self, alarmed: World) -> None:
        alarm = describe(alarmed)
        assert alarm["AlarmArn"] == ARN
        assert alarm["StateValue"] == "INSUFFICIENT_DATA"
        assert alarm["StateReason"] == "Unchecked: Initial alarm creation"

    def test_updating_keeps_the_state_and_overwrites_the_configuration(
        self, alarmed: World
    ) -> None:
        put(alarmed, 0.01)
        alarmed.advance(timedelta(minutes=1))
        assert describe(alarmed)["StateValue"] == "ALARM"
        alarmed.advance(timedelta(seconds=30))
        alarmed.call("cloudwatch:PutMetricAlarm", {**ALARM, "Threshold": 0.02})
        alarm = describe(alarmed)
        assert (alarm["StateValue"], alarm["Threshold"]) == ("ALARM", 0.02)
        assert alarm["AlarmConfigurationUpdatedTimestamp"] > alarm["StateUpdatedTimestamp"]
        [item] = alarmed.call(
            "cloudwatch:DescribeAlarmHistory",
            {"HistoryItemType": "ConfigurationUpdate", "MaxRecords": 1},
        )["AlarmHistoryItems"]
        assert item["HistorySummary"] == 'Alarm "conversion" updated'
        data = json.loads(item["HistoryData"])
        assert (data["type"], data["updatedAlarm"]["threshold"]) == ("Update", 0.02)

    def test_evaluated_at_period_boundaries_aligned_to_the_epoch(self, world: World) -> None:
        """A 5-minute alarm made at 09:00, data at 09:02: the change comes at 09:05, not before."""
        world.call("cloudwatch:PutMetricAlarm", {**ALARM, "Period": 300})
        world.advance(timedelta(minutes=2))
        put(world, 0.01)
        world.advance(timedelta(minutes=2, seconds=59))
        assert describe(world)["StateValue"] == "INSUFFICIENT_DATA"
        world.advance(timedelta(seconds=1))
        assert describe(world)["StateValue"] == "ALARM"
        assert describe(world)["StateUpdatedTimestamp"] == datetime(2025, 1, 1, 9, 5, tzinfo=UTC)

    def test_m_out_of_n_slides_with_the_clock(self, world: World) -> None:
        """2 of 3: one breach is not enough, a second within three periods is, one again is not."""
        world.call(
            "cloudwatch:PutMetricAlarm", {**ALARM, "EvaluationPeriods": 3, "DatapointsToAlarm": 2}
        )
        seen = []
        for value in (0.1, 0.01, 0.1, 0.01, 0.1, 0.1, 0.1):
            put(world, value)
            world.advance(timedelta(minutes=1))
            seen.append(describe(world)["StateValue"])
        assert seen == ["OK", "OK", "OK", "ALARM", "OK", "OK", "OK"]

    def test_evaluation_stops_once_nothing_can_change(self, alarmed: World) -> None:
        """After the data ages out and the state settles, no timer is left."""
        put(alarmed, 0.01)
        alarmed.advance(timedelta(hours=1))
        notes = [run.note for run in alarmed.last_timers if run.note]
        assert notes == [
            "alarm conversion: INSUFFICIENT_DATA → ALARM",
            "alarm conversion: ALARM → INSUFFICIENT_DATA",
        ]
        assert len(alarmed.last_timers) == 2  # only the evaluations that changed something
        with alarmed.engine.connect() as db:
            assert pending(db) == []

    def test_a_day_of_steady_data_runs_only_the_changes(self, world: World) -> None:
        """A datapoint a minute for an hour, all within the threshold: one change, few timers."""
        world.call("cloudwatch:PutMetricAlarm", ALARM)
        for _ in range(60):
            put(world, 0.1)
            world.advance(timedelta(minutes=1))
        assert describe(world)["StateValue"] == "OK"
        world.advance(timedelta(days=1))
        assert [run.note for run in world.last_timers if run.note] == [
            "alarm conversion: OK → INSUFFICIENT_DATA"
        ]

    def test_a_day_long_range_of_ten_second_periods_needs_no_timer_per_period(
        self, world: World
    ) -> None:
        """8,640 periods of 10 s: the look-ahead finds the two changes without 8,640 timers."""
        world.call(
            "cloudwatch:PutMetricAlarm",
            {**ALARM, "Period": 10, "EvaluationPeriods": 8640, "DatapointsToAlarm": 2},
        )
        put(world, 0.01)
        world.advance(timedelta(days=1, hours=1))
        assert [run.note for run in world.last_timers if run.note] == [
            "alarm conversion: INSUFFICIENT_DATA → ALARM",
            "alarm conversion: ALARM → INSUFFICIENT_DATA",
        ]
        assert len(world.last_timers) == 3  # the datapoint's next boundary, then the two changes

    def test_set_alarm_state_reverts_at_the_next_evaluation(self, alarmed: World) -> None:
        put(alarmed, 0.1)
        alarmed.advance(timedelta(minutes=1, seconds=10))
        assert describe(alarmed)["StateValue"] == "OK"
        put(alarmed, 0.2)
        alarmed.call(
            "cloudwatch:SetAlarmState",
            {"AlarmName": "conversion", "StateValue": "ALARM", "StateReason": "drill"},
        )
        alarm = describe(alarmed)
        assert (alarm["StateValue"], alarm["StateReason"]) == ("ALARM", "drill")
        alarmed.advance(timedelta(seconds=50))
        assert describe(alarmed)["StateValue"] == "OK"
        summaries = [
            item["HistorySummary"]
            for item in alarmed.call(
                "cloudwatch:DescribeAlarmHistory", {"HistoryItemType": "StateUpdate"}
            )["AlarmHistoryItems"]
        ]
        assert summaries == [
            "Alarm updated from ALARM to OK",
            "Alarm updated from OK to ALARM",
            "Alarm updated from INSUFFICIENT_DATA to OK",
        ]

    def test_set_alarm_state_on_a_missing_alarm_is_resource_not_found(self, world: World) -> None:
        error = refusal(
            world,
            "cloudwatch:SetAlarmState",
            {"AlarmName": "ghost", "StateValue": "OK", "StateReason": "x"},
        )
        assert (error.code, error.http_status) == ("ResourceNotFound", 404)

    def test_state_reason_data_must_be_json(self, alarmed: World) -> None:
        params = {
            "AlarmName": "conversion",
            "StateValue": "ALARM",
            "StateReason": "x",
            "StateReasonData": "{not json",
        }
        assert refusal(alarmed, "cloudwatch:SetAlarmState", params).code == "InvalidFormat"

    def test_delete_ignores_unknown_names_and_keeps_history(self, alarmed: World) -> None:
        alarmed.call("cloudwatch:DeleteAlarms", {"AlarmNames": ["conversion", "ghost"]})
        assert alarmed.call("cloudwatch:DescribeAlarms", {})["MetricAlarms"] == []
        items = alarmed.call("cloudwatch:DescribeAlarmHistory", {"AlarmName": "conversion"})
        assert [i["HistorySummary"] for i in items["AlarmHistoryItems"]] == [
            'Alarm "conversion" deleted',
            'Alarm "conversion" created',
        ]
        assert json.loads(items["AlarmHistoryItems"][0]["HistoryData"])["type"] == "Delete"
        with alarmed.engine.connect() as db:
            assert pending(db) == []


class TestEvents:
    def test_state_change_event_has_cloudwatchs_shape(self, alarmed: World) -> None:
        put(alarmed, 0.01)
        alarmed.advance(timedelta(minutes=1))
        [event] = [e for e in alarmed.events() if e["source"] == SOURCE]
        assert event["detail-type"] == ALARM_STATE_CHANGE == "CloudWatch Alarm State Change"
        assert event["resources"] == [ARN]
        assert event["time"] == "2025-01-01T09:01:00Z"
        detail = event["detail"]
        assert detail["alarmName"] == "conversion"
        assert detail["state"]["value"] == "ALARM"
        assert detail["state"]["reason"] == (
            "Threshold Crossed: 1 out of the last 1 datapoints [0.01 (01/01/25 09:00:00)] was "
            "less than the threshold (0.05) (minimum 1 datapoint for INSUFFICIENT_DATA -> "
            "ALARM transition)."
        )
        data = json.loads(detail["state"]["reasonData"])
        assert data["evaluatedDatapoints"] == [
            {"timestamp": "2025-01-01T09:00:00.000+0000", "sampleCount": 1.0, "value": 0.01}
        ]
        assert (data["statistic"], data["period"], data["threshold"]) == ("Average", 60, 0.05)
        assert detail["state"]["timestamp"] == "2025-01-01T09:01:00.000+0000"
        assert detail["previousState"] == {
            "value": "INSUFFICIENT_DATA",
            "reason": "Unchecked: Initial alarm creation",
            "timestamp": "2025-01-01T09:00:00.000+0000",
        }
        [metric] = detail["configuration"]["metrics"]
        assert metric["metricStat"] == {
            "metric": {"dimensions": {"Site": "eu"}, "name": "ConversionRate", "namespace": "Shop"},
            "period": 60,
            "stat": "Average",
        }
        assert metric["returnData"] is True

    def test_a_listener_sees_the_change_inside_the_timer(self, alarmed: World) -> None:
        """A service listening for alarm changes (deploy's guardrail) gets them in time order."""
        seen: list[tuple[str, str]] = []

        def record(call: Any, event: dict[str, Any]) -> None:
            seen.append((event["detail"]["state"]["value"], call.now.strftime("%H:%M")))

        pattern = {"source": [SOURCE], "detail-type": [ALARM_STATE_CHANGE]}
        listeners.listen(pattern, record)
        try:
            put(alarmed, 0.01)
            alarmed.advance(timedelta(minutes=10))
        finally:
            listeners._LISTENERS.remove((pattern, record))
        assert seen == [("ALARM", "09:01"), ("INSUFFICIENT_DATA", "09:04")]


class TestPublish:
    def test_publish_feeds_alarms_without_iam(self, world: World) -> None:
        """A service's own datapoint (no IAM check) is stored as PutMetricData would store it."""
        world.call(
            "cloudwatch:PutMetricAlarm",
            {
                **ALARM,
                "AlarmName": "errors",
                "Namespace": "AWS/SageMaker",
                "MetricName": "Invocation5XXErrors",
                "Dimensions": [
                    {"Name": "EndpointName", "Value": "shop"},
                    {"Name": "VariantName", "Value": "AllTraffic"},
                ],
                "Statistic": "Sum",
                "ComparisonOperator": "GreaterThanThreshold",
                "Threshold": 0,
            },
        )
        with world.engine.begin() as db:
            call = Call(
                db,
                _load_state(db),
                find_operation("cloudwatch:PutMetricData"),
                world.principal("admin"),
            )
            dims = {"VariantName": "AllTraffic", "EndpointName": "shop"}
            publish(call, "AWS/SageMaker", "Invocation5XXErrors", dims, 2, unit="Count")
        world.advance(timedelta(minutes=1))
        assert states(world, "errors", "nothing") == {"errors": "ALARM"}
        metrics = world.call("cloudwatch:ListMetrics", {"Namespace": "AWS/SageMaker"})["Metrics"]
        assert metrics == [
            {
                "Namespace": "AWS/SageMaker",
                "MetricName": "Invocation5XXErrors",
                "Dimensions": [
                    {"Name": "EndpointName", "Value": "shop"},
                    {"Name": "VariantName", "Value": "AllTraffic"},
                ],
            }
        ]

    def test_callers_may_not_publish_to_aws_namespaces(self, world: World) -> None:
        error = refusal(
            world,
            "cloudwatch:PutMetricData",
            {"Namespace": "AWS/SageMaker", "MetricData": [{"MetricName": "x", "Value": 1}]},
        )
        assert error.code == "InvalidParameterValue"


class TestMetricData:
    @pytest.mark.parametrize(
        ("datum", "code"),
        [
            ({"Value": 1, "Values": [1.0]}, "InvalidParameterCombination"),
            ({}, "InvalidParameterCombination"),
            ({"Values": [1.0, 2.0], "Counts": [1.0]}, "InvalidParameterValue"),
            ({"Value": 1, "StorageResolution": 5}, "InvalidParameterValue"),
            ({"Value": 2.0**361}, "InvalidParameterValue"),
            (
                {"Value": 1, "Timestamp": datetime(2025, 1, 1, 12, tzinfo=UTC)},
                "InvalidParameterValue",
            ),
        ],
    )
    def test_bad_datapoints_are_refused(
        self, world: World, datum: dict[str, Any], code: str
    ) -> None:
        params = {"Namespace": "Shop", "MetricData": [{"MetricName": "m", **datum}]}
        assert refusal(world, "cloudwatch:PutMetricData", params).code == code

    def test_statistics_per_period(self, world: World) -> None:
        for value in (1.0, 3.0):
            put(world, value)
        world.advance(timedelta(minutes=1))
        put(world, 10.0, Unit="Percent")
        out = world.call(
            "cloudwatch:GetMetricStatistics",
            {
                "Namespace": "Shop",
                "MetricName": "ConversionRate",
                "Dimensions": SITE,
                "StartTime": datetime(2025, 1, 1, 9, tzinfo=UTC),
                "EndTime": datetime(2025, 1, 1, 10, tzinfo=UTC),
                "Period": 60,
                "Statistics": ["Average", "Sum", "SampleCount", "Maximum"],
            },
        )
        assert out["Label"] == "ConversionRate"
        first, second = out["Datapoints"]
        assert (first["Average"], first["Sum"], first["SampleCount"]) == (2.0, 4.0, 2.0)
        assert second["Maximum"] == 10.0

    @pytest.mark.parametrize(
        ("start", "period", "rounded"),
        [
            # Under a minute's period: down to an even division of the minute
            # (the API reference's example: 01:05:23, Period 10 -> 01:05:20).
            (datetime(2025, 1, 1, 8, 59, 23, tzinfo=UTC), 10, "08:59:20"),
            (datetime(2025, 1, 1, 8, 59, 23, tzinfo=UTC), 5, "08:59:20"),
            (datetime(2025, 1, 1, 8, 59, 47, tzinfo=UTC), 30, "08:59:30"),
            (datetime(2025, 1, 1, 8, 59, 47, tzinfo=UTC), 1, "08:59:47"),
            # Less than 15 days ago: down to the whole minute.
            (datetime(2025, 1, 1, 8, 32, 34, tzinfo=UTC), 60, "08:32:00"),
            # 15 to 63 days ago: down to 5 minutes; older: down to the hour.
            (datetime(2024, 12, 1, 12, 32, 34, tzinfo=UTC), 60, "12:30:00"),
            (datetime(2024, 10, 1, 12, 32, 34, tzinfo=UTC), 300, "12:00:00"),
        ],
    )
    def test_start_time_is_rounded_as_cloudwatch_does(
        self, world: World, start: datetime, period: int, rounded: str
    ) -> None:
        """A datapoint at the rounded start is in the first period, stamped with its start."""
        hour, minute, second = (int(part) for part in rounded.split(":"))
        publish_at(world, start.replace(hour=hour, minute=minute, second=second))
        out = world.call(
            "cloudwatch:GetMetricStatistics",
            {
                "Namespace": "Shop",
                "MetricName": "m",
                "StartTime": start,
                "EndTime": start + timedelta(seconds=period),
                "Period": period,
                "Statistics": ["Sum"],
            },
        )
        assert [p["Timestamp"].strftime("%H:%M:%S") for p in out["Datapoints"]] == [rounded]

    def test_more_than_1440_periods_is_refused(self, world: World) -> None:
        error = refusal(
            world,
            "cloudwatch:GetMetricStatistics",
            {
                "Namespace": "Shop",
                "MetricName": "ConversionRate",
                "StartTime": datetime(2025, 1, 1, tzinfo=UTC),
                "EndTime": datetime(2025, 1, 3, tzinfo=UTC),
                "Period": 60,
                "Statistics": ["Average"],
            },
        )
        assert error.code == "InvalidParameterCombination"
        assert "2,880 datapoints" in error.message

    def test_get_metric_data_newest_first_and_percentiles(self, world: World) -> None:
        world.call(
            "cloudwatch:PutMetricData",
            {
                "Namespace": "Shop",
                "MetricData": [
                    {"MetricName": "Latency", "Values": [10.0, 20.0, 90.0], "Counts": [5, 4, 1]}
                ],
            },
        )
        world.advance(timedelta(minutes=1))
        world.call(
            "cloudwatch:PutMetricData",
            {"Namespace": "Shop", "MetricData": [{"MetricName": "Latency", "Value": 5.0}]},
        )
        query = {"Metric": {"Namespace": "Shop", "MetricName": "Latency"}, "Period": 60}
        out = world.call(
            "cloudwatch:GetMetricData",
            {
                "MetricDataQueries": [
                    {"Id": "p90", "MetricStat": {**query, "Stat": "p90"}},
                    {"Id": "top", "MetricStat": {**query, "Stat": "Maximum"}, "Label": "max"},
                    {"Id": "hidden", "MetricStat": {**query, "Stat": "Sum"}, "ReturnData": False},
                ],
                "StartTime": datetime(2025, 1, 1, 9, tzinfo=UTC),
                "EndTime": datetime(2025, 1, 1, 10, tzinfo=UTC),
            },
        )
        p90, top = out["MetricDataResults"]
        assert p90["Values"] == [5.0, 20.0]
        assert p90["Timestamps"][0] > p90["Timestamps"][1]
        assert (top["Label"], top["Values"]) == ("max", [5.0, 90.0])

    def test_expressions_are_refused(self, world: World) -> None:
        params = {
            "MetricDataQueries": [{"Id": "e1", "Expression": "SUM(METRICS())"}],
            "StartTime": datetime(2025, 1, 1, 9, tzinfo=UTC),
            "EndTime": datetime(2025, 1, 1, 10, tzinfo=UTC),
        }
        assert refusal(world, "cloudwatch:GetMetricData", params).code == "InvalidParameterValue"

    def test_list_metrics_filters_by_dimension(self, world: World) -> None:
        put(world, 1.0)
        world.call(
            "cloudwatch:PutMetricData",
            {
                "Namespace": "Shop",
                "MetricData": [
                    {
                        "MetricName": "ConversionRate",
                        "Value": 1.0,
                        "Dimensions": [{"Name": "Site", "Value": "us"}],
                    },
                    {"MetricName": "Orders", "Value": 1.0},
                ],
            },
        )
        listed = world.call(
            "cloudwatch:ListMetrics", {"Dimensions": [{"Name": "Site", "Value": "us"}]}
        )["Metrics"]
        assert [m["Dimensions"] for m in listed] == [[{"Name": "Site", "Value": "us"}]]
        assert (
            len(world.call("cloudwatch:ListMetrics", {"Dimensions": [{"Name": "Site"}]})["Metrics"])
            == 2
        )
        assert len(world.call("cloudwatch:ListMetrics", {})["Metrics"]) == 3


class TestPaging:
    @pytest.fixture
    def many(self, world: World) -> Iterator[World]:
        for i in range(5):
            world.call("cloudwatch:PutMetricAlarm", {**ALARM, "AlarmName": f"a{i}"})
        yield world

    def test_describe_alarms_pages_by_name(self, many: World) -> None:
        names: list[str] = []
        params: dict[str, Any] = {"MaxRecords": 2}
        while True:
            out = many.call("cloudwatch:DescribeAlarms", params)
            names += [a["AlarmName"] for a in out["MetricAlarms"]]
            if not out.get("NextToken"):
                break
            params = {"MaxRecords": 2, "NextToken": out["NextToken"]}
        assert names == ["a0", "a1", "a2", "a3", "a4"]

    def test_a_token_from_another_query_is_invalid_next_token(self, many: World) -> None:
        token = many.call("cloudwatch:DescribeAlarms", {"MaxRecords": 2})["NextToken"]
        error = refusal(
            many,
            "cloudwatch:DescribeAlarms",
            {"MaxRecords": 2, "StateValue": "OK", "NextToken": token},
        )
        assert error.code == "InvalidNextToken"

    def test_prefix_and_names_are_exclusive(self, many: World) -> None:
        params = {"AlarmNames": ["a1"], "AlarmNamePrefix": "a"}
        assert (
            refusal(many, "cloudwatch:DescribeAlarms", params).code == "InvalidParameterCombination"
        )
        assert (
            len(many.call("cloudwatch:DescribeAlarms", {"AlarmNamePrefix": "a"})["MetricAlarms"])
            == 5
        )

    def test_history_pages_newest_first(self, many: World) -> None:
        out = many.call("cloudwatch:DescribeAlarmHistory", {"MaxRecords": 2})
        assert [i["AlarmName"] for i in out["AlarmHistoryItems"]] == ["a4", "a3"]
        rest = many.call(
            "cloudwatch:DescribeAlarmHistory", {"MaxRecords": 2, "NextToken": out["NextToken"]}
        )
        assert [i["AlarmName"] for i in rest["AlarmHistoryItems"]] == ["a2", "a1"]


class TestAccess:
    def with_role(self, world: World, policies: list[Any]) -> str:
        world.add_role("Ops", policies)
        world.add_principal("ops", arn=f"arn:aws:sts::{HOME}:assumed-role/Ops/ops", role="Ops")
        return "ops"

    def test_alarm_operations_act_on_the_alarm_arn(self, alarmed: World) -> None:
        who = self.with_role(
            alarmed,
            [
                {
                    "Effect": "Allow",
                    "Action": "cloudwatch:SetAlarmState",
                    "Resource": f"arn:aws:cloudwatch:us-east-1:{HOME}:alarm:conv*",
                }
            ],
        )
        params = {"AlarmName": "conversion", "StateValue": "ALARM", "StateReason": "drill"}
        alarmed.call("cloudwatch:SetAlarmState", params, who)
        error = refusal(alarmed, "cloudwatch:SetAlarmState", {**params, "AlarmName": "other"}, who)
        assert isinstance(error, AccessDeniedException)
        assert "cloudwatch:SetAlarmState" in error.message

    def test_metric_operations_act_on_star(self, world: World) -> None:
        who = self.with_role(
            world, [{"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}]
        )
        world.call(
            "cloudwatch:PutMetricData",
            {"Namespace": "Shop", "MetricData": [{"MetricName": "m", "Value": 1}]},
            who,
        )
        assert isinstance(refusal(world, "cloudwatch:ListMetrics", {}, who), AccessDeniedException)

    def test_alarm_tags_feed_resource_tag_conditions(self, world: World) -> None:
        world.call(
            "cloudwatch:PutMetricAlarm", {**ALARM, "Tags": [{"Key": "team", "Value": "shop"}]}
        )
        who = self.with_role(
            world,
            [
                {
                    "Effect": "Allow",
                    "Action": "cloudwatch:SetAlarmState",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:ResourceTag/team": "shop"}},
                }
            ],
        )
        world.call(
            "cloudwatch:SetAlarmState",
            {"AlarmName": "conversion", "StateValue": "OK", "StateReason": "tagged"},
            who,
        )

    def test_alarms_belong_to_the_callers_account(self, alarmed: World) -> None:
        alarmed.add_role(
            "Other",
            [{"Effect": "Allow", "Action": "cloudwatch:*", "Resource": "*"}],
            account="444455556666",
        )
        alarmed.add_principal(
            "other",
            account="444455556666",
            arn="arn:aws:sts::444455556666:assumed-role/Other/other",
            role="Other",
        )
        assert alarmed.call("cloudwatch:DescribeAlarms", {}, "other")["MetricAlarms"] == []
        with alarmed.engine.connect() as db:
            assert alarm_states(db, "444455556666", ["conversion"]) == {}
