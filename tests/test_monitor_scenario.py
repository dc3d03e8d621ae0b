"""A scenario drives CloudWatch: publish a business metric, alarm on it, watch the timeline."""

from __future__ import annotations

from pathlib import Path

from mlgov_sim.scenario.load import load_scenario
from mlgov_sim.scenario.report import render_text
from mlgov_sim.scenario.runner import new_world, run_scenario

SCENARIO = """
title: Conversion alarm
world:
  clock: 2025-03-01T09:00:00Z
automations:
  - name: page-on-call
    on:
      source: [aws.cloudwatch]
      detail-type: [CloudWatch Alarm State Change]
      detail: {state: {value: [ALARM]}}
    do:
      - do: cloudwatch:PutMetricData
        with:
          Namespace: Paging
          MetricData: [{MetricName: Pages, Value: 1}]
steps:
  - do: cloudwatch:PutMetricAlarm
    with:
      AlarmName: conversion-drop
      Namespace: Shop
      MetricName: ConversionRate
      Statistic: Average
      Period: 300
      EvaluationPeriods: 2
      DatapointsToAlarm: 2
      Threshold: 0.03
      ComparisonOperator: LessThanThreshold
      TreatMissingData: notBreaching
  - do: cloudwatch:PutMetricData
    with:
      Namespace: Shop
      MetricData: [{MetricName: ConversionRate, Value: 0.01}]
  - advance: 5m
  - do: cloudwatch:PutMetricData
    with:
      Namespace: Shop
      MetricData: [{MetricName: ConversionRate, Value: 0.02}]
  - advance: 5m
  - do: cloudwatch:DescribeAlarms
    with: {AlarmNames: [conversion-drop]}
    expect:
      MetricAlarms: [{StateValue: ALARM}]
  - do: cloudwatch:ListMetrics
    with: {Namespace: Paging}
    expect:
      Metrics: [{MetricName: Pages}]
"""


def test_alarm_timeline_and_automation_in_a_scenario(tmp_path: Path) -> None:
    path = tmp_path / "conversion.yaml"
    path.write_text(SCENARIO)
    scenario = load_scenario(path)
    result = run_scenario(scenario, new_world(scenario))
    text = render_text(result)
    assert result.passed, text
    assert "alarm conversion-drop: INSUFFICIENT_DATA → OK" in text
    assert "alarm conversion-drop: OK → ALARM" in text
