"""A training job as the API shows it: DescribeTrainingJob, its summary, and its event's detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mlgov_sim.core.clock import parse_instant
from mlgov_sim.core.shapes import to_jsonable
from mlgov_sim.training.metrics import metric_data
from mlgov_sim.training.store import Job

DEFAULT_STOPPING = {"MaxRuntimeInSeconds": 86400}  # AWS's default: one day
_FLAGS = (
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
)


def describe(job: Job) -> dict[str, Any]:
    """DescribeTrainingJob's response."""
    spec = job.spec
    seconds = _seconds(job)
    response: dict[str, Any] = {
        "TrainingJobName": job.name,
        "TrainingJobArn": job.arn,
        # Required in the response even before there is a model: empty until it is written.
        "ModelArtifacts": {"S3ModelArtifacts": job.model_artifact or ""},
        "TrainingJobStatus": job.status,
        "SecondaryStatus": job.secondary_status,
        "FailureReason": job.failure_reason,
        "HyperParameters": spec.get("HyperParameters"),
        "AlgorithmSpecification": spec.get("AlgorithmSpecification"),
        "RoleArn": spec.get("RoleArn"),
        "InputDataConfig": spec.get("InputDataConfig"),
        "OutputDataConfig": spec.get("OutputDataConfig"),
        "ResourceConfig": spec.get("ResourceConfig"),
        "VpcConfig": spec.get("VpcConfig"),
        "StoppingCondition": spec.get("StoppingCondition") or DEFAULT_STOPPING,
        "CreationTime": job.creation_time,
        "TrainingStartTime": job.training_start_time,
        "TrainingEndTime": job.training_end_time,
        "LastModifiedTime": job.last_modified_time,
        "SecondaryStatusTransitions": transitions(job),
        "FinalMetricDataList": metric_data(job.metrics, job.metrics_time) or None,
        "TrainingTimeInSeconds": seconds,
        "BillableTimeInSeconds": seconds,
    }
    for flag in _FLAGS:
        response[flag] = bool(spec.get(flag, False))
    for member in (
        "CheckpointConfig",
        "DebugHookConfig",
        "DebugRuleConfigurations",
        "ExperimentConfig",
        "TensorBoardOutputConfig",
        "ProfilerConfig",
        "Environment",
        "RetryStrategy",
    ):
        response[member] = spec.get(member)
    return {key: value for key, value in response.items() if value is not None}


def summary(job: Job) -> dict[str, Any]:
    """A TrainingJobSummaries entry."""
    entry = {
        "TrainingJobName": job.name,
        "TrainingJobArn": job.arn,
        "CreationTime": job.creation_time,
        "TrainingEndTime": job.training_end_time,
        "LastModifiedTime": job.last_modified_time,
        "TrainingJobStatus": job.status,
        "SecondaryStatus": job.secondary_status,
    }
    return {key: value for key, value in entry.items() if value is not None}


def transitions(job: Job) -> list[dict[str, Any]]:
    """SecondaryStatusTransitions, with their stored ISO times read back as instants."""
    shown = []
    for entry in job.transitions:
        item = {"Status": entry["Status"], "StartTime": parse_instant(entry["StartTime"])}
        if entry.get("EndTime") is not None:
            item["EndTime"] = parse_instant(entry["EndTime"])
        item["StatusMessage"] = entry["StatusMessage"]
        shown.append(item)
    return shown


def state_change_detail(job: Job, tags: list[dict[str, str]]) -> dict[str, Any]:
    """`detail` of "SageMaker Training Job State Change": the job as DescribeTrainingJob shows it.

    As in the events AWS delivers, times are milliseconds since the epoch and
    the job's tags are a mapping.
    """
    detail = _epoch_millis(describe(job))
    detail["Tags"] = {tag["Key"]: tag["Value"] for tag in tags}
    return to_jsonable(detail)


def _seconds(job: Job) -> int | None:
    """Training (and billable) seconds, once the job has ended after starting to train."""
    if job.training_start_time is None or job.training_end_time is None:
        return None
    return max(1, int((job.training_end_time - job.training_start_time).total_seconds()))


def _epoch_millis(value: Any) -> Any:
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, dict):
        return {k: _epoch_millis(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_epoch_millis(v) for v in value]
    return value
