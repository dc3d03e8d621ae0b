"""Deploying models: models, endpoint configs, endpoints, deployment guardrails and rollback.

A model runs a model package version (only an Approved one) or an image; an
endpoint config names the variants; an endpoint moves through its statuses
on the simulated clock, and UpdateEndpoint deploys blue/green with the
traffic shifting, baking and alarm-driven rollback a DeploymentConfig asks
for (deploy.deployment). InvokeEndpoint answers deterministically from the
model and publishes the AWS/SageMaker metrics alarms watch.

Importing the package registers the operations, the endpoint's timed
transitions, the listener that rolls back on alarms, and the taggable ARNs.
"""

from mlgov_sim.core.tagging import register_taggable
from mlgov_sim.deploy import configs, deployment, endpoints, invoke, models

register_taggable("model", models.model_exists)
register_taggable("endpoint-config", configs.config_exists)
register_taggable("endpoint", endpoints.endpoint_exists)

__all__ = ["configs", "deployment", "endpoints", "invoke", "models"]
