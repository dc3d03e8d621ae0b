"""The Canvas console actions: each rule refused with its code and a message naming it, then done.

Must-show 1 of issue 7: every refusal has a test checking its error code and
that its message names the rule.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import OPERATIONS, World
from mlgov_sim.canvas.shapes import shape
from mlgov_sim.core.db import make_engine
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.core.validation import validate

ACCOUNT = "111122223333"
EXEC = f"arn:aws:iam::{ACCOUNT}:role/CanvasExec"
NO_S3 = f"arn:aws:iam::{ACCOUNT}:role/NoS3"
SAME_DOMAIN = "same SageMaker domain"
CSV = b"churn,tenure,spend\n1,3,20.5\n0,40,80.0\n1,1,5.0\n"
INFERENCE = {
    "Containers": [
        {"Image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn:1", "ModelDataUrl": "s3://m/a"}
    ],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}


class Studio:
    """A world with two domains: sam (Studio Classic), ana and bob (Canvas), bea (no app), ben
    (Canvas, in the other domain); a registered version churn/1; a dataset in s3://data."""

    def __init__(self) -> None:
        self.world = World.create()
        sagemaker_and_s3 = {"Effect": "Allow", "Action": ["sagemaker:*", "s3:*"], "Resource": "*"}
        self.world.add_role("CanvasExec", [sagemaker_and_s3])
        self.world.add_role("NoS3", [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}])
        self.domain = self.new_domain("ml")
        self.other = self.new_domain("other")
        for domain, user in ((self.domain, "sam"), (self.domain, "ana"), (self.domain, "bob")):
            self.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": user})
        self.call(
            "sagemaker:CreateUserProfile", {"DomainId": self.domain, "UserProfileName": "bea"}
        )
        self.call("sagemaker:CreateUserProfile", {"DomainId": self.other, "UserProfileName": "ben"})
        self.world.advance(timedelta(minutes=5))
        self.app(self.domain, "sam", "JupyterServer")
        for domain, user in ((self.domain, "ana"), (self.domain, "bob"), (self.other, "ben")):
            self.app(domain, user, "Canvas")
        self.world.advance(timedelta(minutes=5))
        self.call("sagemaker:CreateModelPackageGroup", {"ModelPackageGroupName": "churn"})
        self.version = self.call(
            "sagemaker:CreateModelPackage",
            {"ModelPackageGroupName": "churn", "InferenceSpecification": INFERENCE},
        )["ModelPackageArn"]
        self.call("s3:CreateBucket", {"Bucket": "data"})
        self.call("s3:PutObject", {"Bucket": "data", "Key": "churn.csv", "Body": CSV})

    def new_domain(self, name: str) -> str:
        params = {
            "DomainName": name,
            "AuthMode": "IAM",
            "DefaultUserSettings": {"ExecutionRole": EXEC},
        }
        return str(self.call("sagemaker:CreateDomain", params)["DomainId"])

    def app(self, domain: str, user: str, app_type: str) -> None:
        params = {
            "DomainId": domain,
            "UserProfileName": user,
            "AppType": app_type,
            "AppName": "default",
        }
        self.call("sagemaker:CreateApp", params)

    def call(self, operation: str, params: dict[str, Any], principal: str = "admin") -> Any:
        return self.world.call(operation, params, principal)

    def refused(self, operation: str, params: dict[str, Any], code: str) -> str:
        with pytest.raises(ServiceError) as caught:
            self.world.call(operation, params)
        assert caught.value.code == code, caught.value
        return caught.value.message

    def as_user(self, user: str, domain: str | None = None, **params: Any) -> dict[str, Any]:
        return {"DomainId": domain or self.domain, "UserProfileName": user, **params}

    def share(self, *recipients: tuple[str, str], **params: Any) -> dict[str, Any]:
        base = {
            "ModelPackageArn": self.version,
            "TrainingDatasetS3Uri": "s3://data/churn.csv",
            "TargetColumn": "churn",
            "ProblemType": "BinaryClassification",
        }
        people = [{"DomainId": d, "UserProfileName": u} for d, u in recipients]
        return self.as_user("sam", Recipients=people, **{**base, **params})

    def set_role(self, user: str, role: str) -> None:
        self.call(
            "sagemaker:UpdateUserProfile", self.as_user(user, UserSettings={"ExecutionRole": role})
        )


@pytest.fixture(scope="module")
def template() -> Studio:
    return Studio()


@pytest.fixture
def studio(template: Studio) -> Studio:
    """A fresh copy of the prepared world (SQLite's backup API; rebuilding it would be slow)."""
    engine = make_engine(None)
    source, target = template.world.engine.raw_connection(), engine.raw_connection()
    try:
        source.driver_connection.backup(target.driver_connection)
    finally:
        source.close()
        target.close()
    copy = Studio.__new__(Studio)
    copy.__dict__.update(template.__dict__)
    copy.world = World(engine)
    return copy


class TestShareModelRules:
    def test_recipient_in_another_domain(self, studio: Studio) -> None:
        message = studio.refused(
            "canvas:ShareModel", studio.share((studio.other, "ben")), "ValidationException"
        )
        assert f"'ben' is in domain {studio.other}, not {studio.domain}" in message
        assert (
            "a Studio Classic user can share a model only with Canvas users in the " + SAME_DOMAIN
            in message
        )

    def test_recipient_named_in_the_wrong_domain_is_found_elsewhere(self, studio: Studio) -> None:
        message = studio.refused(
            "canvas:ShareModel", studio.share((studio.domain, "ben")), "ValidationException"
        )
        assert f"is in domain {studio.other}" in message and SAME_DOMAIN in message

    def test_recipient_without_a_canvas_app(self, studio: Studio) -> None:
        message = studio.refused(
            "canvas:ShareModel", studio.share((studio.domain, "bea")), "ValidationException"
        )
        assert "'bea'" in message
        assert "can be shared only with Canvas users" in message
        assert "without a Canvas app cannot be entered" in message

    def test_more_than_23_recipients(self, studio: Studio) -> None:
        many = [(studio.domain, "ana")] * 24
        message = studio.refused("canvas:ShareModel", studio.share(*many), "ValidationException")
        assert "24 recipients" in message and "at most 23 Canvas users" in message

    def test_model_not_in_the_registry(self, studio: Studio) -> None:
        params = studio.share((studio.domain, "ana"), ModelPackageArn=studio.version[:-1] + "7")
        message = studio.refused("canvas:ShareModel", params, "ValidationException")
        assert "is not in the Model Registry" in message
        assert "only models registered in the Model Registry" in message

    def test_non_tabular_registry_model_is_unsupported_data_type(self, studio: Studio) -> None:
        vision = studio.call(
            "sagemaker:CreateModelPackage",
            {
                "ModelPackageGroupName": "churn",
                "InferenceSpecification": INFERENCE,
                "Domain": "COMPUTER_VISION",
                "Task": "IMAGE_CLASSIFICATION",
            },
        )["ModelPackageArn"]
        params = studio.share((studio.domain, "ana"), ModelPackageArn=vision)
        message = studio.refused("canvas:ShareModel", params, "ValidationException")
        assert message.startswith("Unsupported data type")
        assert "only tabular models can be shared with Canvas" in message

    def test_non_tabular_jumpstart_model_is_unsupported_data_type(self, studio: Studio) -> None:
        params = studio.as_user(
            "sam",
            JumpStartModelId="huggingface-llm-falcon-7b-bf16",
            Recipients=[{"DomainId": studio.domain, "UserProfileName": "ana"}],
        )
        message = studio.refused("canvas:ShareModel", params, "ValidationException")
        assert message.startswith("Unsupported data type") and "tabular" in message

    def test_time_series_model(self, studio: Studio) -> None:
        params = studio.share((studio.domain, "ana"), ProblemType="TimeSeriesForecasting")
        message = studio.refused("canvas:ShareModel", params, "ValidationException")
        assert "Time-series forecasting models cannot be shared with Canvas" in message

    def test_sharer_must_be_a_studio_classic_user(self, studio: Studio) -> None:
        params = {**studio.share((studio.domain, "bob")), "UserProfileName": "ana"}
        message = studio.refused("canvas:ShareModel", params, "ValidationException")
        assert "has no JupyterServer app" in message and "a Studio Classic user" in message

    def test_shared_within_the_domain_imports_then_is_ready(self, studio: Studio) -> None:
        shared = studio.call("canvas:ShareModel", studio.share((studio.domain, "ana")))
        assert shared["Status"] == "Importing"
        describe = studio.as_user("ana", SharedModelId=shared["SharedModelId"])
        studio.world.advance(timedelta(minutes=14))
        assert studio.call("canvas:DescribeSharedModel", describe)["Status"] == "Importing"
        studio.world.advance(timedelta(minutes=1))
        described = studio.call("canvas:DescribeSharedModel", describe)
        assert described["Status"] == "Ready"
        assert described["SharedBy"] == {"DomainId": studio.domain, "UserProfileName": "sam"}
        assert described["ModelPackageArn"] == studio.version
        received = studio.call(
            "canvas:ListSharedModels", studio.as_user("ana", Direction="Received")
        )
        sent = studio.call("canvas:ListSharedModels", studio.as_user("sam", Direction="Sent"))
        assert [m["SharedModelId"] for m in received["SharedModels"]] == [shared["SharedModelId"]]
        assert sent["SharedModels"] == received["SharedModels"]
        others = studio.call("canvas:ListSharedModels", studio.as_user("bob"))
        assert others["SharedModels"] == []


class TestRefusalsSayHowToSatisfyTheRule:
    """A learner reads each refusal for the rule it breaks and for what to do next."""

    def test_cross_domain_recipient_says_to_make_a_profile_in_the_sharers_domain(
        self, studio: Studio
    ) -> None:
        message = studio.refused(
            "canvas:ShareModel", studio.share((studio.other, "ben")), "ValidationException"
        )
        assert f"give ben a user profile in domain {studio.domain} with a Canvas app" in message

    def test_recipient_without_a_canvas_app_says_to_create_one(self, studio: Studio) -> None:
        message = studio.refused(
            "canvas:ShareModel", studio.share((studio.domain, "bea")), "ValidationException"
        )
        assert "CreateApp AppType Canvas" in message

    def test_dataset_refusal_says_which_permission_the_role_needs(self, studio: Studio) -> None:
        studio.set_role("ana", NO_S3)
        params = studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv")
        message = studio.refused("canvas:ImportDataset", params, "AccessDenied")
        assert (
            "allow s3:GetObject on arn:aws:s3:::data/churn.csv to that role, or give the user "
            "profile an execution role that may" in message
        )

    def test_prediction_refusal_says_which_permission_the_role_needs(self, studio: Studio) -> None:
        model = studio.call(
            "canvas:ImportModel",
            studio.as_user("ana", ModelName="churn", ModelPackageArn=studio.version),
        )
        studio.call(
            "canvas:ImportDataset",
            studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv"),
        )
        studio.world.advance(timedelta(minutes=15))
        studio.world.add_role(
            "ReadOnly",
            [{"Effect": "Allow", "Action": ["sagemaker:*", "s3:GetObject"], "Resource": "*"}],
        )
        studio.set_role("ana", f"arn:aws:iam::{ACCOUNT}:role/ReadOnly")
        params = studio.as_user("ana", ModelId=model["ModelId"], DatasetName="churn")
        message = studio.refused("canvas:Predict", params, "AccessDenied")
        root = f"arn:aws:s3:::sagemaker-us-east-1-{ACCOUNT}/Canvas/ana/*"
        assert f"allow s3:PutObject on {root} to that role" in message

    def test_viewer_with_no_app_is_told_both_kinds_of_user(self, studio: Studio) -> None:
        message = studio.refused(
            "canvas:ListSharedModels", studio.as_user("bea"), "ValidationException"
        )
        assert "has neither a Canvas app nor a JupyterServer app" in message
        assert "Studio Classic user" not in message.split(":")[0]


class TestRecipientsCannotChangeASharedModel:
    def test_recipient_update_is_refused(self, studio: Studio) -> None:
        shared = studio.call("canvas:ShareModel", studio.share((studio.domain, "ana")))
        params = studio.as_user("ana", SharedModelId=shared["SharedModelId"], Comment="tuned")
        message = studio.refused("canvas:UpdateSharedModel", params, "AccessDeniedException")
        assert "view-and-predict only" in message and "recipients cannot change it" in message

    def test_sharer_may_share_an_update(self, studio: Studio) -> None:
        shared = studio.call("canvas:ShareModel", studio.share((studio.domain, "ana")))
        studio.world.advance(timedelta(minutes=15))
        params = studio.as_user("sam", SharedModelId=shared["SharedModelId"], Comment="v1 again")
        assert studio.call("canvas:UpdateSharedModel", params)["Status"] == "Importing"

    def test_someone_else_does_not_see_it(self, studio: Studio) -> None:
        shared = studio.call("canvas:ShareModel", studio.share((studio.domain, "ana")))
        params = studio.as_user("bob", SharedModelId=shared["SharedModelId"])
        assert "is not shared with" in studio.refused(
            "canvas:DescribeSharedModel", params, "ResourceNotFound"
        )


class TestImportModel:
    def test_external_model_must_be_registered_first(self, studio: Studio) -> None:
        params = studio.as_user("ana", ModelName="ext", ModelDataUrl="s3://models/ext.tar.gz")
        message = studio.refused("canvas:ImportModel", params, "ValidationException")
        assert "a model built outside SageMaker must be registered in the Model Registry" in message

    def test_unknown_package_is_refused_with_the_rule(self, studio: Studio) -> None:
        params = studio.as_user("ana", ModelName="ext", ModelPackageArn=studio.version + "0")
        message = studio.refused("canvas:ImportModel", params, "ValidationException")
        assert "is not in the Model Registry" in message and "must be registered" in message

    def test_registered_version_imports_then_is_ready(self, studio: Studio) -> None:
        params = studio.as_user("ana", ModelName="churn", ModelPackageArn=studio.version)
        model = studio.call("canvas:ImportModel", params)
        studio.world.advance(timedelta(minutes=15))
        described = studio.call(
            "canvas:DescribeModel", studio.as_user("ana", ModelId=model["ModelId"])
        )
        assert (described["Status"], described["Source"]) == ("Ready", "Imported")


class TestS3Access:
    def test_dataset_refused_without_get_object(self, studio: Studio) -> None:
        studio.set_role("ana", NO_S3)
        params = studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv")
        message = studio.refused("canvas:ImportDataset", params, "AccessDenied")
        assert "a Canvas user needs S3 access to read datasets" in message
        assert "s3:GetObject" in message and "assumed-role/NoS3/SageMaker" in message

    def test_missing_dataset_object(self, studio: Studio) -> None:
        params = studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/none.csv")
        message = studio.refused("canvas:ImportDataset", params, "NoSuchKey")
        assert "a Canvas user needs S3 access to read datasets" in message

    def test_predict_refused_without_put_object(self, studio: Studio) -> None:
        model = studio.call(
            "canvas:ImportModel",
            studio.as_user("ana", ModelName="churn", ModelPackageArn=studio.version),
        )
        dataset = studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv")
        studio.call("canvas:ImportDataset", dataset)
        studio.world.advance(timedelta(minutes=15))
        studio.world.add_role(
            "ReadOnly",
            [{"Effect": "Allow", "Action": ["sagemaker:*", "s3:GetObject"], "Resource": "*"}],
        )
        studio.set_role("ana", f"arn:aws:iam::{ACCOUNT}:role/ReadOnly")
        params = studio.as_user("ana", ModelId=model["ModelId"], DatasetName="churn")
        message = studio.refused("canvas:Predict", params, "AccessDenied")
        assert "a Canvas user needs S3 access to save its results" in message
        assert "s3:PutObject" in message

    def test_predict_writes_under_the_workspace_path(self, studio: Studio) -> None:
        shared = studio.call("canvas:ShareModel", studio.share((studio.domain, "ana")))
        studio.call(
            "canvas:ImportDataset",
            studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv"),
        )
        params = studio.as_user("ana", ModelId=shared["SharedModelId"], DatasetName="churn")
        assert "Importing" in studio.refused("canvas:Predict", params, "ValidationException")
        studio.world.advance(timedelta(minutes=15))
        result = studio.call("canvas:Predict", params)
        bucket = f"sagemaker-us-east-1-{ACCOUNT}"
        assert result["OutputS3Uri"].startswith(f"s3://{bucket}/Canvas/ana/inference/")
        assert result["RowCount"] == 3
        key = result["OutputS3Uri"].split(f"{bucket}/", 1)[1]
        body = studio.call("s3:GetObject", {"Bucket": bucket, "Key": key})["Body"]
        text = body.read() if hasattr(body, "read") else body
        assert text.splitlines()[0] == b"churn,tenure,spend,prediction"


class TestRegisterModel:
    def build(self, studio: Studio) -> str:
        studio.call(
            "canvas:ImportDataset",
            studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv"),
        )
        model = studio.call(
            "canvas:BuildModel",
            studio.as_user(
                "ana", ModelName="churn-canvas", DatasetName="churn", TargetColumn="churn"
            ),
        )
        studio.world.advance(timedelta(minutes=10))
        return str(model["ModelId"])

    def test_refused_when_model_register_settings_disabled(self, studio: Studio) -> None:
        model = self.build(studio)
        off = {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "DISABLED"}}}
        studio.call("sagemaker:UpdateUserProfile", studio.as_user("ana", UserSettings=off))
        message = studio.refused(
            "canvas:RegisterModel", studio.as_user("ana", ModelId=model), "ValidationException"
        )
        assert "ModelRegisterSettings.Status is DISABLED on user profile" in message
        assert "only when ModelRegisterSettings is ENABLED" in message

    def test_registers_a_pending_version_a_data_scientist_approves(self, studio: Studio) -> None:
        model = self.build(studio)
        registered = studio.call("canvas:RegisterModel", studio.as_user("ana", ModelId=model))
        assert registered["ModelApprovalStatus"] == "PendingManualApproval"
        arn = registered["ModelPackageArn"]
        assert arn.endswith(":model-package/churn-canvas/1")
        studio.call(
            "sagemaker:UpdateModelPackage",
            {"ModelPackageArn": arn, "ModelApprovalStatus": "Approved"},
        )
        described = studio.call("sagemaker:DescribeModelPackage", {"ModelPackageName": arn})
        assert described["ModelApprovalStatus"] == "Approved"
        assert described["CustomerMetadataProperties"]["CanvasUserProfileName"] == "ana"
        uri = described["InferenceSpecification"]["Containers"][0]["ModelDataUrl"]
        assert (
            uri
            == f"s3://sagemaker-us-east-1-{ACCOUNT}/Canvas/ana/Training/churn-canvas/output/model.tar.gz"
        )

    def test_build_fails_when_the_role_cannot_write_its_artifact(self, studio: Studio) -> None:
        studio.call(
            "canvas:ImportDataset",
            studio.as_user("ana", DatasetName="churn", S3Uri="s3://data/churn.csv"),
        )
        studio.world.add_role(
            "ReadOnly",
            [{"Effect": "Allow", "Action": ["sagemaker:*", "s3:GetObject"], "Resource": "*"}],
        )
        studio.set_role("ana", f"arn:aws:iam::{ACCOUNT}:role/ReadOnly")
        model = studio.call(
            "canvas:BuildModel",
            studio.as_user("ana", ModelName="m", DatasetName="churn", TargetColumn="churn"),
        )
        studio.world.advance(timedelta(minutes=10))
        described = studio.call(
            "canvas:DescribeModel", studio.as_user("ana", ModelId=model["ModelId"])
        )
        assert described["Status"] == "Failed"
        assert "a Canvas user needs S3 access to write its artifacts" in described["FailureReason"]


class TestAuthorisation:
    def test_caller_is_authorised_as_the_real_iam_action(self, studio: Studio) -> None:
        studio.world.add_role(
            "NoSharing",
            [
                {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "sagemaker:CreateSharedModel", "Resource": "*"},
            ],
        )
        studio.world.add_principal(
            "sam", arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/NoSharing/sam", role="NoSharing"
        )
        with pytest.raises(ServiceError) as caught:
            studio.call("canvas:ShareModel", studio.share((studio.domain, "ana")), "sam")
        assert caught.value.code == "AccessDeniedException"
        assert "sagemaker:CreateSharedModel" in caught.value.message

    def test_execution_role_needs_the_sharing_action(self, studio: Studio) -> None:
        studio.world.add_role("S3Only", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}])
        studio.set_role("sam", f"arn:aws:iam::{ACCOUNT}:role/S3Only")
        message = studio.refused(
            "canvas:ShareModel", studio.share((studio.domain, "ana")), "AccessDeniedException"
        )
        assert "execution role of user profile 'sam'" in message
        assert (
            "assumed-role/S3Only/SageMaker" in message and "sagemaker:CreateSharedModel" in message
        )


class TestShapes:
    def test_console_samples_fit_their_shapes(self) -> None:
        from oracle_canvas import SAMPLES

        console = sorted(name for name, op in OPERATIONS.items() if op.console_only)
        assert console and all(name in SAMPLES for name in console)
        for name in console:
            validate(OPERATIONS[name].input_shape, SAMPLES[name])

    def test_unknown_member_is_refused(self, studio: Studio) -> None:
        params = {**studio.share((studio.domain, "ana")), "Colour": "blue"}
        assert "Unknown parameter" in studio.refused(
            "canvas:ShareModel", params, "ValidationException"
        )

    def test_shapes_reuse_sagemakers_patterns(self) -> None:
        assert shape("CanvasUser").members["DomainId"].metadata["pattern"].startswith("d-")
