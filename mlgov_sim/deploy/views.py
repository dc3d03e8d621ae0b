"""Models, endpoint configs and endpoints as the API shows them, and their events' details."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from mlgov_sim.core.clock import parse_instant
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.deploy import fleet as fleets
from mlgov_sim.deploy import traffic
from mlgov_sim.deploy.store import Config, Endpoint, Model

_MODEL_MEMBERS = (
    "PrimaryContainer",
    "Containers",
    "InferenceExecutionConfig",
    "ExecutionRoleArn",
    "VpcConfig",
)


def describe_model(model: Model) -> dict[str, Any]:
    """DescribeModel's response."""
    response = {"ModelName": model.name, "ModelArn": model.arn, "CreationTime": model.creation_time}
    for member in _MODEL_MEMBERS:
        if model.spec.get(member) is not None:
            response[member] = model.spec[member]
    response["EnableNetworkIsolation"] = bool(model.spec.get("EnableNetworkIsolation", False))
    return response


def model_summary(model: Model) -> dict[str, Any]:
    return {"ModelName": model.name, "ModelArn": model.arn, "CreationTime": model.creation_time}


def describe_config(config: Config) -> dict[str, Any]:
    """DescribeEndpointConfig's response: the config as given."""
    return {
        "EndpointConfigName": config.name,
        "EndpointConfigArn": config.arn,
        **config.spec,
        "CreationTime": config.creation_time,
    }


def config_summary(config: Config) -> dict[str, Any]:
    return {
        "EndpointConfigName": config.name,
        "EndpointConfigArn": config.arn,
        "CreationTime": config.creation_time,
    }


def describe_endpoint(endpoint: Endpoint) -> dict[str, Any]:
    """DescribeEndpoint's response, with the traffic split while a deployment is under way."""
    response: dict[str, Any] = {
        "EndpointName": endpoint.name,
        "EndpointArn": endpoint.arn,
        "EndpointConfigName": endpoint.config_name,
        "ProductionVariants": blue_variants(endpoint),
        "EndpointStatus": endpoint.status,
        "FailureReason": endpoint.failure_reason,
        "CreationTime": endpoint.creation_time,
        "LastModifiedTime": endpoint.last_modified_time,
        "LastDeploymentConfig": endpoint.deployment_config,
    }
    pending = endpoint.pending
    if pending:
        response["PendingDeploymentSummary"] = {
            "EndpointConfigName": pending["ConfigName"],
            "ProductionVariants": green_variants(pending),
            "StartTime": parse_instant(pending["StartTime"]),
        }
    return {key: value for key, value in response.items() if value is not None}


def endpoint_summary(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "EndpointName": endpoint.name,
        "EndpointArn": endpoint.arn,
        "CreationTime": endpoint.creation_time,
        "LastModifiedTime": endpoint.last_modified_time,
        "EndpointStatus": endpoint.status,
    }


def blue_variants(endpoint: Endpoint) -> list[dict[str, Any]]:
    """The serving fleet's variants: weights scaled by its share of traffic, instances running."""
    pending = endpoint.pending
    green_now, green_next = traffic.green_shares(pending)
    creating = endpoint.status == "Creating"
    retired = green_now if pending and pending.get("Rolling") else 0.0
    shown = []
    for variant in endpoint.fleet:
        launched = parse_instant(variant["Launched"])
        running = 0 if creating else traffic.blue_instances(variant, retired)
        entry: dict[str, Any] = {
            "VariantName": variant["VariantName"],
            "DeployedImages": fleets.images(variant, launched),
            "CurrentWeight": round(variant["Weight"] * (1.0 - green_now), 6),
            "DesiredWeight": round(variant["Weight"] * (1.0 - green_next), 6),
            "CurrentInstanceCount": running,
            "DesiredInstanceCount": variant["Instances"] if creating else running,
        }
        if creating:
            entry["VariantStatus"] = [
                {
                    "Status": "Creating",
                    "StatusMessage": f"Launching {variant['Instances']} instance(s).",
                    "StartTime": launched,
                }
            ]
        shown.append(entry)
    return shown


def green_variants(pending: dict[str, Any]) -> list[dict[str, Any]]:
    """The new fleet's variants (PendingProductionVariantSummary), with the phase it is in."""
    now, later = traffic.green_shares(pending)
    status = pending["VariantStatus"]
    shown = []
    for variant in pending["Fleet"]:
        running = traffic.green_instances(variant, pending["Launched"], pending["Total"])
        shown.append(
            {
                "VariantName": variant["VariantName"],
                "DeployedImages": fleets.images(variant, parse_instant(variant["Launched"])),
                "CurrentWeight": round(variant["Weight"] * now, 6),
                "DesiredWeight": round(variant["Weight"] * later, 6),
                "CurrentInstanceCount": running,
                "DesiredInstanceCount": variant["Instances"],
                "InstanceType": variant["InstanceType"],
                "VariantStatus": [{**status, "StartTime": parse_instant(status["StartTime"])}],
            }
        )
    return shown


# -- events ---------------------------------------------------------------------


def endpoint_event_detail(endpoint: Endpoint, tags: list[dict[str, str]]) -> dict[str, Any]:
    """`detail` of "SageMaker Endpoint State Change", as AWS's example shows it."""
    detail: dict[str, Any] = {
        "EndpointName": endpoint.name,
        "EndpointArn": endpoint.arn,
        "EndpointConfigName": endpoint.config_name,
        "ProductionVariants": [
            {
                "DesiredWeight": variant["DesiredWeight"],
                "DesiredInstanceCount": variant["DesiredInstanceCount"],
            }
            for variant in blue_variants(endpoint)
        ],
        "EndpointStatus": event_status(endpoint.status),
        "CreationTime": epoch_millis(endpoint.creation_time),
        "LastModifiedTime": epoch_millis(endpoint.last_modified_time),
        "Tags": {tag["Key"]: tag["Value"] for tag in tags},
    }
    if endpoint.failure_reason:
        detail["FailureReason"] = endpoint.failure_reason
    return to_jsonable(detail)


def deployment_event_detail(endpoint: Endpoint, tags: list[dict[str, str]]) -> dict[str, Any]:
    """`detail` of "SageMaker Endpoint Deployment State Change": both fleets and the split."""
    described = describe_endpoint(endpoint)
    detail: dict[str, Any] = {
        "EndpointName": endpoint.name,
        "EndpointArn": endpoint.arn,
        "EndpointConfigName": endpoint.config_name,
        "ProductionVariants": [_event_variant(v) for v in described["ProductionVariants"]],
        "EndpointStatus": event_status(endpoint.status),
        "CreationTime": epoch_millis(endpoint.creation_time),
        "LastModifiedTime": epoch_millis(endpoint.last_modified_time),
        "Tags": {tag["Key"]: tag["Value"] for tag in tags},
    }
    summary = described.get("PendingDeploymentSummary")
    if summary:
        detail["PendingDeploymentSummary"] = {
            "EndpointConfigName": summary["EndpointConfigName"],
            "StartTime": epoch_millis(summary["StartTime"]),
            "ProductionVariants": [_event_variant(v) for v in summary["ProductionVariants"]],
        }
    if endpoint.failure_reason:
        detail["FailureReason"] = endpoint.failure_reason
    return to_jsonable(detail)


def _event_variant(variant: dict[str, Any]) -> dict[str, Any]:
    shown = {
        key: variant[key]
        for key in (
            "VariantName",
            "CurrentWeight",
            "DesiredWeight",
            "CurrentInstanceCount",
            "DesiredInstanceCount",
        )
    }
    if variant.get("VariantStatus"):
        shown["VariantStatus"] = [
            {**status, "StartTime": epoch_millis(status["StartTime"])}
            for status in variant["VariantStatus"]
        ]
    return shown


def resource_event_detail(described: dict[str, Any], tags: list[dict[str, str]]) -> dict[str, Any]:
    """`detail` of a model's or endpoint config's state change: Describe's shape, times in ms."""
    detail = {
        key: epoch_millis(value) if isinstance(value, datetime) else value
        for key, value in described.items()
    }
    detail["Tags"] = {tag["Key"]: tag["Value"] for tag in tags}
    return to_jsonable(detail)


def event_status(status: str) -> str:
    """`InService` as events spell it: `IN_SERVICE`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", status).upper()


def epoch_millis(moment: datetime) -> float:
    """Milliseconds since the epoch, a number with a fraction as in AWS's example events."""
    return float(round(moment.timestamp() * 1000))
