"""Oracle samples for SageMaker domains, user profiles and apps (tests/test_oracle.py loads them).

The `canvas:` console actions have no botocore shapes, so the oracle checks
none of them; their samples are here only because every operation in the
table must have one (tests/test_canvas_actions.py runs them).
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.ids import derive_hex

ORDER = 70
ACCOUNT = "111122223333"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/CanvasOracle"


def domain_id(name: str, seed: str = "mlgov-sim") -> str:
    """The DomainId a world with `seed` gives its first domain called `name`."""
    return "d-" + derive_hex(seed, f"domain:{ACCOUNT}:{REGION}:{name}", 0, 12)


DOMAIN = domain_id("oracle-domain")
EMPTY_DOMAIN = domain_id("oracle-empty")

ROLES: list[tuple[str, list[dict[str, Any]]]] = [
    ("CanvasOracle", [{"Effect": "Allow", "Action": ["s3:*", "sagemaker:*"], "Resource": "*"}]),
]
SETTINGS: dict[str, Any] = {
    "ExecutionRole": ROLE,
    "CanvasAppSettings": {
        "ModelRegisterSettings": {"Status": "ENABLED"},
        "WorkspaceSettings": {"S3ArtifactPath": "s3://oracle-data/canvas"},
        "DirectDeploySettings": {"Status": "DISABLED"},
        "TimeSeriesForecastingSettings": {"Status": "ENABLED"},
    },
}
CANVAS_APP = {
    "DomainId": DOMAIN,
    "UserProfileName": "ana",
    "AppType": "Canvas",
    "AppName": "default",
}
SETUP: list[tuple[str, dict[str, Any]]] = [
    (
        "sagemaker:CreateDomain",
        {"DomainName": "oracle-domain", "AuthMode": "IAM", "DefaultUserSettings": SETTINGS},
    ),
    (
        "sagemaker:CreateDomain",
        {"DomainName": "oracle-empty", "AuthMode": "IAM", "DefaultUserSettings": SETTINGS},
    ),
    ("sagemaker:CreateUserProfile", {"DomainId": DOMAIN, "UserProfileName": "ana"}),
    ("sagemaker:CreateUserProfile", {"DomainId": DOMAIN, "UserProfileName": "sam"}),
    ("sagemaker:CreateUserProfile", {"DomainId": DOMAIN, "UserProfileName": "old"}),
    # Profiles are InService a minute later; a longer advance would end the training samples' job.
    ("advance", {"seconds": 60}),
    ("sagemaker:CreateApp", CANVAS_APP),
    ("sagemaker:CreateApp", {**CANVAS_APP, "UserProfileName": "sam", "AppType": "JupyterServer"}),
]
SAMPLES: dict[str, dict[str, Any]] = {
    "sagemaker:CreateDomain": {
        "DomainName": "oracle-new",
        "AuthMode": "IAM",
        "DefaultUserSettings": SETTINGS,
        "SubnetIds": ["subnet-0123456789abcdef0"],
        "VpcId": "vpc-0123456789abcdef0",
        "AppNetworkAccessType": "PublicInternetOnly",
        "Tags": [{"Key": "team", "Value": "risk"}],
    },
    "sagemaker:DescribeDomain": {"DomainId": DOMAIN},
    "sagemaker:ListDomains": {"MaxResults": 5},
    "sagemaker:DeleteDomain": {"DomainId": EMPTY_DOMAIN},
    "sagemaker:CreateUserProfile": {
        "DomainId": DOMAIN,
        "UserProfileName": "new-user",
        "UserSettings": {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "DISABLED"}}},
        "Tags": [{"Key": "team", "Value": "risk"}],
    },
    "sagemaker:DescribeUserProfile": {"DomainId": DOMAIN, "UserProfileName": "ana"},
    "sagemaker:ListUserProfiles": {
        "DomainIdEquals": DOMAIN,
        "SortBy": "LastModifiedTime",
        "SortOrder": "Descending",
        "MaxResults": 2,
    },
    "sagemaker:UpdateUserProfile": {
        "DomainId": DOMAIN,
        "UserProfileName": "ana",
        "UserSettings": {"ExecutionRole": ROLE},
    },
    "sagemaker:DeleteUserProfile": {"DomainId": DOMAIN, "UserProfileName": "old"},
    "sagemaker:CreateApp": {**CANVAS_APP, "UserProfileName": "sam", "AppName": "canvas"},
    "sagemaker:DescribeApp": CANVAS_APP,
    "sagemaker:ListApps": {"DomainIdEquals": DOMAIN, "SortOrder": "Descending", "MaxResults": 1},
    "sagemaker:DeleteApp": CANVAS_APP,
}
EXTRA_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("sagemaker:ListDomains", {}),
    ("sagemaker:ListUserProfiles", {"UserProfileNameContains": "a"}),
    ("sagemaker:ListApps", {"UserProfileNameEquals": "sam"}),
]

# Console actions: no botocore model, so the oracle checks none of them; every operation in the
# table needs a sample all the same (tests/test_canvas_actions.py validates these).
_AS_SAM = {"DomainId": DOMAIN, "UserProfileName": "sam"}
_AS_ANA = {"DomainId": DOMAIN, "UserProfileName": "ana"}
SAMPLES.update(
    {
        "canvas:ShareModel": {
            **_AS_SAM,
            "ModelPackageArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/churn/1",
            "Recipients": [_AS_ANA],
            "TrainingDatasetS3Uri": "s3://oracle-data/data/train.csv",
            "TargetColumn": "label",
            "ProblemType": "BinaryClassification",
            "Comment": "first cut",
        },
        "canvas:ListSharedModels": {**_AS_ANA, "Direction": "Received"},
        "canvas:DescribeSharedModel": {**_AS_ANA, "SharedModelId": "shared-0123456789ab"},
        "canvas:UpdateSharedModel": {**_AS_SAM, "SharedModelId": "shared-0123456789ab"},
        "canvas:ImportModel": {
            **_AS_ANA,
            "ModelName": "churn",
            "ModelPackageArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/churn/1",
        },
        "canvas:ImportDataset": {
            **_AS_ANA,
            "DatasetName": "train",
            "S3Uri": "s3://oracle-data/data/train.csv",
        },
        "canvas:BuildModel": {
            **_AS_ANA,
            "ModelName": "churn-canvas",
            "DatasetName": "train",
            "TargetColumn": "label",
            "BuildType": "Quick",
        },
        "canvas:ListModels": _AS_ANA,
        "canvas:DescribeModel": {**_AS_ANA, "ModelId": "model-0123456789ab"},
        "canvas:Predict": {**_AS_ANA, "ModelId": "model-0123456789ab", "DatasetName": "train"},
        "canvas:RegisterModel": {
            **_AS_ANA,
            "ModelId": "model-0123456789ab",
            "ModelPackageGroupName": "churn-canvas",
        },
    }
)
