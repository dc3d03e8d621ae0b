"""Must-show 1: guardrail deployments stepped through every shift and bake, with and without alarms.

Each deployment is walked on the simulated clock in small steps; at every
instant the endpoint's status, config, traffic split (each fleet's
CurrentWeight/DesiredWeight) and the new fleet's phase are checked against
the plan. Then an alarm fires at each stage in turn, and the endpoint must be
InService on its old config with all traffic back on the old fleet.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from deploy_support import describe, events_of, live, notes, refused

from mlgov_sim.app import World

ALARM = "churn-conversion-drop"
ROLLBACK = {"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": ALARM}]}}
OLD, NEW = "churn-v1-config", "churn-v2-config"


def blue_green(kind: str, wait: int, termination: int = 0, **routing: Any) -> dict[str, Any]:
    policy: dict[str, Any] = {
        "TrafficRoutingConfiguration": {"Type": kind, "WaitIntervalInSeconds": wait, **routing},
        "TerminationWaitInSeconds": termination,
    }
    return {"BlueGreenUpdatePolicy": policy, **ROLLBACK}


CANARY = blue_green("CANARY", 600, 300, CanarySize={"Type": "INSTANCE_COUNT", "Value": 1})
LINEAR = blue_green("LINEAR", 300, 120, LinearStepSize={"Type": "CAPACITY_PERCENT", "Value": 25})
ALL_AT_ONCE = blue_green("ALL_AT_ONCE", 0, 600)
ROLLING = {
    "RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1},
        "WaitIntervalInSeconds": 120,
        "RollbackMaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 100},
    },
    **ROLLBACK,
}

# Minutes after UpdateEndpoint -> (blue Current, blue Desired, green Current, green Desired, phase)
# Canary on 10 instances: launch 4m, activate 1m, bake 600 s, activate 1m, bake 300 s, done.
CANARY_TIMELINE = [
    (0, (1.0, 1.0, 0.0, 0.0, "Creating")),
    (3.9, (1.0, 1.0, 0.0, 0.0, "Creating")),
    (4, (1.0, 0.9, 0.0, 0.1, "ActivatingTraffic")),
    (5, (0.9, 0.9, 0.1, 0.1, "Baking")),
    (14.9, (0.9, 0.9, 0.1, 0.1, "Baking")),
    (15, (0.9, 0.0, 0.1, 1.0, "ActivatingTraffic")),
    (16, (0.0, 0.0, 1.0, 1.0, "Baking")),
    (20.9, (0.0, 0.0, 1.0, 1.0, "Baking")),
]
CANARY_DONE = 21
# Linear on 4 instances in steps of 25%: 4 shifts, bakes of 300 s, the last 120 s.
LINEAR_TIMELINE = [
    (0, (1.0, 1.0, 0.0, 0.0, "Creating")),
    (4, (1.0, 0.75, 0.0, 0.25, "ActivatingTraffic")),
    (5, (0.75, 0.75, 0.25, 0.25, "Baking")),
    (10, (0.75, 0.5, 0.25, 0.5, "ActivatingTraffic")),
    (11, (0.5, 0.5, 0.5, 0.5, "Baking")),
    (16, (0.5, 0.25, 0.5, 0.75, "ActivatingTraffic")),
    (17, (0.25, 0.25, 0.75, 0.75, "Baking")),
    (22, (0.25, 0.0, 0.75, 1.0, "ActivatingTraffic")),
    (23, (0.0, 0.0, 1.0, 1.0, "Baking")),
    (24.9, (0.0, 0.0, 1.0, 1.0, "Baking")),
]
LINEAR_DONE = 25


def deploying(world: World, deployment: dict[str, Any] | None, instances: int) -> World:
    """`churn-prod` live on the old config with `instances`, an alarm, then UpdateEndpoint."""
    live(world, instances=instances)
    world.call(
        "cloudwatch:PutMetricAlarm",
        {
            "AlarmName": ALARM,
            "Namespace": "Churn",
            "MetricName": "ConversionRate",
            "Dimensions": [{"Name": "EndpointName", "Value": "churn-prod"}],
            "Statistic": "Average",
            "Period": 60,
            "EvaluationPeriods": 1,
            "Threshold": 0.05,
            "ComparisonOperator": "LessThanThreshold",
            "TreatMissingData": "notBreaching",
        },
    )
    params: dict[str, Any] = {"EndpointName": "churn-prod", "EndpointConfigName": NEW}
    if deployment is not None:
        params["DeploymentConfig"] = deployment
    world.call("UpdateEndpoint", params)
    return world


def split(world: World) -> tuple[str, str, tuple[Any, ...] | None]:
    """Status, config, and (blue cur, blue des, green cur, green des, green phase) if deploying."""
    described = describe(world)
    blue = described["ProductionVariants"][0]
    pending = described.get("PendingDeploymentSummary")
    if pending is None:
        assert (blue["CurrentWeight"], blue["DesiredWeight"]) == (1.0, 1.0)
        return described["EndpointStatus"], described["EndpointConfigName"], None
    assert pending["EndpointConfigName"] == NEW
    green = pending["ProductionVariants"][0]
    return (
        described["EndpointStatus"],
        described["EndpointConfigName"],
        (
            blue["CurrentWeight"],
            blue["DesiredWeight"],
            green["CurrentWeight"],
            green["DesiredWeight"],
            green["VariantStatus"][0]["Status"],
        ),
    )


def walk(world: World, timeline: list[tuple[float, tuple[Any, ...]]], until: float) -> None:
    """Advance to each instant of `timeline`, in 30-second steps between, checking each."""
    elapsed = 0.0
    for minute, expected in timeline:
        while elapsed + 0.5 < minute:
            world.advance(timedelta(seconds=30))
            elapsed += 0.5
            assert split(world)[0] == "Updating"
        world.advance(timedelta(minutes=minute - elapsed))
        elapsed = minute
        assert split(world) == ("Updating", OLD, expected), f"at {minute} min"
    world.advance(timedelta(minutes=until - elapsed))
    assert split(world) == ("InService", NEW, None)


def fire(world: World) -> None:
    world.call(
        "cloudwatch:SetAlarmState",
        {"AlarmName": ALARM, "StateValue": "ALARM", "StateReason": "conversions dropped"},
    )


def assert_rolled_back(world: World) -> None:
    """InService on the old config, all traffic on the old fleet, FailureReason saying why."""
    assert split(world) == ("InService", OLD, None)
    described = describe(world)
    assert described["FailureReason"] == (
        f"Deployment of endpoint config {NEW} was rolled back: alarm {ALARM} in ALARM. "
        f"All traffic is back on endpoint config {OLD}."
    )
    variant = described["ProductionVariants"][0]
    assert variant["CurrentInstanceCount"] == variant["DesiredInstanceCount"]
    world.advance(timedelta(hours=1))  # nothing is left to happen
    assert split(world) == ("InService", OLD, None)


class TestCanary:
    def test_every_shift_and_bake_without_alarm(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        walk(world, CANARY_TIMELINE, CANARY_DONE)
        assert describe(world)["LastDeploymentConfig"] == CANARY
        assert "FailureReason" not in describe(world)

    def test_status_messages_and_instances(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        green = lambda: describe(world)["PendingDeploymentSummary"]["ProductionVariants"][0]  # noqa: E731
        status = green()["VariantStatus"][0]
        assert status["StatusMessage"] == "Launching 10 instance(s)."
        assert (green()["CurrentInstanceCount"], green()["DesiredInstanceCount"]) == (0, 10)
        world.advance(timedelta(minutes=4))
        assert green()["VariantStatus"][0]["StatusMessage"] == (
            "Activating traffic on canary capacity of 1 instance(s)."
        )
        assert green()["CurrentInstanceCount"] == 10
        world.advance(timedelta(minutes=1))
        assert green()["VariantStatus"][0]["StatusMessage"] == (
            "Baking for 600 seconds (WaitIntervalInSeconds) with traffic enabled on canary "
            "capacity of 1 instance(s)."
        )
        assert notes(world) == [
            "endpoint churn-prod: canary 1 instance(s) take 10% of traffic; baking 600 s"
        ]
        world.advance(timedelta(minutes=11))
        assert green()["VariantStatus"][0]["StatusMessage"] == (
            "Baking for 300 seconds (TerminationWaitInSeconds) with traffic enabled on full "
            "capacity of 10 instance(s)."
        )
        blue = describe(world)["ProductionVariants"][0]
        assert (blue["CurrentInstanceCount"], blue["DesiredInstanceCount"]) == (10, 10)

    @pytest.mark.parametrize(
        "minute", [2, 4.5, 10, 15.5, 18], ids=["launch", "activate", "bake", "shift", "final-bake"]
    )
    def test_alarm_at_each_stage_rolls_back(self, world: World, minute: float) -> None:
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=minute))
        assert split(world)[0] == "Updating"
        fire(world)
        assert_rolled_back(world)

    def test_the_report_shows_the_rollback_at_its_time(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=10))
        fire(world)
        world.advance(timedelta(0))
        [run] = [run for run in world.last_timers if run.note and "rolled back" in run.note]
        assert run.note == (
            f"endpoint churn-prod: rolled back: alarm {ALARM} in ALARM; 100% of traffic back "
            f"on {OLD}"
        )
        assert run.due.isoformat() == "2025-01-01T09:14:00+00:00"

    def test_alarm_already_in_alarm_rolls_back_at_the_next_step(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        world.call(
            "cloudwatch:PutMetricAlarm",
            {
                "AlarmName": "always-bad",
                "Namespace": "Churn",
                "MetricName": "Missing",
                "Statistic": "Average",
                "Period": 60,
                "EvaluationPeriods": 1,
                "Threshold": 1,
                "ComparisonOperator": "GreaterThanThreshold",
                "TreatMissingData": "breaching",
            },
        )
        world.advance(timedelta(minutes=2))  # in ALARM, but not watched by this deployment
        assert split(world)[0] == "Updating"
        world.advance(timedelta(minutes=CANARY_DONE - 2))
        world.call(
            "UpdateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": OLD,
                "DeploymentConfig": {
                    **CANARY,
                    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "always-bad"}]},
                },
            },
        )
        world.advance(timedelta(minutes=4))  # the first step finds it in ALARM
        described = describe(world)
        assert (described["EndpointStatus"], described["EndpointConfigName"]) == (
            "InService",
            NEW,
        )
        assert "alarm always-bad in ALARM" in described["FailureReason"]

    def test_conversion_metric_dropping_during_the_bake_rolls_back(self, world: World) -> None:
        """The headline story: the team's own metric trips the alarm; SageMaker rolls back."""
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=6))
        world.call(
            "cloudwatch:PutMetricData",
            {
                "Namespace": "Churn",
                "MetricData": [
                    {
                        "MetricName": "ConversionRate",
                        "Dimensions": [{"Name": "EndpointName", "Value": "churn-prod"}],
                        "Value": 0.01,
                    }
                ],
            },
        )
        assert split(world)[0] == "Updating"
        world.advance(timedelta(minutes=2))  # the alarm's period ends: ALARM, rolled back
        assert_rolled_back(world)


class TestLinear:
    def test_every_step_without_alarm(self, world: World) -> None:
        deploying(world, LINEAR, instances=4)
        walk(world, LINEAR_TIMELINE, LINEAR_DONE)

    @pytest.mark.parametrize("minute", [2, 4.5, 7, 10.5, 13, 16.5, 20, 22.5, 24])
    def test_alarm_at_each_stage_rolls_back(self, world: World, minute: float) -> None:
        deploying(world, LINEAR, instances=4)
        world.advance(timedelta(minutes=minute))
        assert split(world)[0] == "Updating"
        fire(world)
        assert_rolled_back(world)

    def test_messages_name_the_capacity(self, world: World) -> None:
        deploying(world, LINEAR, instances=4)
        world.advance(timedelta(minutes=11))
        pending = describe(world)["PendingDeploymentSummary"]
        assert pending["ProductionVariants"][0]["VariantStatus"][0]["StatusMessage"] == (
            "Baking for 300 seconds (WaitIntervalInSeconds) with traffic enabled on 2 of 4 "
            "instance(s)."
        )
        assert notes(world)[-1] == (
            "endpoint churn-prod: 2 of 4 new instance(s) take 50% of traffic; baking 300 s"
        )


class TestAllAtOnce:
    def test_termination_wait_bakes_on_full_capacity(self, world: World) -> None:
        deploying(world, ALL_AT_ONCE, instances=2)
        walk(
            world,
            [
                (0, (1.0, 1.0, 0.0, 0.0, "Creating")),
                (4, (1.0, 0.0, 0.0, 1.0, "ActivatingTraffic")),
                (5, (0.0, 0.0, 1.0, 1.0, "Baking")),
                (14.5, (0.0, 0.0, 1.0, 1.0, "Baking")),
            ],
            15,
        )

    def test_alarm_while_baking_rolls_back(self, world: World) -> None:
        deploying(world, ALL_AT_ONCE, instances=2)
        world.advance(timedelta(minutes=10))
        fire(world)
        assert_rolled_back(world)

    def test_default_update_is_all_at_once_without_baking(self, world: World) -> None:
        deploying(world, None, instances=2)
        walk(
            world,
            [(0, (1.0, 1.0, 0.0, 0.0, "Creating")), (4, (1.0, 0.0, 0.0, 1.0, "ActivatingTraffic"))],
            5,
        )
        assert "LastDeploymentConfig" not in describe(world)

    def test_alarm_not_watched_without_deployment_config(self, world: World) -> None:
        deploying(world, None, instances=2)
        world.advance(timedelta(minutes=2))
        fire(world)
        world.advance(timedelta(minutes=3))
        assert split(world) == ("InService", NEW, None)


class TestRolling:
    def test_batches_launch_shift_and_bake(self, world: World) -> None:
        deploying(world, ROLLING, instances=4)
        walk(
            world,
            [
                (0, (1.0, 1.0, 0.0, 0.0, "Creating")),
                (4, (1.0, 0.75, 0.0, 0.25, "ActivatingTraffic")),
                (5, (0.75, 0.75, 0.25, 0.25, "Baking")),
                (7, (0.75, 0.75, 0.25, 0.25, "Creating")),
                (11, (0.75, 0.5, 0.25, 0.5, "ActivatingTraffic")),
                (12, (0.5, 0.5, 0.5, 0.5, "Baking")),
                (26, (0.0, 0.0, 1.0, 1.0, "Baking")),
            ],
            28,
        )

    def test_old_instances_retire_batch_by_batch(self, world: World) -> None:
        deploying(world, ROLLING, instances=4)
        world.advance(timedelta(minutes=12))
        described = describe(world)
        blue = described["ProductionVariants"][0]
        green = described["PendingDeploymentSummary"]["ProductionVariants"][0]
        assert blue["CurrentInstanceCount"] == 2
        assert (green["CurrentInstanceCount"], green["DesiredInstanceCount"]) == (2, 4)

    def test_alarm_rolls_back(self, world: World) -> None:
        deploying(world, ROLLING, instances=4)
        world.advance(timedelta(minutes=12))
        fire(world)
        assert_rolled_back(world)


class TestTimeout:
    def test_deployment_past_its_timeout_rolls_back(self, world: World) -> None:
        slow = blue_green(
            "LINEAR", 300, 120, LinearStepSize={"Type": "CAPACITY_PERCENT", "Value": 25}
        )
        slow["BlueGreenUpdatePolicy"]["MaximumExecutionTimeoutInSeconds"] = 900
        deploying(world, slow, instances=4)
        world.advance(timedelta(minutes=14, seconds=59))
        assert split(world)[0] == "Updating"
        world.advance(timedelta(seconds=1))
        assert notes(world) == [
            "endpoint churn-prod: rolled back: the deployment did not finish within "
            f"MaximumExecutionTimeoutInSeconds (900 s); 100% of traffic back on {OLD}"
        ]
        assert split(world) == ("InService", OLD, None)

    def test_a_deployment_in_time_is_not_rolled_back(self, world: World) -> None:
        quick = blue_green("ALL_AT_ONCE", 0, 60)
        quick["BlueGreenUpdatePolicy"]["MaximumExecutionTimeoutInSeconds"] = 600
        deploying(world, quick, instances=2)
        world.advance(timedelta(minutes=30))
        assert split(world) == ("InService", NEW, None)


class TestLimits:
    @pytest.mark.parametrize(
        ("deployment", "instances", "message"),
        [
            (
                blue_green("CANARY", 60, CanarySize={"Type": "INSTANCE_COUNT", "Value": 3}),
                4,
                "CanarySize (3 instance(s)) must be at most 50% of the variant's total "
                "instance count (4).",
            ),
            (
                blue_green("CANARY", 60, CanarySize={"Type": "CAPACITY_PERCENT", "Value": 10}),
                1,
                "CanarySize (1 instance(s)) must be at most 50% of the variant's total "
                "instance count (1).",
            ),
            (
                blue_green("LINEAR", 60, LinearStepSize={"Type": "INSTANCE_COUNT", "Value": 3}),
                4,
                "LinearStepSize (3 instance(s)) must be between 10% and 50% of the variant's "
                "total instance count (4).",
            ),
            (
                blue_green("LINEAR", 60, LinearStepSize={"Type": "INSTANCE_COUNT", "Value": 1}),
                20,
                "LinearStepSize (1 instance(s)) must be between 10% and 50% of the variant's "
                "total instance count (20).",
            ),
            (
                blue_green("CANARY", 60),
                4,
                "CanarySize must be specified for traffic routing type CANARY.",
            ),
            (
                {
                    "RollingUpdatePolicy": {
                        "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 75},
                        "WaitIntervalInSeconds": 60,
                    }
                },
                4,
                "MaximumBatchSize (3 instance(s)) must be between 5% and 50% of the variant's "
                "total instance count (4).",
            ),
        ],
    )
    def test_documented_limits_are_refused(
        self, world: World, deployment: dict[str, Any], instances: int, message: str
    ) -> None:
        live(world, instances=instances)
        error = refused(
            world,
            "UpdateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": NEW,
                "DeploymentConfig": deployment,
            },
        )
        assert (error.code, error.message) == ("ValidationException", message)
        assert split(world) == ("InService", OLD, None)

    def test_timeout_must_exceed_the_waits(self, world: World) -> None:
        live(world, instances=2)
        deployment = blue_green("ALL_AT_ONCE", 600, 600)
        deployment["BlueGreenUpdatePolicy"]["MaximumExecutionTimeoutInSeconds"] = 1200
        error = refused(
            world,
            "UpdateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": NEW,
                "DeploymentConfig": deployment,
            },
        )
        assert error.message == (
            "MaximumExecutionTimeoutInSeconds (1200) must be larger than the total waiting time, "
            "WaitIntervalInSeconds + TerminationWaitInSeconds (1200)."
        )

    def test_alarms_must_exist(self, world: World) -> None:
        live(world, instances=2)
        error = refused(
            world,
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": NEW, "DeploymentConfig": CANARY},
        )
        assert error.message == (
            f"The alarms in AutoRollbackConfiguration must exist in CloudWatch: {ALARM} not found."
        )


class TestDeploymentConfigKept:
    def test_retain_deployment_config_reuses_the_one_kept(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=CANARY_DONE))
        world.call(
            "UpdateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": OLD,
                "RetainDeploymentConfig": True,
            },
        )
        world.advance(timedelta(minutes=5))
        assert notes(world)[-1] == (
            "endpoint churn-prod: canary 1 instance(s) take 10% of traffic; baking 600 s"
        )

    def test_create_endpoints_config_is_used_when_retained(self, world: World) -> None:
        live(world, instances=10, name="other")
        world.call(
            "CreateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": OLD,
                "DeploymentConfig": {
                    k: v for k, v in CANARY.items() if k != "AutoRollbackConfiguration"
                },
            },
        )
        world.advance(timedelta(minutes=4))
        world.call(
            "UpdateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": NEW,
                "RetainDeploymentConfig": True,
            },
        )
        world.advance(timedelta(minutes=5))
        assert split(world)[2] == (0.9, 0.9, 0.1, 0.1, "Baking")


class TestDeploymentEvents:
    def test_deployment_state_change_in_aws_shape(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=5))
        event = events_of(world, "SageMaker Endpoint Deployment State Change")[-1]
        assert event["source"] == "aws.sagemaker"
        assert event["resources"] == [
            "arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn-prod"
        ]
        assert event["time"] == "2025-01-01T09:09:00Z"
        detail = event["detail"]
        assert detail["EndpointName"] == "churn-prod"
        assert detail["EndpointConfigName"] == OLD
        assert detail["EndpointStatus"] == "UPDATING"
        assert detail["ProductionVariants"] == [
            {
                "VariantName": "AllTraffic",
                "CurrentWeight": 0.9,
                "DesiredWeight": 0.9,
                "CurrentInstanceCount": 10,
                "DesiredInstanceCount": 10,
            }
        ]
        assert isinstance(detail["CreationTime"], float)
        assert isinstance(detail["LastModifiedTime"], float)
        assert detail["Tags"] == {}
        pending = detail["PendingDeploymentSummary"]
        assert pending["EndpointConfigName"] == NEW
        assert pending["StartTime"] == 1735722240000.0
        [variant] = pending["ProductionVariants"]
        assert variant["VariantName"] == "AllTraffic"
        assert (variant["CurrentWeight"], variant["DesiredWeight"]) == (0.1, 0.1)
        assert (variant["CurrentInstanceCount"], variant["DesiredInstanceCount"]) == (10, 10)
        assert variant["VariantStatus"] == [
            {
                "Status": "Baking",
                "StatusMessage": "Baking for 600 seconds (WaitIntervalInSeconds) with traffic "
                "enabled on canary capacity of 1 instance(s).",
                "StartTime": 1735722540000.0,
            }
        ]

    def test_one_deployment_event_per_step_and_status_events_at_the_ends(
        self, world: World
    ) -> None:
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=CANARY_DONE))
        deployments = events_of(world, "SageMaker Endpoint Deployment State Change")
        assert [e["detail"]["EndpointStatus"] for e in deployments] == ["UPDATING"] * 5 + [
            "IN_SERVICE"
        ]
        statuses = [
            e["detail"]["EndpointStatus"]
            for e in events_of(world, "SageMaker Endpoint State Change")
        ]
        assert statuses == ["CREATING", "IN_SERVICE", "UPDATING", "IN_SERVICE"]

    def test_rollback_announces_in_service_on_the_old_config(self, world: World) -> None:
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=10))
        fire(world)
        change = events_of(world, "SageMaker Endpoint State Change")[-1]
        assert change["detail"]["EndpointStatus"] == "IN_SERVICE"
        assert change["detail"]["EndpointConfigName"] == OLD
        assert change["detail"]["FailureReason"].startswith(f"Deployment of endpoint config {NEW}")
        last = events_of(world, "SageMaker Endpoint Deployment State Change")[-1]
        assert "PendingDeploymentSummary" not in last["detail"]


class TestSameInstant:
    """What happens when a deployment's step and another timer fall due at one instant.

    Timers due together run in the order they were scheduled, which a learner
    cannot see; these pin the rule instead: alarms due at that instant are
    evaluated first, and a deployment that completes at its timeout completed.
    """

    def test_alarm_going_off_as_the_bake_ends_rolls_back(self, world: World) -> None:
        # ALL_AT_ONCE: launched 09:08, traffic on 09:09, bakes 600 s until 09:19:00.
        deploying(world, ALL_AT_ONCE, instances=2)
        world.advance(timedelta(minutes=14, seconds=30))  # 09:18:30, baking
        world.call(
            "cloudwatch:PutMetricData",
            {
                "Namespace": "Churn",
                "MetricData": [
                    {
                        "MetricName": "ConversionRate",
                        "Dimensions": [{"Name": "EndpointName", "Value": "churn-prod"}],
                        "Value": 0.01,
                    }
                ],
            },
        )
        # The alarm's period 09:18-09:19 breaches; it is evaluated at 09:19:00,
        # the instant the bake ends: the breach happened during the bake.
        world.advance(timedelta(seconds=30))
        assert notes(world) == [
            f"alarm {ALARM}: OK → ALARM",
            f"endpoint churn-prod: rolled back: alarm {ALARM} in ALARM; 100% of traffic back "
            f"on {OLD}",
        ]
        assert_rolled_back(world)

    def test_deployment_finishing_at_its_timeout_is_not_rolled_back(self, world: World) -> None:
        # Launch 240 s + activate 60 s + bake 600 s = 900 s, the timeout.
        exact = blue_green("ALL_AT_ONCE", 0, 600)
        exact["BlueGreenUpdatePolicy"]["MaximumExecutionTimeoutInSeconds"] = 900
        deploying(world, exact, instances=2)
        world.advance(timedelta(seconds=900))
        assert notes(world)[-1] == (
            f"endpoint churn-prod: InService on {NEW}; old fleet terminated"
        )
        assert split(world) == ("InService", NEW, None)


class TestWatchedAlarmDeleted:
    def test_deleting_a_watched_alarm_leaves_the_deployment_unguarded(self, world: World) -> None:
        """Watched by name: deleted, nothing rolls back; created again, it guards again."""
        deploying(world, CANARY, instances=10)
        world.advance(timedelta(minutes=6))
        world.call("cloudwatch:DeleteAlarms", {"AlarmNames": [ALARM]})
        world.advance(timedelta(minutes=1))
        assert split(world)[0] == "Updating"
        world.call(
            "cloudwatch:PutMetricAlarm",
            {
                "AlarmName": ALARM,
                "Namespace": "Churn",
                "MetricName": "ConversionRate",
                "Statistic": "Average",
                "Period": 60,
                "EvaluationPeriods": 1,
                "Threshold": 0.05,
                "ComparisonOperator": "LessThanThreshold",
            },
        )
        fire(world)
        assert_rolled_back(world)
