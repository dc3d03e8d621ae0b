"""Read-only views of endpoints for `mlgov-sim inspect` (no call, so nothing is audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mlgov_sim.core.db import Database
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.deploy import fleet
from mlgov_sim.deploy.store import ENDPOINTS


def endpoints_overview(db: Database) -> Iterable[dict[str, Any]]:
    """Every endpoint in creation order: status, config, the versions it serves, its timeline.

    `ModelPackageArn` is the first model package version the serving fleet
    runs (`Serves` lists them all); while a deployment is under way,
    `Deploying` names the config being deployed. `Timeline` is what the
    endpoint's calls and timed transitions said, with their simulated times.
    """
    overview = []
    for endpoint in ENDPOINTS.all(db):
        serves = fleet.packages(endpoint.fleet)
        overview.append(
            {
                "EndpointName": endpoint.name,
                "EndpointArn": endpoint.arn,
                "EndpointStatus": endpoint.status,
                "EndpointConfigName": endpoint.config_name,
                "ModelPackageArn": serves[0] if serves else None,
                "Serves": serves or [variant["ModelName"] for variant in endpoint.fleet],
                "Deploying": endpoint.pending["ConfigName"] if endpoint.pending else None,
                "FailureReason": endpoint.failure_reason,
                "Timeline": list(endpoint.timeline),
            }
        )
    return to_jsonable(overview)
