"""A user profile's effective UserSettings: its own, over its domain's DefaultUserSettings.

AWS documents that a user profile's settings override the domain's
(canvas-storage-configuration). Structures merge member by member, so a
profile that sets only CanvasAppSettings.ModelRegisterSettings keeps the
domain's WorkspaceSettings; any other value (a list, a string) the profile
gives replaces the domain's. Pure functions: no database, no call.
"""

from __future__ import annotations

import copy
from typing import Any

ENABLED, DISABLED = "ENABLED", "DISABLED"
# Where AWS is silent about a setting left out, the simulator's choice (docs/fidelity.md).
DEFAULT_STATUS = {
    "ModelRegisterSettings": ENABLED,
    "DirectDeploySettings": DISABLED,
    "TimeSeriesForecastingSettings": ENABLED,
}


def effective_settings(domain_defaults: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """`profile` over `domain_defaults`, structure by structure; neither is changed."""
    merged = copy.deepcopy(domain_defaults)
    for key, value in profile.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = effective_settings(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def execution_role(settings: dict[str, Any]) -> str | None:
    """The role Studio and Canvas act with for this user (UserSettings.ExecutionRole)."""
    return settings.get("ExecutionRole")


def canvas_setting(settings: dict[str, Any], name: str) -> dict[str, Any]:
    """One member of CanvasAppSettings (`WorkspaceSettings`), empty when not set."""
    return dict((settings.get("CanvasAppSettings") or {}).get(name) or {})


def status_of(settings: dict[str, Any], name: str) -> str:
    """ENABLED or DISABLED for a CanvasAppSettings member with a Status, default filled in."""
    return canvas_setting(settings, name).get("Status") or DEFAULT_STATUS[name]


def default_bucket(region: str, account: str) -> str:
    """The bucket SageMaker creates for Canvas: `sagemaker-<region>-<account>`."""
    return f"sagemaker-{region}-{account}"


def artifact_root(settings: dict[str, Any], region: str, account: str, user: str) -> str:
    """Where Canvas writes for `user`: `<S3ArtifactPath>/Canvas/<user>`, default bucket if unset."""
    path = canvas_setting(settings, "WorkspaceSettings").get("S3ArtifactPath")
    base = (path or f"s3://{default_bucket(region, account)}").rstrip("/")
    return f"{base}/Canvas/{user}"
