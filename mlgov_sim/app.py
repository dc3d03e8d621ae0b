"""The assembled simulator: every feature's operations and tables, ready for the front doors.

The kernel knows no feature; importing this module registers them all. Front
doors (CLI, scenario runner, server) import it instead of the features.
"""

from __future__ import annotations

import mlgov_sim.canvas  # (registers domains, user profiles, apps and Canvas console actions)
import mlgov_sim.core.tagging
import mlgov_sim.deploy  # (registers models, endpoint configs, endpoints and guardrails)
import mlgov_sim.lineage  # (registers lineage operations and listeners)
import mlgov_sim.monitor  # (registers the CloudWatch stand-in: metrics, alarms and their timer)
import mlgov_sim.registry  # (registers the Model Registry's operations)
import mlgov_sim.storage  # (registers the S3 stand-in's operations)
import mlgov_sim.training  # noqa: F401  (registers training jobs and their timed transitions)
from mlgov_sim.core.ops import OPERATIONS, Operation
from mlgov_sim.core.world import NoWorld, World, WorldExists

__all__ = ["OPERATIONS", "NoWorld", "Operation", "World", "WorldExists", "supported_operations"]


def supported_operations() -> list[Operation]:
    """Every supported operation, sorted by service then name."""
    return [OPERATIONS[name] for name in sorted(OPERATIONS)]
