"""Endpoints: statuses on the clock, refusals in AWS's words, events in AWS's shapes, inspect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from deploy_support import (
    PREFIX,
    config,
    describe,
    events_of,
    live,
    model,
    notes,
    refused,
    registry,
    two_configs,
)

from mlgov_sim.app import World
from mlgov_sim.core.errors import ValidationException

ARN = f"{PREFIX}:endpoint/churn-prod"


class TestCreate:
    def test_creating_then_in_service_after_four_minutes(self, world: World) -> None:
        two_configs(world)
        created = world.call(
            "CreateEndpoint",
            {"EndpointName": "Churn-Prod", "EndpointConfigName": "churn-v1-config"},
        )
        assert created == {"EndpointArn": ARN}  # the name lower-cased, as AWS's ARNs are
        described = describe(world)
        assert described["EndpointStatus"] == "Creating"
        assert described["EndpointName"] == "Churn-Prod"
        variant = described["ProductionVariants"][0]
        assert variant["CurrentInstanceCount"] == 0
        assert variant["VariantStatus"][0]["StatusMessage"] == "Launching 1 instance(s)."
        world.advance(timedelta(minutes=3, seconds=59))
        assert describe(world)["EndpointStatus"] == "Creating"
        world.advance(timedelta(seconds=1))
        assert notes(world) == ["endpoint Churn-Prod: InService on churn-v1-config"]
        described = describe(world)
        assert described["EndpointStatus"] == "InService"
        variant = described["ProductionVariants"][0]
        assert (variant["CurrentWeight"], variant["DesiredWeight"]) == (1.0, 1.0)
        assert (variant["CurrentInstanceCount"], variant["DesiredInstanceCount"]) == (1, 1)
        assert "VariantStatus" not in variant
        image = variant["DeployedImages"][0]
        assert image["SpecifiedImage"].endswith("churn:1.0")
        assert "@sha256:" in image["ResolvedImage"]

    def test_name_taken_regardless_of_case(self, world: World) -> None:
        live(world)
        error = refused(
            world,
            "CreateEndpoint",
            {"EndpointName": "CHURN-PROD", "EndpointConfigName": "churn-v1-config"},
        )
        assert isinstance(error, ValidationException)
        assert error.message == f'Cannot create already existing endpoint "{ARN}".'

    def test_missing_config(self, world: World) -> None:
        error = refused(
            world, "CreateEndpoint", {"EndpointName": "e", "EndpointConfigName": "Nope"}
        )
        assert error.message == (
            f'Could not find endpoint configuration "{PREFIX}:endpoint-config/nope".'
        )

    def test_deployment_config_is_kept_as_last_deployment_config(self, world: World) -> None:
        two_configs(world, instances=2)
        kept = {
            "BlueGreenUpdatePolicy": {
                "TrafficRoutingConfiguration": {
                    "Type": "CANARY",
                    "WaitIntervalInSeconds": 300,
                    "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1},
                }
            }
        }
        world.call(
            "CreateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": "churn-v1-config",
                "DeploymentConfig": kept,
            },
        )
        assert describe(world)["LastDeploymentConfig"] == kept


class TestRefusals:
    @pytest.mark.parametrize("operation", ["DescribeEndpoint", "DeleteEndpoint"])
    def test_missing_endpoint(self, world: World, operation: str) -> None:
        error = refused(world, operation, {"EndpointName": "Ghost"})
        assert error.message == f'Could not find endpoint "{PREFIX}:endpoint/ghost".'

    def test_update_missing_endpoint(self, world: World) -> None:
        two_configs(world)
        error = refused(
            world,
            "UpdateEndpoint",
            {"EndpointName": "ghost", "EndpointConfigName": "churn-v2-config"},
        )
        assert error.message == f'Could not find endpoint "{PREFIX}:endpoint/ghost".'

    @pytest.mark.parametrize("operation", ["UpdateEndpoint", "DeleteEndpoint"])
    def test_in_progress_endpoint(self, world: World, operation: str) -> None:
        two_configs(world)
        world.call(
            "CreateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v1-config"},
        )
        params = {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v2-config"}
        if operation == "DeleteEndpoint":
            params.pop("EndpointConfigName")
        error = refused(world, operation, params)
        assert error.message == f'Cannot update in-progress endpoint "{ARN}".'

    def test_update_while_updating(self, world: World) -> None:
        live(world)
        params = {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v2-config"}
        world.call("UpdateEndpoint", params)
        error = refused(world, "UpdateEndpoint", params)
        assert error.message == f'Cannot update in-progress endpoint "{ARN}".'
        error = refused(world, "DeleteEndpoint", {"EndpointName": "churn-prod"})
        assert error.message == f'Cannot update in-progress endpoint "{ARN}".'

    def test_update_with_missing_config(self, world: World) -> None:
        live(world)
        error = refused(
            world, "UpdateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "nope"}
        )
        assert error.message == (
            f'Could not find endpoint configuration "{PREFIX}:endpoint-config/nope".'
        )
        assert describe(world)["EndpointStatus"] == "InService"


class TestDeleteAndList:
    def test_delete_takes_a_minute(self, world: World) -> None:
        live(world)
        world.call("DeleteEndpoint", {"EndpointName": "churn-prod"})
        assert describe(world)["EndpointStatus"] == "Deleting"
        world.advance(timedelta(minutes=1))
        assert notes(world) == ["endpoint churn-prod: deleted"]
        error = refused(world, "DescribeEndpoint", {"EndpointName": "churn-prod"})
        assert error.message == f'Could not find endpoint "{ARN}".'

    def test_config_and_model_deleted_under_a_live_endpoint(self, world: World) -> None:
        """AWS does not stop you: the endpoint keeps serving what it was deployed with."""
        live(world)
        world.call("DeleteEndpointConfig", {"EndpointConfigName": "churn-v1-config"})
        world.call("DeleteModel", {"ModelName": "churn-v1"})
        described = describe(world)
        assert described["EndpointStatus"] == "InService"
        assert described["EndpointConfigName"] == "churn-v1-config"

    def test_list_filters(self, world: World) -> None:
        live(world)
        world.call(
            "CreateEndpoint",
            {"EndpointName": "churn-test", "EndpointConfigName": "churn-v2-config"},
        )
        listed = world.call("ListEndpoints", {"StatusEquals": "InService"})["Endpoints"]
        assert [e["EndpointName"] for e in listed] == ["churn-prod"]
        listed = world.call("ListEndpoints", {})["Endpoints"]
        assert [e["EndpointName"] for e in listed] == ["churn-test", "churn-prod"]
        listed = world.call("ListEndpoints", {"SortBy": "Name", "SortOrder": "Ascending"})
        assert [e["EndpointName"] for e in listed["Endpoints"]] == ["churn-prod", "churn-test"]
        listed = world.call("ListEndpoints", {"NameContains": "TEST"})["Endpoints"]
        assert [e["EndpointStatus"] for e in listed] == ["Creating"]


class TestEvents:
    def test_endpoint_state_change_in_aws_shape(self, world: World) -> None:
        """Field by field as AWS's example: UPPER_SNAKE status, epoch-ms numbers, tag map."""
        two_configs(world)
        world.call(
            "CreateEndpoint",
            {
                "EndpointName": "churn-prod",
                "EndpointConfigName": "churn-v1-config",
                "Tags": [{"Key": "team", "Value": "risk"}],
            },
        )
        world.advance(timedelta(minutes=4))
        changes = events_of(world, "SageMaker Endpoint State Change")
        assert [e["detail"]["EndpointStatus"] for e in changes] == ["CREATING", "IN_SERVICE"]
        event = changes[-1]
        assert event["source"] == "aws.sagemaker"
        assert event["resources"] == [ARN]
        assert event["time"] == "2025-01-01T09:04:00Z"
        detail = event["detail"]
        assert list(detail) == [
            "EndpointName",
            "EndpointArn",
            "EndpointConfigName",
            "ProductionVariants",
            "EndpointStatus",
            "CreationTime",
            "LastModifiedTime",
            "Tags",
        ]
        assert detail["EndpointName"] == "churn-prod"
        assert detail["EndpointArn"] == ARN
        assert detail["EndpointConfigName"] == "churn-v1-config"
        assert detail["ProductionVariants"] == [{"DesiredWeight": 1.0, "DesiredInstanceCount": 1}]
        assert detail["CreationTime"] == 1735722000000.0
        assert detail["LastModifiedTime"] == 1735722240000.0
        assert isinstance(detail["CreationTime"], float)
        assert detail["Tags"] == {"team": "risk"}

    def test_update_without_guardrails_announces_no_deployment_events(self, world: World) -> None:
        live(world)
        world.call(
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v2-config"},
        )
        world.advance(timedelta(minutes=5))
        statuses = [
            e["detail"]["EndpointStatus"]
            for e in events_of(world, "SageMaker Endpoint State Change")
        ]
        assert statuses == ["CREATING", "IN_SERVICE", "UPDATING", "IN_SERVICE"]
        assert events_of(world, "SageMaker Endpoint Deployment State Change") == []
        assert describe(world)["EndpointConfigName"] == "churn-v2-config"

    def test_an_automation_can_deploy_on_approval(self, world: World) -> None:
        """Events are on the bus in the change's transaction: automations react to them."""
        live(world)
        world.add_automation(
            "deploy-on-approval",
            {
                "source": ["aws.sagemaker"],
                "detail-type": ["SageMaker Endpoint State Change"],
                "detail": {
                    "EndpointStatus": ["IN_SERVICE"],
                    "EndpointConfigName": ["churn-v1-config"],
                },
            },
            [
                {
                    "operation": "sagemaker:UpdateEndpoint",
                    "params": {
                        "EndpointName": "${event.detail.EndpointName}",
                        "EndpointConfigName": "churn-v2-config",
                    },
                }
            ],
        )
        world.call("DeleteEndpoint", {"EndpointName": "churn-prod"})  # no IN_SERVICE event
        world.call(
            "CreateEndpoint",
            {"EndpointName": "churn-canary", "EndpointConfigName": "churn-v1-config"},
        )
        world.advance(timedelta(minutes=4))
        assert world.last_timers[-1].reactions
        assert describe(world, "churn-canary")["EndpointStatus"] == "Updating"


class TestInspect:
    def test_endpoints_overview(self, world: World) -> None:
        from mlgov_sim.deploy.queries import endpoints_overview

        live(world)
        world.call(
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v2-config"},
        )
        world.advance(timedelta(minutes=5))
        with world.reading() as session:
            overview = list(endpoints_overview(session))
        assert overview[0]["EndpointName"] == "churn-prod"
        assert overview[0]["EndpointStatus"] == "InService"
        assert overview[0]["ModelPackageArn"] == f"{PREFIX}:model-package/churn/2"
        assert [item["Time"] for item in overview[0]["Timeline"]][:2] == [
            "2025-01-01T09:00:00Z",
            "2025-01-01T09:04:00Z",
        ]
        assert overview[0]["Timeline"][-1]["What"] == (
            "endpoint churn-prod: InService on churn-v2-config; old fleet terminated"
        )


class TestHealthCheck:
    """MLGOV_SIM_HEALTH_CHECK=fail on a container: the endpoint cannot start (AWS's reason)."""

    REASON = (
        "The primary container for production variant AllTraffic did not pass the ping health "
        "check. Please check CloudWatch logs for this endpoint."
    )

    def test_a_new_endpoint_fails(self, world: World) -> None:
        registry(world, versions=1)
        model(world, 1, MLGOV_SIM_HEALTH_CHECK="fail")
        config(world, "broken", "churn-v1")
        world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "broken"})
        world.advance(timedelta(minutes=4))
        described = describe(world)
        assert (described["EndpointStatus"], described["FailureReason"]) == ("Failed", self.REASON)
        statuses = [
            e["detail"]["EndpointStatus"]
            for e in events_of(world, "SageMaker Endpoint State Change")
        ]
        assert statuses == ["CREATING", "FAILED"]
        error = refused(
            world, "UpdateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "broken"}
        )
        assert error.message == f'Cannot update failed endpoint "{ARN}".'
        world.call("DeleteEndpoint", {"EndpointName": "churn-prod"})  # the one thing allowed

    def test_an_update_to_a_failing_model_keeps_the_old_fleet(self, world: World) -> None:
        live(world)
        model(world, 2, name="broken-v2", MLGOV_SIM_HEALTH_CHECK="fail")
        config(world, "broken", "broken-v2")
        world.call("UpdateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "broken"})
        world.advance(timedelta(minutes=4))
        described = describe(world)
        assert (described["EndpointStatus"], described["EndpointConfigName"]) == (
            "InService",
            "churn-v1-config",
        )
        assert described["FailureReason"] == (
            "Deployment of endpoint config broken was rolled back: the primary container for "
            "production variant AllTraffic did not pass the ping health check. All traffic is "
            "back on endpoint config churn-v1-config."
        )


class TestRetainVariantProperties:
    def _update(self, world: World, **extra: object) -> dict[str, object]:
        live(world, instances=2)
        config(world, "bigger", "churn-v2", instances=4, weight=2.0)
        world.call(
            "UpdateEndpoint",
            {"EndpointName": "churn-prod", "EndpointConfigName": "bigger", **extra},
        )
        return describe(world)["PendingDeploymentSummary"]["ProductionVariants"][0]

    def test_the_running_counts_and_weights_are_kept(self, world: World) -> None:
        green = self._update(world, RetainAllVariantProperties=True)
        assert green["DesiredInstanceCount"] == 2

    def test_excluded_properties_come_from_the_new_config(self, world: World) -> None:
        green = self._update(
            world,
            RetainAllVariantProperties=True,
            ExcludeRetainedVariantProperties=[{"VariantPropertyType": "DesiredInstanceCount"}],
        )
        assert green["DesiredInstanceCount"] == 4

    def test_without_retaining_the_new_config_decides(self, world: World) -> None:
        assert self._update(world)["DesiredInstanceCount"] == 4
