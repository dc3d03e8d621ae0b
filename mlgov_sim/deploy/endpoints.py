"""Endpoints: CreateEndpoint, DescribeEndpoint, ListEndpoints, UpdateEndpoint, DeleteEndpoint.

What AWS refuses at the call is refused here (a taken name, a missing
config, an endpoint still changing, a DeploymentConfig breaking the
documented limits); what happens later (becoming InService, shifting
traffic, baking, rolling back) happens on the simulated clock
(deploy.deployment).
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import set_tags
from mlgov_sim.deploy import alarms, deployment, events, guardrails, listing, views
from mlgov_sim.deploy.fleet import fleet_of, total_instances
from mlgov_sim.deploy.names import endpoint_arn, require_config, require_endpoint
from mlgov_sim.deploy.store import ENDPOINTS, Endpoint, snapshot

IN_PROGRESS = ("Creating", "Updating", "Deleting", "SystemUpdating", "RollingBack")


def _target(call: Call, params: dict[str, Any]) -> str:
    return endpoint_arn(call, params["EndpointName"])


@operation("sagemaker:CreateEndpoint", resource=_target)
def create_endpoint(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates an endpoint from an endpoint config: Creating, then InService 4 minutes later.

    The name must be new in the account and Region, regardless of case
    ('Cannot create already existing endpoint "<arn>".'); the config must
    exist ('Could not find endpoint configuration "<arn>".'). A
    DeploymentConfig is checked and kept, not used: it is what a later
    UpdateEndpoint with RetainDeploymentConfig=true deploys with (and
    DescribeEndpoint's LastDeploymentConfig). Announces "SageMaker Endpoint
    State Change" (CREATING, then IN_SERVICE).
    """
    name = params["EndpointName"]
    arn = endpoint_arn(call, name)
    if ENDPOINTS.find_by_name(call.db, call.account, call.region, name) is not None:
        raise ValidationException(f'Cannot create already existing endpoint "{arn}".')
    config = require_config(call, params["EndpointConfigName"])
    fleet = fleet_of(call, config)
    kept = params.get("DeploymentConfig")
    if kept:
        guardrails.plan(kept, total_instances(fleet))
    endpoint = Endpoint(
        account=call.account,
        region=call.region,
        name=name,
        name_key=name.lower(),
        arn=arn,
        status="Creating",
        config_name=config.name,
        creation_time=call.now,
        last_modified_time=call.now,
        fleet=fleet,
        deployment_config=kept,
    )
    deployment.create(call, endpoint)
    ENDPOINTS.insert(call.db, endpoint)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    events.endpoint_changed(call, endpoint)
    return {"EndpointArn": arn}


@operation("sagemaker:DescribeEndpoint", resource=_target)
def describe_endpoint(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes an endpoint, with the traffic split while a deployment is under way.

    ProductionVariants are the serving (old, blue) fleet's; while UpdateEndpoint
    runs, PendingDeploymentSummary shows the new (green) fleet: its config,
    StartTime, and each variant's VariantStatus (Creating, ActivatingTraffic,
    Baking, with AWS's status messages) and instance counts. A variant's
    CurrentWeight is its configured weight times its fleet's share of traffic
    now; DesiredWeight, the same once the traffic shift under way completes.
    After an automatic rollback the endpoint is InService on its old config,
    and FailureReason says what was rolled back and why. A name the account
    lacks is refused: 'Could not find endpoint "<arn>".'.
    """
    return views.describe_endpoint(require_endpoint(call, params["EndpointName"]))


@operation("sagemaker:ListEndpoints", resource=lambda call, _: call.arn("endpoint/*"))
def list_endpoints(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's endpoints: NameContains, StatusEquals, time bounds, SortBy, pages.

    SortBy Name, CreationTime (default) or Status, SortOrder Descending by default.
    """
    statement = listing.filtered(ENDPOINTS, call, params)
    rows, token = page(call.db, statement, params, listing=ENDPOINTS.listing)
    return {
        "Endpoints": [views.endpoint_summary(Endpoint(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:UpdateEndpoint", resource=_target)
def update_endpoint(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deploys another endpoint config, blue/green, honouring DeploymentConfig's guardrails.

    Without DeploymentConfig (and without RetainDeploymentConfig=true and a kept
    one) the update is AWS's default blue/green, all at once, with no baking:
    the new fleet launches (4 minutes), takes all traffic (1 minute) and the old
    fleet is terminated. BlueGreenUpdatePolicy shifts traffic ALL_AT_ONCE,
    CANARY (CanarySize, at most 50% of the new fleet's instances) or LINEAR
    (LinearStepSize, 10% to 50%), each shift taking a minute and baking
    WaitIntervalInSeconds, the last one TerminationWaitInSeconds;
    RollingUpdatePolicy launches and shifts MaximumBatchSize instances at a
    time (5% to 50%), baking WaitIntervalInSeconds after each batch.
    MaximumExecutionTimeoutInSeconds must exceed the waits; a deployment
    still running when it expires is rolled back. An alarm of
    AutoRollbackConfiguration in ALARM at any step, or going to ALARM during
    the deployment, rolls it back: all traffic returns to the old fleet and
    the endpoint stays InService on its old config, with a FailureReason.
    The alarms must exist in CloudWatch (ValidationException naming the
    missing ones). An endpoint Creating, Updating or Deleting is refused
    ('Cannot update in-progress endpoint "<arn>".'), a Failed one too
    ('Cannot update failed endpoint "<arn>".'). RetainAllVariantProperties
    keeps the current instance counts and weights of variants with the same
    names, except ExcludeRetainedVariantProperties. Announces "SageMaker
    Endpoint State Change" (UPDATING, then IN_SERVICE) and, when a
    DeploymentConfig applies, "SageMaker Endpoint Deployment State Change" at
    every step.
    """
    endpoint = require_endpoint(call, params["EndpointName"])
    if endpoint.status in IN_PROGRESS:
        raise ValidationException(f'Cannot update in-progress endpoint "{endpoint.arn}".')
    if endpoint.status == "Failed":
        raise ValidationException(f'Cannot update failed endpoint "{endpoint.arn}".')
    config = require_config(call, params["EndpointConfigName"])
    fleet = fleet_of(call, config)
    if params.get("RetainAllVariantProperties"):
        _retain(fleet, endpoint.fleet, params.get("ExcludeRetainedVariantProperties") or [])
    chosen = params.get("DeploymentConfig")
    if chosen is None and params.get("RetainDeploymentConfig"):
        chosen = endpoint.deployment_config
    plan = guardrails.plan(chosen, total_instances(fleet))
    absent = alarms.missing(call.db, call.account, plan.alarms)
    if absent:
        raise ValidationException(
            "The alarms in AutoRollbackConfiguration must exist in CloudWatch: "
            f"{', '.join(absent)} not found."
        )
    before = snapshot(endpoint)
    endpoint.deployment_config = chosen
    deployment.start(call, endpoint, (config.name, config.arn), fleet, plan, bool(chosen))
    deployment.finish_change(call, before, endpoint, deployment=bool(chosen))
    return {"EndpointArn": endpoint.arn}


def _retain(
    fleet: list[dict[str, Any]], current: list[dict[str, Any]], excluded: list[dict[str, Any]]
) -> None:
    """RetainAllVariantProperties: keep the running variants' counts and weights by name."""
    skip = {item["VariantPropertyType"] for item in excluded}
    running = {variant["VariantName"]: variant for variant in current}
    for variant in fleet:
        old = running.get(variant["VariantName"])
        if old is None:
            continue
        if "DesiredInstanceCount" not in skip:
            variant["Instances"] = old["Instances"]
        if "DesiredWeight" not in skip:
            variant["Weight"] = old["Weight"]


@operation("sagemaker:DeleteEndpoint", resource=_target)
def delete_endpoint(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an endpoint: Deleting, then gone a minute later.

    Allowed when InService, Failed, OutOfService or UpdateRollbackFailed; an
    endpoint Creating, Updating or Deleting is refused ('Cannot update
    in-progress endpoint "<arn>".'). Announces "SageMaker Endpoint State
    Change" (DELETING).
    """
    endpoint = require_endpoint(call, params["EndpointName"])
    if endpoint.status in IN_PROGRESS:
        raise ValidationException(f'Cannot update in-progress endpoint "{endpoint.arn}".')
    before = snapshot(endpoint)
    deployment.delete(call, endpoint)
    deployment.finish_change(call, before, endpoint, deployment=False)
    return {}


def endpoint_exists(db: Database, arn: str) -> bool:
    """Whether an endpoint has this ARN (what tagging needs to know)."""
    return ENDPOINTS.find(db, arn) is not None
