"""Lineage SageMaker records for endpoints: a deployment once its endpoint config serves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from deploy_support import IMAGE, PREFIX, ROLE, config, live, two_configs, version_arn

from mlgov_sim.app import World

ENDPOINT_ARN = f"{PREFIX}:endpoint/churn-prod"
CONTEXT_ARN = f"{PREFIX}:context/churn-prod-aws-endpoint"


def query(world: World, start: str, direction: str) -> dict[str, Any]:
    return world.call(
        "QueryLineage",
        {"StartArns": [start], "Direction": direction, "IncludeEdges": True, "MaxDepth": 10},
    )


def deployments(world: World) -> list[dict[str, Any]]:
    listed = world.call("ListActions", {"SourceUri": ENDPOINT_ARN, "SortOrder": "Ascending"})
    return listed["ActionSummaries"]


def package_artifact(world: World, number: int) -> str:
    listed = world.call("ListArtifacts", {"SourceUri": version_arn(number)})
    return listed["ArtifactSummaries"][0]["ArtifactArn"]


def test_nothing_is_recorded_before_the_endpoint_serves(world: World) -> None:
    """Creating is not serving: the endpoint's context appears when it goes InService."""
    two_configs(world)
    world.call(
        "CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v1-config"}
    )
    assert world.call("ListContexts", {"SourceUri": ENDPOINT_ARN})["ContextSummaries"] == []
    world.advance(timedelta(minutes=5))
    assert len(world.call("ListContexts", {"SourceUri": ENDPOINT_ARN})["ContextSummaries"]) == 1


def test_an_endpoint_in_service_records_its_context_deployment_and_version(world: World) -> None:
    """Version artifact --ContributedTo--> ModelDeployment --AssociatedWith--> Endpoint context."""
    live(world)
    context = world.call("DescribeContext", {"ContextName": "churn-prod-aws-endpoint"})
    assert context["ContextType"] == "Endpoint"
    assert context["Source"] == {"SourceUri": ENDPOINT_ARN, "SourceType": "ARN"}
    [deployment] = deployments(world)
    assert deployment["ActionType"] == "ModelDeployment"
    described = world.call("DescribeAction", {"ActionName": deployment["ActionName"]})
    assert described["Properties"] == {"EndpointConfigName": "churn-v1-config"}
    edges = {
        (e["SourceArn"], e["DestinationArn"], e["AssociationType"])
        for e in query(world, CONTEXT_ARN, "Ascendants")["Edges"]
    }
    action = deployment["ActionArn"]
    assert (action, CONTEXT_ARN, "AssociatedWith") in edges
    assert (package_artifact(world, 1), action, "ContributedTo") in edges


def test_the_endpoint_is_downstream_of_its_model_data(world: World) -> None:
    """From the model data a training job wrote, the walk down reaches the endpoint."""
    live(world)
    data = world.call("ListArtifacts", {"SourceUri": "s3://models/churn/v1/model.tar.gz"})
    start = data["ArtifactSummaries"][0]["ArtifactArn"]
    reached = {v["Arn"]: v["Type"] for v in query(world, start, "Descendants")["Vertices"]}
    assert reached.get(CONTEXT_ARN) == "Endpoint"


def test_a_completed_deployment_adds_one_and_a_rollback_none(world: World) -> None:
    """A new config that serves is a new deployment; going back to a recorded one is not."""
    live(world)
    world.call(
        "UpdateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v2-config"}
    )
    world.advance(timedelta(minutes=10))
    world.call(
        "UpdateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "churn-v1-config"}
    )
    world.advance(timedelta(minutes=10))
    configs = [
        world.call("DescribeAction", {"ActionName": a["ActionName"]})["Properties"]
        for a in deployments(world)
    ]
    assert configs == [
        {"EndpointConfigName": "churn-v1-config"},
        {"EndpointConfigName": "churn-v2-config"},
    ]


def test_a_model_made_from_an_image_contributes_its_image_and_data(world: World) -> None:
    """Without a model package, the deployment's inputs are the image and the model data."""
    world.add_role("SageMakerExecution", [])
    world.call(
        "CreateModel",
        {
            "ModelName": "byo",
            "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": "s3://models/byo/model.tar.gz"},
            "ExecutionRoleArn": ROLE,
        },
    )
    config(world, "byo-config", "byo")
    world.call("CreateEndpoint", {"EndpointName": "churn-prod", "EndpointConfigName": "byo-config"})
    world.advance(timedelta(minutes=5))
    vertices = query(world, CONTEXT_ARN, "Ascendants")["Vertices"]
    types = sorted(v["Type"] for v in vertices if v["LineageType"] == "Artifact")
    assert types == ["Image", "Model"]
