"""Registering a `canvas:` console action: its own shapes and the IAM action it stands for."""

from __future__ import annotations

from collections.abc import Callable

from mlgov_sim.canvas import acting
from mlgov_sim.canvas.shapes import shape
from mlgov_sim.core.authorize import register_iam_action
from mlgov_sim.core.ops import Handler, ResourceOf, operation

SIGN_IN = "sagemaker:CreatePresignedDomainUrl"  # opening Studio or Canvas as a user profile


def console_action(
    name: str,
    iam_action: str,
    input_shape: str,
    output_shape: str,
    *,
    resource: ResourceOf | None = None,
    read_only: bool = False,
) -> Callable[[Handler], Handler]:
    """Register `canvas:<name>`, authorised for the caller as `iam_action`.

    `resource` is what the caller is authorised on; by default the acting
    user profile (the sign-in action's own resource).
    """
    full = f"canvas:{name}"
    register_iam_action(full, iam_action)
    return operation(
        full,
        read_only=read_only,
        resource=resource or acting.profile_arn,
        input_shape=shape(input_shape),
        output_shape=shape(output_shape),
    )


def everything(call: object, params: object) -> None:
    """No resource: the action is authorised on `*`, as AWS documents for the sharing actions."""
