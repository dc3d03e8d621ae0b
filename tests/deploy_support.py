"""Shared builders for the deploy tests: a registry with versions, models, configs, endpoints."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ServiceError

ACCOUNT = "111122223333"
PREFIX = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecution"
IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"


def version_arn(number: int, group: str = "churn") -> str:
    return f"{PREFIX}:model-package/{group}/{number}"


def registry(world: World, versions: int = 2, approved: tuple[int, ...] = (1, 2)) -> World:
    """A group `churn` with `versions` versions; those in `approved` Approved."""
    world.add_role("SageMakerExecution", [])
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
    for number in range(1, versions + 1):
        world.call(
            "CreateModelPackage",
            {
                "ModelPackageGroupName": "churn",
                "InferenceSpecification": {
                    "Containers": [
                        {
                            "Image": IMAGE,
                            "ModelDataUrl": f"s3://models/churn/v{number}/model.tar.gz",
                            "Environment": {"VERSION": str(number)},
                        }
                    ],
                    "SupportedContentTypes": ["text/csv"],
                    "SupportedResponseMIMETypes": ["text/csv"],
                },
            },
        )
        if number in approved:
            approve(world, number)
    return world


def approve(world: World, number: int, status: str = "Approved") -> None:
    world.call(
        "UpdateModelPackage",
        {"ModelPackageArn": version_arn(number), "ModelApprovalStatus": status},
    )


def model(world: World, number: int, name: str | None = None, **environment: str) -> str:
    """Model `churn-v<number>` from version `number`; `environment` is added to its container."""
    container: dict[str, Any] = {"ModelPackageName": version_arn(number)}
    if environment:
        container["Environment"] = dict(environment)
    return world.call(
        "CreateModel",
        {
            "ModelName": name or f"churn-v{number}",
            "Containers": [container],
            "ExecutionRoleArn": ROLE,
        },
    )["ModelArn"]


def config(
    world: World, name: str, model_name: str, instances: int = 1, weight: float = 1.0
) -> str:
    return world.call(
        "CreateEndpointConfig",
        {
            "EndpointConfigName": name,
            "ProductionVariants": [
                {
                    "VariantName": "AllTraffic",
                    "ModelName": model_name,
                    "InstanceType": "ml.m5.large",
                    "InitialInstanceCount": instances,
                    "InitialVariantWeight": weight,
                }
            ],
        },
    )["EndpointConfigArn"]


def two_configs(world: World, instances: int = 1) -> World:
    """Approved versions 1 and 2, a model and config (churn-v1-config, churn-v2-config) each."""
    registry(world)
    for number in (1, 2):
        model(world, number)
        config(world, f"churn-v{number}-config", f"churn-v{number}", instances)
    return world


def live(world: World, instances: int = 1, name: str = "churn-prod") -> World:
    """`churn-prod` InService on churn-v1-config (the clock moved 4 minutes)."""
    two_configs(world, instances)
    world.call("CreateEndpoint", {"EndpointName": name, "EndpointConfigName": "churn-v1-config"})
    world.advance(timedelta(minutes=4))
    return world


def describe(world: World, name: str = "churn-prod") -> dict[str, Any]:
    return world.call("DescribeEndpoint", {"EndpointName": name})


def refused(
    world: World, operation: str, params: dict[str, Any], principal: str = "admin"
) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        world.call(operation, params, principal)
    return caught.value


def notes(world: World) -> list[str]:
    """What the last advance's timers said."""
    return [run.note for run in world.last_timers if run.note]


def events_of(world: World, detail_type: str) -> list[dict[str, Any]]:
    return [event for event in world.events() if event["detail-type"] == detail_type]
