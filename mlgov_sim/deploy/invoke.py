"""sagemaker-runtime InvokeEndpoint: a deterministic answer from the model, and its metrics.

The request goes to a variant by the endpoint's traffic split (deploy.traffic;
TargetVariant picks one of the serving fleet's by name). The model answers
one score in [0, 1) per CSV row (or JSON instance), derived from the model's
identity (its model package version, else its model data, else its image)
and the row, so the same request to the same model always gets the same
answer. Each invocation publishes SageMaker's AWS/SageMaker metrics per
EndpointName and VariantName (and, for the new fleet during a deployment,
EndpointConfigName too): Invocations, Invocation4XXErrors and
Invocation5XXErrors (0: models do not fail here), ModelLatency and
OverheadLatency in microseconds.

A scenario makes a model slow with the container environment variable
MLGOV_SIM_LATENCY_MS (on the version's InferenceSpecification container, or
CreateModel's container Environment): its ModelLatency is that many
milliseconds, where a model otherwise answers in 20 to 40 ms.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mlgov_sim.core.authorize import register_iam_action
from mlgov_sim.core.call import Call
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.core.ops import operation
from mlgov_sim.deploy import alarms, fleet, traffic
from mlgov_sim.deploy.names import endpoint_arn
from mlgov_sim.deploy.store import ENDPOINTS, snapshot

NAMESPACE = "AWS/SageMaker"
LATENCY_VARIABLE = "MLGOV_SIM_LATENCY_MS"
SERVING = ("InService", "Updating")


class ValidationError(ServiceError):
    """sagemaker-runtime's own code for a bad request (SageMaker's API says ValidationException)."""

    code = "ValidationError"
    http_status = 400
    sender_fault = True


def _target(call: Call, params: dict[str, Any]) -> str:
    return endpoint_arn(call, params["EndpointName"])


@operation("sagemaker-runtime:InvokeEndpoint", resource=_target)
def invoke_endpoint(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Gets a prediction from an endpoint that is InService (or Updating, on the traffic split).

    Each request goes to one variant, deterministically in proportion to the
    split: during a canary bake one request in ten reaches a 10% canary.
    TargetVariant sends it to the serving fleet's variant of that name. The
    answer is one score per CSV row (text/csv, the default) or per JSON
    instance (application/json: a list, or {"instances": [...]}, answered as
    {"predictions": [...]}), derived from the model and the row. Publishes
    the AWS/SageMaker invocation metrics (see docs/fidelity.md); a container
    Environment MLGOV_SIM_LATENCY_MS sets the model's latency. IAM checks the
    action sagemaker:InvokeEndpoint. An endpoint the account lacks is refused
    with ValidationError ("Endpoint <name> of account <account> not found."),
    one not serving with ValidationError too.
    """
    name = params["EndpointName"]
    endpoint = ENDPOINTS.find_by_name(call.db, call.account, call.region, name)
    if endpoint is None:
        raise ValidationError(f"Endpoint {name} of account {call.account} not found.")
    if endpoint.status not in SERVING:
        raise ValidationError(
            f"Endpoint {endpoint.name} of account {call.account} is {endpoint.status}: "
            "it takes requests once InService."
        )
    before = snapshot(endpoint)
    chosen = _route(endpoint.fleet, endpoint.pending, params.get("TargetVariant"), endpoint.served)
    endpoint.served = {**endpoint.served, chosen.key: endpoint.served.get(chosen.key, 0) + 1}
    ENDPOINTS.save(call.db, before, endpoint)
    variant = chosen.variant
    identity = model_identity(variant)
    body = params["Body"] if isinstance(params["Body"], bytes) else bytes(params["Body"])
    content_type = params.get("ContentType") or "text/csv"
    answer, answered_as = _answer(identity, body, content_type)
    dimensions = {"EndpointName": endpoint.name, "VariantName": variant["VariantName"]}
    _publish(call, dimensions, identity, body, variant)
    if chosen.fleet == traffic.GREEN and endpoint.pending:
        with_config = {**dimensions, "EndpointConfigName": endpoint.pending["ConfigName"]}
        _publish(call, with_config, identity, body, variant)
    return {
        "Body": answer,
        "ContentType": answered_as,
        "InvokedProductionVariant": variant["VariantName"],
    }


def _route(
    fleet: list[dict[str, Any]],
    pending: dict[str, Any] | None,
    wanted: str | None,
    served: dict[str, int],
) -> traffic.Target:
    if wanted:
        for variant in fleet:
            if variant["VariantName"] == wanted:
                return traffic.Target(traffic.BLUE, variant, 1.0)
        raise ValidationError(f"The variant {wanted} does not exist on this endpoint.")
    found = traffic.targets(fleet, pending)
    if not found:
        raise ValidationError("No variant of this endpoint takes traffic (all weights are 0).")
    return traffic.choose(found, served)


def model_identity(variant: dict[str, Any]) -> str:
    """What makes a model itself: its version, else its model data, else its image."""
    parts = []
    for container in variant["Containers"]:
        parts.append(
            container.get("ModelPackageArn")
            or container.get("ModelDataUrl")
            or container.get("Image")
            or variant["ModelArn"]
        )
    return "|".join(parts) or variant["ModelArn"]


def score(identity: str, row: str) -> float:
    """A deterministic score in [0, 1) for `row` from the model `identity`."""
    digest = hashlib.sha256(f"{identity}\n{row}".encode()).hexdigest()
    return round(int(digest[:8], 16) / 16**8, 4)


def _answer(identity: str, body: bytes, content_type: str) -> tuple[bytes, str]:
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(text)
        except ValueError:
            raise ValidationError("The request body is not valid JSON.") from None
        if isinstance(data, dict) and isinstance(data.get("instances"), list):
            data = data["instances"]
        rows = data if isinstance(data, list) else [data]
        scores = [score(identity, json.dumps(row, sort_keys=True)) for row in rows]
        return json.dumps({"predictions": scores}).encode(), "application/json"
    rows = [line.strip() for line in text.splitlines() if line.strip()] or [""]
    return "".join(f"{score(identity, row)}\n" for row in rows).encode(), "text/csv"


def _publish(
    call: Call,
    dimensions: dict[str, str],
    identity: str,
    body: bytes,
    variant: dict[str, Any],
) -> None:
    model, overhead = latencies(identity, body, variant)
    alarms.publish(call, NAMESPACE, "Invocations", dimensions, 1)
    alarms.publish(call, NAMESPACE, "Invocation4XXErrors", dimensions, 0)
    alarms.publish(call, NAMESPACE, "Invocation5XXErrors", dimensions, 0)
    alarms.publish(call, NAMESPACE, "ModelLatency", dimensions, model, unit="Microseconds")
    alarms.publish(call, NAMESPACE, "OverheadLatency", dimensions, overhead, unit="Microseconds")


def latencies(identity: str, body: bytes, variant: dict[str, Any]) -> tuple[int, int]:
    """ModelLatency and OverheadLatency in microseconds: 20-40 ms unless the model says."""
    digest = hashlib.sha256(identity.encode() + b"\n" + body).digest()
    jitter = int.from_bytes(digest[:4], "big")
    configured = fleet.environment(variant).get(LATENCY_VARIABLE)
    if configured is not None:
        try:
            model = int(float(configured) * 1000)
        except ValueError:
            model = 20_000 + jitter % 20_000
    else:
        base = int.from_bytes(hashlib.sha256(identity.encode()).digest()[:4], "big")
        model = 20_000 + base % 15_000 + jitter % 5_000
    return model, 1_000 + jitter % 2_000


register_iam_action("sagemaker-runtime:InvokeEndpoint", "sagemaker:InvokeEndpoint")
