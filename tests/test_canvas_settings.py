"""A user profile's CanvasAppSettings over its domain's defaults (must-show 2 of issue 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mlgov_sim.app import World
from mlgov_sim.canvas.settings import (
    artifact_root,
    default_bucket,
    effective_settings,
    execution_role,
    status_of,
)
from mlgov_sim.core.errors import ServiceError

DOMAIN_DEFAULTS = {
    "ExecutionRole": "arn:aws:iam::111122223333:role/DomainDefault",
    "CanvasAppSettings": {
        "ModelRegisterSettings": {"Status": "DISABLED"},
        "WorkspaceSettings": {"S3ArtifactPath": "s3://team-canvas/artifacts"},
        "DirectDeploySettings": {"Status": "DISABLED"},
    },
}


class TestEffectiveSettings:
    def test_profile_setting_overrides_the_domain_default(self) -> None:
        profile = {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "ENABLED"}}}
        merged = effective_settings(DOMAIN_DEFAULTS, profile)
        assert status_of(merged, "ModelRegisterSettings") == "ENABLED"

    def test_what_the_profile_leaves_out_comes_from_the_domain(self) -> None:
        profile = {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "ENABLED"}}}
        merged = effective_settings(DOMAIN_DEFAULTS, profile)
        assert merged["CanvasAppSettings"]["WorkspaceSettings"] == {
            "S3ArtifactPath": "s3://team-canvas/artifacts"
        }
        assert status_of(merged, "DirectDeploySettings") == "DISABLED"
        assert execution_role(merged) == "arn:aws:iam::111122223333:role/DomainDefault"

    def test_profile_execution_role_and_workspace_override(self) -> None:
        profile = {
            "ExecutionRole": "arn:aws:iam::111122223333:role/Analyst",
            "CanvasAppSettings": {"WorkspaceSettings": {"S3ArtifactPath": "s3://mine/canvas"}},
        }
        merged = effective_settings(DOMAIN_DEFAULTS, profile)
        assert execution_role(merged) == "arn:aws:iam::111122223333:role/Analyst"
        assert (
            artifact_root(merged, "us-east-1", "111122223333", "ana")
            == "s3://mine/canvas/Canvas/ana"
        )
        assert status_of(merged, "ModelRegisterSettings") == "DISABLED"

    def test_neither_is_changed(self) -> None:
        profile = {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "ENABLED"}}}
        effective_settings(DOMAIN_DEFAULTS, profile)
        assert DOMAIN_DEFAULTS["CanvasAppSettings"]["ModelRegisterSettings"] == {
            "Status": "DISABLED"
        }
        assert profile == {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "ENABLED"}}}

    def test_defaults_when_nobody_sets_them(self) -> None:
        assert status_of({}, "ModelRegisterSettings") == "ENABLED"
        assert status_of({}, "DirectDeploySettings") == "DISABLED"
        assert default_bucket("eu-west-1", "111122223333") == "sagemaker-eu-west-1-111122223333"
        assert artifact_root({}, "eu-west-1", "111122223333", "ana") == (
            "s3://sagemaker-eu-west-1-111122223333/Canvas/ana"
        )


def test_a_profile_enabled_registers_where_its_domain_disables() -> None:
    """In a world: the domain turns registration off, one profile turns it back on for itself."""
    world = World.create()
    world.add_role(
        "Exec", [{"Effect": "Allow", "Action": ["sagemaker:*", "s3:*"], "Resource": "*"}]
    )
    defaults = {
        "ExecutionRole": "arn:aws:iam::111122223333:role/Exec",
        "CanvasAppSettings": {"ModelRegisterSettings": {"Status": "DISABLED"}},
    }
    domain = world.call(
        "sagemaker:CreateDomain",
        {"DomainName": "ml", "AuthMode": "IAM", "DefaultUserSettings": defaults},
    )["DomainId"]
    enabled = {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "ENABLED"}}}
    world.call(
        "sagemaker:CreateUserProfile",
        {"DomainId": domain, "UserProfileName": "ana", "UserSettings": enabled},
    )
    world.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": "raj"})
    world.advance(timedelta(minutes=1))
    world.call("s3:CreateBucket", {"Bucket": "data"})
    world.call("s3:PutObject", {"Bucket": "data", "Key": "d.csv", "Body": b"y,x\n1,2\n0,3\n"})
    models = {}
    for user in ("ana", "raj"):
        me = {"DomainId": domain, "UserProfileName": user}
        world.call("sagemaker:CreateApp", {**me, "AppType": "Canvas", "AppName": "default"})
        world.advance(timedelta(minutes=5))
        world.call("canvas:ImportDataset", {**me, "DatasetName": "d", "S3Uri": "s3://data/d.csv"})
        models[user] = world.call(
            "canvas:BuildModel",
            {**me, "ModelName": f"m-{user}", "DatasetName": "d", "TargetColumn": "y"},
        )["ModelId"]
    world.advance(timedelta(minutes=10))
    ana = {"DomainId": domain, "UserProfileName": "ana", "ModelId": models["ana"]}
    assert world.call("canvas:RegisterModel", ana)["ModelApprovalStatus"] == "PendingManualApproval"
    raj = {"DomainId": domain, "UserProfileName": "raj", "ModelId": models["raj"]}
    with pytest.raises(ServiceError) as refused:  # raj inherits the domain's DISABLED
        world.call("canvas:RegisterModel", raj)
    assert refused.value.code == "ValidationException"
    assert f"DISABLED in the DefaultUserSettings of domain {domain}" in refused.value.message
