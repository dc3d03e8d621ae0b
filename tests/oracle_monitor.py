"""Oracle samples for the CloudWatch stand-in (tests/test_oracle.py loads them).

SETUP publishes a few datapoints and creates two alarms on them, so every
sample below succeeds on the populated world.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

ORDER = 40
NAMESPACE = "Shop"
DIMENSIONS = [{"Name": "Site", "Value": "eu"}]
ALARM: dict[str, Any] = {
    "AlarmName": "oracle-conversion",
    "AlarmDescription": "conversion rate dropped",
    "Namespace": NAMESPACE,
    "MetricName": "ConversionRate",
    "Dimensions": DIMENSIONS,
    "Statistic": "Average",
    "Period": 60,
    "EvaluationPeriods": 3,
    "DatapointsToAlarm": 2,
    "Threshold": 0.05,
    "ComparisonOperator": "LessThanThreshold",
    "TreatMissingData": "notBreaching",
    "Tags": [{"Key": "team", "Value": "shop"}],
}
START = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)
END = datetime(2025, 1, 3, 0, 0, tzinfo=UTC)

SETUP: list[tuple[str, dict[str, Any]]] = [
    (
        "cloudwatch:PutMetricData",
        {
            "Namespace": NAMESPACE,
            "MetricData": [
                {"MetricName": "ConversionRate", "Dimensions": DIMENSIONS, "Value": 0.01},
                {
                    "MetricName": "Orders",
                    "Dimensions": DIMENSIONS,
                    "Values": [1.0, 3.0],
                    "Counts": [2.0, 1.0],
                    "Unit": "Count",
                },
            ],
        },
    ),
    ("cloudwatch:PutMetricAlarm", ALARM),
    ("cloudwatch:PutMetricAlarm", {**ALARM, "AlarmName": "oracle-doomed", "Tags": []}),
]

SAMPLES: dict[str, dict[str, Any]] = {
    "cloudwatch:PutMetricData": {
        "Namespace": NAMESPACE,
        "MetricData": [
            {
                "MetricName": "ConversionRate",
                "Dimensions": DIMENSIONS,
                "StatisticValues": {"SampleCount": 4, "Sum": 0.2, "Minimum": 0.01, "Maximum": 0.1},
                "Unit": "None",
            }
        ],
    },
    "cloudwatch:GetMetricStatistics": {
        "Namespace": NAMESPACE,
        "MetricName": "Orders",
        "Dimensions": DIMENSIONS,
        "StartTime": START,
        "EndTime": END,
        "Period": 3600,
        "Statistics": ["SampleCount", "Average", "Sum", "Minimum", "Maximum"],
    },
    "cloudwatch:GetMetricData": {
        "MetricDataQueries": [
            {
                "Id": "orders",
                "MetricStat": {
                    "Metric": {
                        "Namespace": NAMESPACE,
                        "MetricName": "Orders",
                        "Dimensions": DIMENSIONS,
                    },
                    "Period": 60,
                    "Stat": "p50",
                },
            }
        ],
        "StartTime": START,
        "EndTime": END,
    },
    "cloudwatch:ListMetrics": {"Namespace": NAMESPACE},
    "cloudwatch:PutMetricAlarm": {**ALARM, "AlarmName": "oracle-new", "Period": 300},
    "cloudwatch:DescribeAlarms": {"AlarmNamePrefix": "oracle-", "MaxRecords": 1},
    "cloudwatch:DescribeAlarmHistory": {"AlarmName": "oracle-conversion"},
    "cloudwatch:SetAlarmState": {
        "AlarmName": "oracle-conversion",
        "StateValue": "OK",
        "StateReason": "testing the rollback path",
        "StateReasonData": "{}",
    },
    "cloudwatch:DeleteAlarms": {"AlarmNames": ["oracle-doomed"]},
}

EXTRA_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("cloudwatch:DescribeAlarms", {}),
    ("cloudwatch:DescribeAlarms", {"AlarmTypes": ["MetricAlarm", "CompositeAlarm"]}),
    ("cloudwatch:DescribeAlarmHistory", {"ScanBy": "TimestampAscending", "MaxRecords": 1}),
    ("cloudwatch:ListMetrics", {}),
    (
        "cloudwatch:GetMetricStatistics",
        {
            "Namespace": NAMESPACE,
            "MetricName": "Orders",
            "Dimensions": DIMENSIONS,
            "StartTime": START,
            "EndTime": END,
            "Period": 3600,
            "ExtendedStatistics": ["p50", "p99"],
        },
    ),
]
