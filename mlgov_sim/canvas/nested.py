"""Running another service's operation inside a console action's call, as SageMaker does itself.

Canvas creates its default bucket and registers model versions through the
services that own them: their handlers, found in the kernel's operation
table, run in the same transaction (so a refused console action leaves
nothing behind), with the input validated against botocore's shape. IAM is
the console action's business: it checks the execution role first.
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.call import Call
from mlgov_sim.core.ops import find_operation
from mlgov_sim.core.shapes import conform
from mlgov_sim.core.validation import validate


def run(call: Call, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """The response of operation `name` with `params`, run within `call`."""
    operation = find_operation(name)
    checked = validate(operation.input_shape, params)
    target = call.target_arn
    try:
        response = operation.handler(call, checked) or {}
    finally:
        call.target_arn = target
    return dict(conform(operation.output_shape, response))
