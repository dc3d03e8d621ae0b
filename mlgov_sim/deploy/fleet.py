"""A fleet: the variants an endpoint config deploys, with what each variant's model runs.

Taken when the config is deployed, so an endpoint keeps serving (and can roll
back to) what it was deployed with even if its config or models are deleted
later, as on AWS.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.clock import format_instant
from mlgov_sim.deploy.names import require_model
from mlgov_sim.deploy.store import Config


def fleet_of(call: Call, config: Config) -> list[dict[str, Any]]:
    """The variants of `config`, each with its model's containers ('Could not find model')."""
    variants = []
    for variant in config.spec["ProductionVariants"]:
        model = require_model(call, variant["ModelName"])
        variants.append(
            {
                "VariantName": variant["VariantName"],
                "ModelName": model.name,
                "ModelArn": model.arn,
                "PackageArn": model.package_arn,
                "Containers": model.containers,
                "InstanceType": variant.get("InstanceType"),
                "Instances": int(variant.get("InitialInstanceCount") or 1),
                "Weight": float(variant.get("InitialVariantWeight", 1.0)),
                "Launched": format_instant(call.now),
            }
        )
    return variants


def total_instances(fleet: list[dict[str, Any]]) -> int:
    return sum(variant["Instances"] for variant in fleet)


def images(variant: dict[str, Any], resolved_at: datetime) -> list[dict[str, Any]]:
    """DeployedImages: each container's image, resolved to a digest derived from its name."""
    shown = []
    for container in variant["Containers"]:
        image = container.get("Image")
        if not image:
            continue
        digest = hashlib.sha256(image.encode()).hexdigest()
        repository = image.rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image
        shown.append(
            {
                "SpecifiedImage": image,
                "ResolvedImage": f"{repository}@sha256:{digest}",
                "ResolutionTime": resolved_at,
            }
        )
    return shown


def packages(fleet: list[dict[str, Any]]) -> list[str]:
    """The model package versions a fleet serves, in variant order, each once."""
    found: list[str] = []
    for variant in fleet:
        for container in variant["Containers"]:
            arn = container.get("ModelPackageArn") or variant.get("PackageArn")
            if arn and arn not in found:
                found.append(arn)
    return found


HEALTH_CHECK_VARIABLE = "MLGOV_SIM_HEALTH_CHECK"


def environment(variant: dict[str, Any]) -> dict[str, str]:
    """The variant's container environment (the first container setting a name wins)."""
    found: dict[str, str] = {}
    for container in variant["Containers"]:
        for key, value in (container.get("Environment") or {}).items():
            found.setdefault(key, value)
    return found


def failing_health_check(fleet: list[dict[str, Any]]) -> str | None:
    """The first variant whose container would fail its ping health check, else None.

    A scenario makes a model fail to start with the container environment
    variable MLGOV_SIM_HEALTH_CHECK=fail.
    """
    for variant in fleet:
        if environment(variant).get(HEALTH_CHECK_VARIABLE, "").lower() == "fail":
            return str(variant["VariantName"])
    return None


def health_check_failure(variant_name: str) -> str:
    """AWS's FailureReason for a container that does not answer its ping health check."""
    return (
        f"The primary container for production variant {variant_name} did not pass the ping "
        "health check. Please check CloudWatch logs for this endpoint."
    )
