"""Endpoint configs: CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs, Delete.

A config names the production variants an endpoint runs: each a model, an
instance type and count, and a weight. Shadow variants, data capture,
async inference and explainers are kept and shown as given but not simulated.
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.deploy import events, listing, views
from mlgov_sim.deploy.names import config_arn, require_config, require_model
from mlgov_sim.deploy.store import CONFIGS, Config


def _target(call: Call, params: dict[str, Any]) -> str:
    return config_arn(call, params["EndpointConfigName"])


@operation("sagemaker:CreateEndpointConfig", resource=_target)
def create_endpoint_config(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates an endpoint config: one to ten production variants, each running a model.

    Every variant's ModelName must name a model of the account ('Could not
    find model "<arn>".'); variant names must be unique; an instance-based
    variant needs InstanceType and InitialInstanceCount (InitialVariantWeight
    defaults to 1.0). The name must be new, regardless of case ('Cannot
    create already existing endpoint configuration "<arn>".'). Announces
    "SageMaker Endpoint Config State Change".
    """
    name = params["EndpointConfigName"]
    arn = config_arn(call, name)
    if CONFIGS.find_by_name(call.db, call.account, call.region, name) is not None:
        raise ValidationException(f'Cannot create already existing endpoint configuration "{arn}".')
    variants = params["ProductionVariants"]
    names = [variant["VariantName"] for variant in variants]
    for variant in variants:
        if names.count(variant["VariantName"]) > 1:
            raise ValidationException(
                f"Variant names must be unique in an endpoint config: {variant['VariantName']} "
                "is given twice."
            )
        if not variant.get("ModelName"):
            raise ValidationException(f"Variant {variant['VariantName']} names no ModelName.")
        require_model(call, variant["ModelName"])
        if variant.get("ServerlessConfig") is None and (
            not variant.get("InstanceType") or not variant.get("InitialInstanceCount")
        ):
            raise ValidationException(
                f"Variant {variant['VariantName']} needs InstanceType and InitialInstanceCount "
                "(or a ServerlessConfig)."
            )
    spec = {k: v for k, v in params.items() if k not in ("EndpointConfigName", "Tags")}
    config = Config(
        account=call.account,
        region=call.region,
        name=name,
        name_key=name.lower(),
        arn=arn,
        creation_time=call.now,
        spec=spec,
    )
    CONFIGS.insert(call.db, config)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    events.config_changed(call, config)
    return {"EndpointConfigArn": arn}


@operation("sagemaker:DescribeEndpointConfig", resource=_target)
def describe_endpoint_config(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes an endpoint config: its variants as given, and when it was made.

    A name the account lacks is refused: 'Could not find endpoint
    configuration "<arn>".'.
    """
    return views.describe_config(require_config(call, params["EndpointConfigName"]))


@operation("sagemaker:ListEndpointConfigs", resource=lambda call, _: call.arn("endpoint-config/*"))
def list_endpoint_configs(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's endpoint configs: NameContains, CreationTime bounds, SortBy, pages.

    SortBy Name or CreationTime (default), SortOrder Descending by default.
    """
    statement = listing.filtered(CONFIGS, call, params)
    rows, token = page(call.db, statement, params, listing=CONFIGS.listing)
    return {
        "EndpointConfigs": [views.config_summary(Config(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:DeleteEndpointConfig", resource=_target)
def delete_endpoint_config(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes an endpoint config. Endpoints deployed with it keep running, as on AWS.

    AWS advises against deleting a config an endpoint uses but does not
    refuse it; an endpoint keeps what it was deployed with. A name the
    account lacks is refused: 'Could not find endpoint configuration "<arn>".'.
    """
    config = require_config(call, params["EndpointConfigName"])
    events.config_changed(call, config)
    CONFIGS.remove(call.db, config)
    drop_tags(call.db, config.arn)
    return {}


def config_exists(db: Database, arn: str) -> bool:
    """Whether an endpoint config has this ARN (what tagging needs to know)."""
    return CONFIGS.find(db, arn) is not None
