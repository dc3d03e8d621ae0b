"""The registry's EventBridge announcements.

AWS announces "SageMaker Model Package State Change" when a model package is
created and when its approval status, lifecycle stage or metadata change; it
announces nothing for model package groups, and neither does the simulator.
"""

from __future__ import annotations

from mlgov_sim.core.call import Call
from mlgov_sim.registry import views
from mlgov_sim.registry.store import Package

SOURCE = "aws.sagemaker"
STATE_CHANGE = "SageMaker Model Package State Change"


def announce(call: Call, row: Package, updated: list[str] | None) -> None:
    """Put one state-change event for `row` on the bus (within the call's transaction)."""
    call.emit(SOURCE, STATE_CHANGE, views.state_change_detail(row, updated), [row.arn])
