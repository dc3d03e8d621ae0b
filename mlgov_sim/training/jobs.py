"""Training jobs: CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob.

What AWS refuses when the job is created is refused here (a taken name, a
role that cannot be assumed, an image that is no built-in algorithm);
what goes wrong while it runs (unreadable data, an unwritable output
location) fails the job later, on the simulated clock (training.lifecycle).
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.authorize import pass_role
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ResourceInUse, ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import set_tags
from mlgov_sim.training import algorithms, lifecycle, store, views
from mlgov_sim.training.store import JOBS, Job

NOT_FOUND = "Requested resource not found."
_SORT_COLUMNS = {
    "Name": JOBS.c.name_key,
    "CreationTime": JOBS.c.creation_time,
    "Status": JOBS.c.status,
}


def job_arn(call: Call, name: str) -> str:
    """`arn:aws:sagemaker:REGION:ACCOUNT:training-job/name`, the name lower-cased as AWS does."""
    return call.arn(f"training-job/{name.lower()}")


def _target(call: Call, params: dict[str, Any]) -> str:
    return job_arn(call, params["TrainingJobName"])


def require(call: Call, name: str) -> Job:
    """The caller's job called `name` (any case); ValidationException as AWS answers when none."""
    job = store.find_by_name(call.db, call.account, call.region, name)
    if job is None:
        raise ValidationException(NOT_FOUND)
    return job


@operation("sagemaker:CreateTrainingJob", resource=_target)
def create_training_job(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Starts a training job of a built-in algorithm: XGBoost, Linear Learner or K-Means.

    The algorithm is recognised from AlgorithmSpecification.TrainingImage, the
    algorithm's real image in the world's Region (for example
    683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1), or
    from AlgorithmName xgboost, linear-learner or kmeans; any other image is
    refused with ValidationException, as mlgov-sim cannot run it. The name must
    be new in the account and Region, regardless of case (ResourceInUse).
    RoleArn must name a role of the world ("Could not assume role"), and a
    caller other than admin needs iam:PassRole on it. The job then runs on the
    simulated clock: `advance` moves it from Starting through Downloading,
    Training and Uploading to Completed (about 9 minutes for small data).
    Reading its S3 channels as its role (s3:ListBucket, s3:GetObject) and
    writing its model (s3:PutObject) happen then: missing data or a role that
    may not read it fails the job, with a FailureReason, and never this call.
    Only S3Prefix channels are read; other data sources are refused.
    """
    name = params["TrainingJobName"]
    arn = job_arn(call, name)
    existing = store.find_by_name(call.db, call.account, call.region, name)
    if existing is not None:
        raise ResourceInUse(
            "Training job names must be unique within an AWS account and region, and a training "
            f"job with this name already exists ({existing.arn})"
        )
    algorithm = _algorithm(call, params.get("AlgorithmSpecification"))
    pass_role(call.db, call.principal, params["RoleArn"])
    _check_channels(params.get("InputDataConfig") or [])
    spec = {k: v for k, v in params.items() if k not in ("TrainingJobName", "Tags")}
    job = Job(
        account=call.account,
        region=call.region,
        name=name,
        name_key=name.lower(),
        arn=arn,
        algorithm=algorithm.name,
        status="InProgress",
        secondary_status="Starting",
        creation_time=call.now,
        last_modified_time=call.now,
        spec=spec,
    )
    lifecycle.start(call, job)
    store.insert_job(call.db, job)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    lifecycle.announce(call, job)
    return {"TrainingJobArn": arn}


def _algorithm(call: Call, spec: dict[str, Any] | None) -> algorithms.Algorithm:
    """The built-in algorithm the AlgorithmSpecification names, by image or by name."""
    spec = spec or {}
    image, name = spec.get("TrainingImage"), spec.get("AlgorithmName")
    if bool(image) == bool(name):
        raise ValidationException(
            "Exactly one of AlgorithmSpecification.TrainingImage and "
            "AlgorithmSpecification.AlgorithmName must be given"
            + ("." if spec else "; AlgorithmSpecification is missing.")
        )
    try:
        if image:
            return algorithms.from_image(image, call.region)
        return algorithms.from_name(name, call.region)
    except algorithms.UnknownImage as error:
        raise ValidationException(str(error)) from None


def _check_channels(channels: list[dict[str, Any]]) -> None:
    names = [channel["ChannelName"] for channel in channels]
    for name in names:
        if names.count(name) > 1:
            raise ValidationException(f"Channel names must be unique: {name!r} is given twice.")
    for channel in channels:
        source = channel["DataSource"].get("S3DataSource")
        if source is None:
            raise ValidationException(
                f"Channel {channel['ChannelName']!r}: mlgov-sim reads training data from S3 only "
                "(DataSource.S3DataSource); file systems and datasets are not simulated."
            )
        if source["S3DataType"] != "S3Prefix":
            raise ValidationException(
                f"Channel {channel['ChannelName']!r}: S3DataType {source['S3DataType']} is not "
                "simulated; use S3Prefix (every object under the S3Uri)."
            )


@operation("sagemaker:DescribeTrainingJob", resource=_target)
def describe_training_job(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a training job: its statuses and their transitions, metrics and model.

    ModelArtifacts.S3ModelArtifacts is empty until the model is written, and
    stays empty for a job that fails or is stopped. A name the account does
    not have is refused with ValidationException "Requested resource not
    found.", as AWS answers.
    """
    return views.describe(require(call, params["TrainingJobName"]))


@operation("sagemaker:ListTrainingJobs", resource=lambda call, _: call.arn("training-job/*"))
def list_training_jobs(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's training jobs, with filters, sort order and pagination.

    NameContains is case-insensitive; StatusEquals, CreationTime and
    LastModifiedTime bounds filter; SortBy Name, CreationTime (default) or
    Status, SortOrder Ascending (default) or Descending.
    """
    statement = store.select_jobs().where(
        JOBS.c.account == call.account, JOBS.c.region == call.region
    )
    if params.get("NameContains"):
        statement = statement.where(JOBS.c.name_key.contains(params["NameContains"].lower()))
    if params.get("StatusEquals"):
        statement = statement.where(JOBS.c.status == params["StatusEquals"])
    for member, column, after in (
        ("CreationTimeAfter", JOBS.c.creation_time, True),
        ("CreationTimeBefore", JOBS.c.creation_time, False),
        ("LastModifiedTimeAfter", JOBS.c.last_modified_time, True),
        ("LastModifiedTimeBefore", JOBS.c.last_modified_time, False),
    ):
        if params.get(member) is not None:
            bound = params[member]
            statement = statement.where(column > bound if after else column < bound)
    column = _SORT_COLUMNS[params.get("SortBy") or "CreationTime"]
    descending = params.get("SortOrder") == "Descending"
    order = [column.desc() if descending else column.asc()]
    order.append(JOBS.c.id.desc() if descending else JOBS.c.id.asc())
    rows, token = page(call.db, statement.order_by(*order), params, listing=store.LISTING)
    return {
        "TrainingJobSummaries": [views.summary(Job(*row)) for row in rows],
        "NextToken": token,
    }


@operation("sagemaker:StopTrainingJob", resource=_target)
def stop_training_job(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Stops a job that is InProgress: Stopping now, Stopped a minute later, with no model.

    A job in any other status is refused with ValidationException ("The
    request was rejected because the training job is in status Completed."),
    as AWS refuses it.
    """
    job = require(call, params["TrainingJobName"])
    if job.status != "InProgress":
        raise ValidationException(
            f"The request was rejected because the training job is in status {job.status}."
        )
    before = store.snapshot(job)
    lifecycle.stop(call, job)
    job.last_modified_time = call.now
    store.save(call.db, before, job)
    lifecycle.announce(call, job)
    return {}


def job_exists(db: Database, arn: str) -> bool:
    """Whether a training job has this ARN (what tagging needs to know)."""
    return store.find(db, arn) is not None
