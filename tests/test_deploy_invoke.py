"""InvokeEndpoint: deterministic answers, routing by the traffic split, metrics, latency alarms."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from deploy_support import (
    ACCOUNT,
    config,
    describe,
    model,
    refused,
    registry,
    two_configs,
    version_arn,
)

from mlgov_sim.app import World
from mlgov_sim.deploy.invoke import score

OLD, NEW = "churn-v1-config", "churn-v2-config"
CANARY = {
    "BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {
            "Type": "CANARY",
            "WaitIntervalInSeconds": 600,
            "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1},
        },
        "TerminationWaitInSeconds": 300,
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-latency"}]},
}


def invoke(world: World, body: bytes = b"1,2,3\n", **extra: Any) -> dict[str, Any]:
    return world.call(
        "sagemaker-runtime:InvokeEndpoint", {"EndpointName": "churn-prod", "Body": body, **extra}
    )


def serving(world: World, *, slow: int | None = None, instances: int = 10) -> World:
    """`churn-prod` InService on v1; version 2's model answers in `slow` ms when given."""
    registry(world)
    model(world, 1)
    extra = {"MLGOV_SIM_LATENCY_MS": str(slow)} if slow is not None else {}
    model(world, 2, **extra)
    config(world, OLD, "churn-v1", instances)
    config(world, NEW, "churn-v2", instances)
    world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": OLD})
    world.advance(timedelta(minutes=4))
    return world


def latency_alarm(world: World, dimensions: dict[str, str]) -> None:
    world.call(
        "cloudwatch:PutMetricAlarm",
        {
            "AlarmName": "churn-latency",
            "Namespace": "AWS/SageMaker",
            "MetricName": "ModelLatency",
            "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
            "Statistic": "Average",
            "Period": 60,
            "EvaluationPeriods": 1,
            "Threshold": 100000,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
        },
    )


def total(world: World, metric: str, dimensions: dict[str, str], statistic: str = "Sum") -> float:
    now = world.now
    found = world.call(
        "cloudwatch:GetMetricStatistics",
        {
            "Namespace": "AWS/SageMaker",
            "MetricName": metric,
            "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
            "StartTime": now - timedelta(hours=1),
            "EndTime": now + timedelta(minutes=1),
            "Period": 3600,
            "Statistics": [statistic],
        },
    )["Datapoints"]
    return sum(point[statistic] for point in found)


class TestAnswers:
    def test_one_deterministic_score_per_csv_row(self, world: World) -> None:
        serving(world)
        out = invoke(world, b"1,2,3\n4,5,6\n", ContentType="text/csv")
        assert out["ContentType"] == "text/csv"
        assert out["InvokedProductionVariant"] == "AllTraffic"
        expected = [score(version_arn(1), row) for row in ("1,2,3", "4,5,6")]
        assert out["Body"] == "".join(f"{value}\n" for value in expected).encode()
        assert invoke(world, b"1,2,3\n4,5,6\n")["Body"] == out["Body"]

    def test_another_model_answers_otherwise(self, world: World) -> None:
        assert score(version_arn(1), "1,2,3") != score(version_arn(2), "1,2,3")
        assert 0 <= score(version_arn(1), "1,2,3") < 1

    def test_json_instances(self, world: World) -> None:
        serving(world)
        out = invoke(world, b'{"instances": [[1, 2], [3, 4]]}', ContentType="application/json")
        assert out["ContentType"] == "application/json"
        assert len(json.loads(out["Body"])["predictions"]) == 2


class TestRefusals:
    def test_missing_endpoint(self, world: World) -> None:
        error = refused(
            world, "sagemaker-runtime:InvokeEndpoint", {"EndpointName": "ghost", "Body": b"1"}
        )
        assert (error.code, error.message) == (
            "ValidationError",
            f"Endpoint ghost of account {ACCOUNT} not found.",
        )

    def test_endpoint_still_creating(self, world: World) -> None:
        two_configs(world)
        world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": OLD})
        error = refused(
            world, "sagemaker-runtime:InvokeEndpoint", {"EndpointName": "churn-prod", "Body": b"1"}
        )
        assert error.code == "ValidationError"
        assert "is Creating" in error.message

    def test_iam_checks_sagemaker_invoke_endpoint(self, world: World) -> None:
        serving(world)
        arn = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:endpoint/churn-prod"
        world.add_role(
            "app", [{"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint", "Resource": arn}]
        )
        world.add_role(
            "other", [{"Effect": "Allow", "Action": "sagemaker:Describe*", "Resource": "*"}]
        )
        world.add_principal("web", arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/app/web", role="app")
        world.add_principal(
            "eve", arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/other/eve", role="other"
        )
        params = {"EndpointName": "churn-prod", "Body": b"1,2"}
        world.call("sagemaker-runtime:InvokeEndpoint", params, "web")
        error = refused(world, "sagemaker-runtime:InvokeEndpoint", params, "eve")
        assert error.code == "AccessDeniedException"
        assert "sagemaker:InvokeEndpoint" in error.message


class TestRouting:
    def test_a_ten_percent_canary_gets_one_request_in_ten(self, world: World) -> None:
        serving(world)
        world.call(
            "UpdateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": NEW,
                "DeploymentConfig": {"BlueGreenUpdatePolicy": CANARY["BlueGreenUpdatePolicy"]},
            },
        )
        world.advance(timedelta(minutes=5))  # the canary bakes
        answers = [invoke(world, f"{n},1\n".encode())["Body"] for n in range(20)]
        new = [
            body
            for n, body in enumerate(answers)
            if body == f"{score(version_arn(2), f'{n},1')}\n".encode()
        ]
        assert len(new) == 2
        dimensions = {"EndpointName": "churn-prod", "VariantName": "AllTraffic"}
        assert total(world, "Invocations", dimensions) == 20
        assert total(world, "Invocations", {**dimensions, "EndpointConfigName": NEW}) == 2

    def test_target_variant(self, world: World) -> None:
        serving(world)
        assert invoke(world, TargetVariant="AllTraffic")["InvokedProductionVariant"] == "AllTraffic"
        error = refused(
            world,
            "sagemaker-runtime:InvokeEndpoint",
            {"EndpointName": "churn-prod", "Body": b"1", "TargetVariant": "Nope"},
        )
        assert error.code == "ValidationError"

    def test_weights_split_requests_between_variants(self, world: World) -> None:
        registry(world)
        model(world, 1)
        model(world, 2)
        world.call(
            "CreateEndpointConfig",
            {
                "EndpointConfigName": "ab",
                "ProductionVariants": [
                    {
                        "VariantName": "A",
                        "ModelName": "churn-v1",
                        "InstanceType": "ml.m5.large",
                        "InitialInstanceCount": 1,
                        "InitialVariantWeight": 3.0,
                    },
                    {
                        "VariantName": "B",
                        "ModelName": "churn-v2",
                        "InstanceType": "ml.m5.large",
                        "InitialInstanceCount": 1,
                        "InitialVariantWeight": 1.0,
                    },
                ],
            },
        )
        world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "ab"})
        world.advance(timedelta(minutes=4))
        variants = [invoke(world)["InvokedProductionVariant"] for _ in range(8)]
        assert variants.count("A") == 6 and variants.count("B") == 2


class TestMetrics:
    def test_invocation_metrics_per_variant(self, world: World) -> None:
        serving(world)
        invoke(world)
        invoke(world)
        dimensions = {"EndpointName": "churn-prod", "VariantName": "AllTraffic"}
        assert total(world, "Invocations", dimensions) == 2
        assert total(world, "Invocation5XXErrors", dimensions) == 0
        assert total(world, "Invocation4XXErrors", dimensions) == 0
        latency = total(world, "ModelLatency", dimensions, "Average")
        assert 20_000 <= latency < 40_000
        assert 1_000 <= total(world, "OverheadLatency", dimensions, "Average") < 3_000

    def test_latency_set_on_the_container(self, world: World) -> None:
        registry(world)
        model(world, 1, MLGOV_SIM_LATENCY_MS="250")
        config(world, OLD, "churn-v1")
        world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": OLD})
        world.advance(timedelta(minutes=4))
        invoke(world)
        dimensions = {"EndpointName": "churn-prod", "VariantName": "AllTraffic"}
        assert total(world, "ModelLatency", dimensions, "Average") == 250_000


class TestLatencyAlarms:
    @pytest.mark.parametrize(("fleet", "slow"), [("new", 250), ("all", 2000)])
    def test_a_slow_canary_trips_a_latency_alarm_and_rolls_back(
        self, world: World, fleet: str, slow: int
    ) -> None:
        """On the new fleet alone 250 ms trips it; endpoint-wide the canary is 1 request in 10."""
        serving(world, slow=slow)
        dimensions = {"EndpointName": "churn-prod", "VariantName": "AllTraffic"}
        if fleet == "new":  # the new fleet only: its metrics carry EndpointConfigName
            dimensions["EndpointConfigName"] = NEW
        latency_alarm(world, dimensions)
        world.call(
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": NEW, "DeploymentConfig": CANARY},
        )
        world.advance(timedelta(minutes=5))  # 09:09: the canary bakes
        for n in range(10 if fleet == "new" else 40):
            invoke(world, f"{n}\n".encode())
        assert describe(world)["EndpointStatus"] == "Updating"
        world.advance(timedelta(minutes=2))
        described = describe(world)
        assert (described["EndpointStatus"], described["EndpointConfigName"]) == ("InService", OLD)
        assert "alarm churn-latency in ALARM" in described["FailureReason"]

    def test_a_slow_old_fleet_also_stops_the_deployment(self, world: World) -> None:
        """AWS: if your old fleet trips the alarm during the deployment, it is terminated."""
        registry(world)
        model(world, 1, MLGOV_SIM_LATENCY_MS="300")
        model(world, 2)
        config(world, OLD, "churn-v1", 10)
        config(world, NEW, "churn-v2", 10)
        world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": OLD})
        world.advance(timedelta(minutes=4))
        latency_alarm(world, {"EndpointName": "churn-prod", "VariantName": "AllTraffic"})
        world.call(
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": NEW, "DeploymentConfig": CANARY},
        )
        world.advance(timedelta(minutes=5))
        for n in range(10):
            invoke(world, f"{n}\n".encode())
        world.advance(timedelta(minutes=2))
        described = describe(world)
        assert (described["EndpointStatus"], described["EndpointConfigName"]) == ("InService", OLD)

    def test_a_fast_canary_deploys(self, world: World) -> None:
        serving(world)
        latency_alarm(
            world,
            {"EndpointName": "churn-prod", "VariantName": "AllTraffic", "EndpointConfigName": NEW},
        )
        world.call(
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": NEW, "DeploymentConfig": CANARY},
        )
        world.advance(timedelta(minutes=5))
        for n in range(10):
            invoke(world, f"{n}\n".encode())
        world.advance(timedelta(minutes=20))
        assert describe(world)["EndpointConfigName"] == NEW
