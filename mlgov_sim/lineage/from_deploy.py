"""Lineage SageMaker records for endpoints, from the deploy feature's events.

When an endpoint goes InService on an endpoint config (it was created, or a
deployment to a new config completed), SageMaker records the deployment: a
context for the endpoint (ContextType Endpoint, `<endpoint>-aws-endpoint`,
SourceUri the endpoint's ARN), a ModelDeployment action for the config that
now serves, AssociatedWith that context, and, ContributedTo the action, an
artifact for each model behind the config: its model package version (the
artifact the registry's lineage already holds, so the graph runs dataset ->
job -> model -> package -> deployment -> endpoint), or its image and model
data when it was made from them.

The models and configs are learned from "SageMaker Model State Change" and
"SageMaker Endpoint Config State Change" (tables DeployedModelRow and
DeployedConfigRow). A deployment that was rolled back never served on its
new config, so it records nothing; going back InService on a config already
recorded for the endpoint records nothing either.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select

from mlgov_sim.core.call import Call
from mlgov_sim.lineage import recording, store
from mlgov_sim.lineage.associations import ensure_link
from mlgov_sim.lineage.store import ACTION, Entity
from mlgov_sim.lineage.tables import DeployedConfigRow, DeployedModelRow

SOURCE = ["aws.sagemaker"]
MODEL_PATTERN = {"source": SOURCE, "detail-type": ["SageMaker Model State Change"]}
CONFIG_PATTERN = {"source": SOURCE, "detail-type": ["SageMaker Endpoint Config State Change"]}
ENDPOINT_PATTERN = {
    "source": SOURCE,
    "detail-type": ["SageMaker Endpoint State Change"],
    "detail": {"EndpointStatus": ["IN_SERVICE"]},
}
ENDPOINT = "Endpoint"
DEPLOYMENT = "ModelDeployment"
CONFIG_PROPERTY = "EndpointConfigName"

_MODELS = DeployedModelRow.__table__  # type: ignore[attr-defined]
_CONFIGS = DeployedConfigRow.__table__  # type: ignore[attr-defined]


def on_model(call: Call, event: dict[str, Any]) -> None:
    """Remember the model's containers (a model is replaced only by deleting and re-creating it)."""
    detail = event["detail"]
    containers = list(detail.get("Containers") or [])
    if not containers and detail.get("PrimaryContainer"):
        containers = [detail["PrimaryContainer"]]
    _remember(call, _MODELS, detail["ModelName"], containers=containers)


def on_config(call: Call, event: dict[str, Any]) -> None:
    """Remember which models the endpoint config's production variants name."""
    detail = event["detail"]
    models = [v["ModelName"] for v in detail.get("ProductionVariants") or [] if v.get("ModelName")]
    _remember(call, _CONFIGS, detail["EndpointConfigName"], models=models)


def on_endpoint_in_service(call: Call, event: dict[str, Any]) -> None:
    """Record the deployment now serving, unless the endpoint's lineage already has it."""
    detail = event["detail"]
    endpoint_arn, config = detail["EndpointArn"], detail["EndpointConfigName"]
    account, _ = recording.owner(endpoint_arn, call)
    if _recorded(call, account, endpoint_arn, config):
        return
    context = recording.context(
        call, account, endpoint_arn, ENDPOINT, f"{detail['EndpointName']}-aws-endpoint"
    )
    deployment = recording.action(
        call,
        account,
        f"{detail['EndpointName']}-{config}-deployment",
        {"SourceUri": endpoint_arn, "SourceType": "ARN"},
        DEPLOYMENT,
        description=f"Deployed endpoint config {config} to {endpoint_arn}",
        properties={CONFIG_PROPERTY: config},
    )
    ensure_link(call, deployment, context.entity, "AssociatedWith", fresh=True)
    for uri, kind in _deployed_artifacts(call, account, config):
        found = recording.artifact(call, account, uri, kind)
        ensure_link(call, found.entity, deployment, "ContributedTo", fresh=True)


def _recorded(call: Call, account: str, endpoint_arn: str, config: str) -> bool:
    actions = store.all_by_source(call.db, account, call.region, ACTION, endpoint_arn)
    return any(_deploys(action, config) for action in actions)


def _deploys(action: Entity, config: str) -> bool:
    return action.type == DEPLOYMENT and action.properties.get(CONFIG_PROPERTY) == config


def _deployed_artifacts(call: Call, account: str, config: str) -> list[tuple[str, str]]:
    """(SourceUri, ArtifactType) of what each model behind `config` runs, in order, once each."""
    where = {"account": account, "region": call.region}
    row = call.db.execute(select(_CONFIGS.c.models).filter_by(name=config, **where)).first()
    found: list[tuple[str, str]] = []
    for model in row.models if row else []:
        containers = call.db.execute(
            select(_MODELS.c.containers).filter_by(name=model, **where)
        ).first()
        for container in containers.containers if containers else []:
            for uri, kind in _container_artifacts(call, account, container):
                if (uri, kind) not in found:
                    found.append((uri, kind))
    return found


def _container_artifacts(
    call: Call, account: str, container: dict[str, Any]
) -> list[tuple[str, str]]:
    package = container.get("ModelPackageName")
    if package:
        arn = package if package.startswith("arn:") else call.arn(f"model-package/{package}")
        return [(arn, "Model")]
    sources = [(container.get("Image"), "Image"), (container.get("ModelDataUrl"), "Model")]
    return [(str(uri), kind) for uri, kind in sources if uri]


def _remember(call: Call, table: Any, name: str, **values: Any) -> None:
    key = {"account": call.account, "region": call.region, "name": name}
    call.db.execute(delete(table).filter_by(**key))
    call.db.execute(insert(table).values(**key, **values))
