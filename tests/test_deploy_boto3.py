"""boto3 end to end through mlgov_sim.testing: deploy, invoke and watch a canary roll back."""

from __future__ import annotations

from datetime import timedelta

import boto3

from mlgov_sim.testing import mock_aws

REGION = "us-east-1"
IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"


def test_deploy_invoke_and_roll_back_with_boto3() -> None:
    with mock_aws() as mock:
        sagemaker = boto3.client("sagemaker", region_name=REGION)
        runtime = boto3.client("sagemaker-runtime", region_name=REGION)
        cloudwatch = boto3.client("cloudwatch", region_name=REGION)
        for version in (1, 2):
            sagemaker.create_model(
                ModelName=f"m{version}",
                PrimaryContainer={"Image": IMAGE, "ModelDataUrl": f"s3://m/v{version}.tar.gz"},
            )
            sagemaker.create_endpoint_config(
                EndpointConfigName=f"c{version}",
                ProductionVariants=[
                    {
                        "VariantName": "AllTraffic",
                        "ModelName": f"m{version}",
                        "InstanceType": "ml.m5.large",
                        "InitialInstanceCount": 4,
                    }
                ],
            )
        sagemaker.create_endpoint(EndpointName="prod", EndpointConfigName="c1")
        mock.world.advance(timedelta(minutes=4))
        out = runtime.invoke_endpoint(EndpointName="prod", Body=b"1,2\n", ContentType="text/csv")
        assert out["Body"].read().endswith(b"\n")
        assert out["InvokedProductionVariant"] == "AllTraffic"
        cloudwatch.put_metric_alarm(
            AlarmName="conversion",
            Namespace="Shop",
            MetricName="Conversion",
            Statistic="Average",
            Period=60,
            EvaluationPeriods=1,
            Threshold=0.02,
            ComparisonOperator="LessThanThreshold",
        )
        sagemaker.update_endpoint(
            EndpointName="prod",
            EndpointConfigName="c2",
            DeploymentConfig={
                "BlueGreenUpdatePolicy": {
                    "TrafficRoutingConfiguration": {
                        "Type": "CANARY",
                        "WaitIntervalInSeconds": 600,
                        "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 25},
                    }
                },
                "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "conversion"}]},
            },
        )
        mock.world.advance(timedelta(minutes=6))
        pending = sagemaker.describe_endpoint(EndpointName="prod")["PendingDeploymentSummary"]
        assert pending["ProductionVariants"][0]["CurrentWeight"] == 0.25
        cloudwatch.set_alarm_state(AlarmName="conversion", StateValue="ALARM", StateReason="x")
        described = sagemaker.describe_endpoint(EndpointName="prod")
        assert (described["EndpointStatus"], described["EndpointConfigName"]) == (
            "InService",
            "c1",
        )
        assert "PendingDeploymentSummary" not in described
