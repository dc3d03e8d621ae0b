"""The events deploy announces (source aws.sagemaker), in the transaction of the change.

"SageMaker Endpoint State Change" on every endpoint status change;
"SageMaker Endpoint Deployment State Change" at every step of a deployment
that has a DeploymentConfig (guardrails); "SageMaker Model State Change" and
"SageMaker Endpoint Config State Change" when one is created or deleted.
"""

from __future__ import annotations

from mlgov_sim.core.call import Call
from mlgov_sim.core.tagging import tags_of
from mlgov_sim.deploy import views
from mlgov_sim.deploy.store import Config, Endpoint, Model

SOURCE = "aws.sagemaker"
ENDPOINT_STATE_CHANGE = "SageMaker Endpoint State Change"
DEPLOYMENT_STATE_CHANGE = "SageMaker Endpoint Deployment State Change"
MODEL_STATE_CHANGE = "SageMaker Model State Change"
CONFIG_STATE_CHANGE = "SageMaker Endpoint Config State Change"


def endpoint_changed(call: Call, endpoint: Endpoint) -> None:
    detail = views.endpoint_event_detail(endpoint, tags_of(call.db, endpoint.arn))
    call.emit(SOURCE, ENDPOINT_STATE_CHANGE, detail, [endpoint.arn])


def deployment_changed(call: Call, endpoint: Endpoint) -> None:
    detail = views.deployment_event_detail(endpoint, tags_of(call.db, endpoint.arn))
    call.emit(SOURCE, DEPLOYMENT_STATE_CHANGE, detail, [endpoint.arn])


def model_changed(call: Call, model: Model) -> None:
    detail = views.resource_event_detail(views.describe_model(model), tags_of(call.db, model.arn))
    call.emit(SOURCE, MODEL_STATE_CHANGE, detail, [model.arn])


def config_changed(call: Call, config: Config) -> None:
    described = views.describe_config(config)
    detail = views.resource_event_detail(described, tags_of(call.db, config.arn))
    call.emit(SOURCE, CONFIG_STATE_CHANGE, detail, [config.arn])
