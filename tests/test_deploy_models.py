"""Models and endpoint configs: creation from approved versions or images, lookups, refusals."""

from __future__ import annotations

import pytest
from deploy_support import (
    IMAGE,
    PREFIX,
    ROLE,
    approve,
    config,
    events_of,
    model,
    refused,
    registry,
    version_arn,
)

from mlgov_sim.app import World
from mlgov_sim.core.errors import ValidationException


class TestApproval:
    """Must-show 3: only an Approved version can be deployed; CreateModel refuses the others."""

    @pytest.mark.parametrize("status", ["PendingManualApproval", "Rejected"])
    def test_a_version_not_approved_is_refused_at_create_model(
        self, world: World, status: str
    ) -> None:
        registry(world, versions=2, approved=(1,))
        if status != "PendingManualApproval":
            approve(world, 2, status)
        error = refused(
            world,
            "CreateModel",
            {"ModelName": "churn-v2", "Containers": [{"ModelPackageName": version_arn(2)}]},
        )
        assert isinstance(error, ValidationException)
        assert error.message == (
            f"Model package version {version_arn(2)} has ModelApprovalStatus {status}: "
            "a version must be Approved to deploy it "
            "(UpdateModelPackage ModelApprovalStatus=Approved)."
        )
        assert world.call("ListModels", {})["Models"] == []

    def test_an_approved_version_makes_a_model(self, world: World) -> None:
        registry(world, versions=1)
        arn = model(world, 1)
        assert arn == f"{PREFIX}:model/churn-v1"

    def test_a_model_made_while_approved_stays_after_rejection(self, world: World) -> None:
        """The model copied the version's containers: rejecting the version later keeps it."""
        registry(world, versions=1)
        model(world, 1)
        approve(world, 1, "Rejected")
        config(world, "c1", "churn-v1")
        world.call("CreateEndpoint", {"EndpointName": "e", "EndpointConfigName": "c1"})

    def test_an_unversioned_package_needs_no_approval(self, world: World) -> None:
        world.call(
            "CreateModelPackage",
            {
                "ModelPackageName": "solo",
                "InferenceSpecification": {
                    "Containers": [{"Image": IMAGE}],
                    "SupportedContentTypes": ["text/csv"],
                    "SupportedResponseMIMETypes": ["text/csv"],
                },
            },
        )
        world.call("CreateModel", {"ModelName": "m", "Containers": [{"ModelPackageName": "solo"}]})

    def test_the_versions_environment_with_the_containers_on_top(self, world: World) -> None:
        from mlgov_sim.deploy.store import MODELS

        registry(world, versions=1)
        model(world, 1, MODE="online")
        with world.reading() as session:
            [found] = MODELS.all(session)
        assert found.containers == [
            {
                "Image": IMAGE,
                "ModelDataUrl": "s3://models/churn/v1/model.tar.gz",
                "Environment": {"VERSION": "1", "MODE": "online"},
                "ModelPackageArn": version_arn(1),
            }
        ]

    def test_version_named_group_slash_number(self, world: World) -> None:
        registry(world, versions=1)
        world.call(
            "CreateModel",
            {"ModelName": "m", "PrimaryContainer": {"ModelPackageName": "churn/1"}},
        )
        described = world.call("DescribeModel", {"ModelName": "m"})
        assert described["PrimaryContainer"] == {"ModelPackageName": "churn/1"}

    def test_missing_version_is_refused(self, world: World) -> None:
        registry(world, versions=1)
        error = refused(
            world,
            "CreateModel",
            {"ModelName": "m", "Containers": [{"ModelPackageName": version_arn(9)}]},
        )
        assert error.message == f"ModelPackage {version_arn(9)} does not exist."


class TestModels:
    def test_describe_shows_the_model_as_given(self, world: World) -> None:
        registry(world, versions=1)
        model(world, 1)
        described = world.call("DescribeModel", {"ModelName": "CHURN-V1"})
        assert described["ModelName"] == "churn-v1"
        assert described["ModelArn"] == f"{PREFIX}:model/churn-v1"
        assert described["Containers"] == [{"ModelPackageName": version_arn(1)}]
        assert described["ExecutionRoleArn"] == ROLE
        assert described["EnableNetworkIsolation"] is False

    def test_from_image_and_model_data(self, world: World) -> None:
        arn = world.call(
            "CreateModel",
            {
                "ModelName": "Plain",
                "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": "s3://m/model.tar.gz"},
            },
        )["ModelArn"]
        assert arn == f"{PREFIX}:model/plain"

    def test_name_taken_regardless_of_case(self, world: World) -> None:
        world.call("CreateModel", {"ModelName": "m", "PrimaryContainer": {"Image": IMAGE}})
        error = refused(
            world, "CreateModel", {"ModelName": "M", "PrimaryContainer": {"Image": IMAGE}}
        )
        assert error.message == f'Cannot create already existing model "{PREFIX}:model/m".'

    def test_neither_or_both_container_forms_are_refused(self, world: World) -> None:
        error = refused(world, "CreateModel", {"ModelName": "m"})
        assert "PrimaryContainer or Containers" in error.message
        both = {"PrimaryContainer": {"Image": IMAGE}, "Containers": [{"Image": IMAGE}]}
        assert "not both" in refused(world, "CreateModel", {"ModelName": "m", **both}).message

    def test_unknown_role_is_refused(self, world: World) -> None:
        role = "arn:aws:iam::111122223333:role/nobody"
        error = refused(
            world,
            "CreateModel",
            {"ModelName": "m", "PrimaryContainer": {"Image": IMAGE}, "ExecutionRoleArn": role},
        )
        assert error.message.startswith(f"Could not assume role {role}.")

    def test_passing_a_role_needs_pass_role(self, world: World) -> None:
        world.add_role("SageMakerExecution", [])
        world.add_role(
            "builder", [{"Effect": "Allow", "Action": "sagemaker:CreateModel", "Resource": "*"}]
        )
        world.add_principal(
            "dev", arn="arn:aws:sts::111122223333:assumed-role/builder/dev", role="builder"
        )
        params = {"ModelName": "m", "PrimaryContainer": {"Image": IMAGE}, "ExecutionRoleArn": ROLE}
        error = refused(world, "CreateModel", params, "dev")
        assert error.code == "AccessDeniedException"
        assert "iam:PassRole" in error.message

    def test_missing_model_is_refused_with_its_arn(self, world: World) -> None:
        for operation in ("DescribeModel", "DeleteModel"):
            error = refused(world, operation, {"ModelName": "Nope"})
            assert error.message == f'Could not find model "{PREFIX}:model/nope".'

    def test_list_sorts_and_filters(self, world: World) -> None:
        for name in ("alpha", "beta", "gamma"):
            world.call("CreateModel", {"ModelName": name, "PrimaryContainer": {"Image": IMAGE}})
        names = [m["ModelName"] for m in world.call("ListModels", {})["Models"]]
        assert names == ["gamma", "beta", "alpha"]  # CreationTime, Descending by default
        listed = world.call("ListModels", {"SortBy": "Name", "SortOrder": "Ascending"})
        assert [m["ModelName"] for m in listed["Models"]] == ["alpha", "beta", "gamma"]
        found = world.call("ListModels", {"NameContains": "ET"})["Models"]
        assert [m["ModelName"] for m in found] == ["beta"]
        first = world.call("ListModels", {"MaxResults": 2})
        rest = world.call("ListModels", {"MaxResults": 2, "NextToken": first["NextToken"]})
        assert [m["ModelName"] for m in rest["Models"]] == ["alpha"]

    def test_delete_and_events(self, world: World) -> None:
        world.call(
            "CreateModel",
            {
                "ModelName": "m",
                "PrimaryContainer": {"Image": IMAGE},
                "Tags": [{"Key": "team", "Value": "risk"}],
            },
        )
        world.call("DeleteModel", {"ModelName": "m"})
        assert world.call("ListModels", {})["Models"] == []
        changes = events_of(world, "SageMaker Model State Change")
        assert len(changes) == 2
        assert changes[0]["resources"] == [f"{PREFIX}:model/m"]
        assert changes[0]["detail"]["ModelName"] == "m"
        assert changes[0]["detail"]["Tags"] == {"team": "risk"}
        assert isinstance(changes[0]["detail"]["CreationTime"], float)


class TestEndpointConfigs:
    def test_create_and_describe(self, world: World) -> None:
        registry(world, versions=1)
        model(world, 1)
        arn = config(world, "Churn-V1-Config", "churn-v1", instances=2)
        assert arn == f"{PREFIX}:endpoint-config/churn-v1-config"
        described = world.call("DescribeEndpointConfig", {"EndpointConfigName": "churn-v1-config"})
        assert described["EndpointConfigName"] == "Churn-V1-Config"
        assert described["ProductionVariants"][0]["InitialInstanceCount"] == 2
        assert "CreationTime" in described

    def test_missing_model_is_refused(self, world: World) -> None:
        error = refused(
            world,
            "CreateEndpointConfig",
            {
                "EndpointConfigName": "c",
                "ProductionVariants": [
                    {
                        "VariantName": "AllTraffic",
                        "ModelName": "ghost",
                        "InstanceType": "ml.m5.large",
                        "InitialInstanceCount": 1,
                    }
                ],
            },
        )
        assert error.message == f'Could not find model "{PREFIX}:model/ghost".'

    def test_duplicate_and_missing(self, world: World) -> None:
        registry(world, versions=1)
        model(world, 1)
        config(world, "c", "churn-v1")
        error = refused(
            world,
            "CreateEndpointConfig",
            {
                "EndpointConfigName": "C",
                "ProductionVariants": [
                    {
                        "VariantName": "v",
                        "ModelName": "churn-v1",
                        "InstanceType": "ml.m5.large",
                        "InitialInstanceCount": 1,
                    }
                ],
            },
        )
        assert error.message == (
            f'Cannot create already existing endpoint configuration "{PREFIX}:endpoint-config/c".'
        )
        for operation in ("DescribeEndpointConfig", "DeleteEndpointConfig"):
            error = refused(world, operation, {"EndpointConfigName": "none"})
            assert error.message == (
                f'Could not find endpoint configuration "{PREFIX}:endpoint-config/none".'
            )

    def test_variant_needs_instances(self, world: World) -> None:
        registry(world, versions=1)
        model(world, 1)
        error = refused(
            world,
            "CreateEndpointConfig",
            {
                "EndpointConfigName": "c",
                "ProductionVariants": [{"VariantName": "v", "ModelName": "churn-v1"}],
            },
        )
        assert "InstanceType and InitialInstanceCount" in error.message

    def test_list_and_delete(self, world: World) -> None:
        registry(world, versions=1)
        model(world, 1)
        config(world, "a", "churn-v1")
        config(world, "b", "churn-v1")
        listed = world.call("ListEndpointConfigs", {"SortBy": "Name", "SortOrder": "Ascending"})
        assert [c["EndpointConfigName"] for c in listed["EndpointConfigs"]] == ["a", "b"]
        world.call("DeleteEndpointConfig", {"EndpointConfigName": "a"})
        listed = world.call("ListEndpointConfigs", {})
        assert [c["EndpointConfigName"] for c in listed["EndpointConfigs"]] == ["b"]
        assert len(events_of(world, "SageMaker Endpoint Config State Change")) == 3
