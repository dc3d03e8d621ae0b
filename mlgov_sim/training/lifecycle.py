"""A training job's life on the simulated clock, as transitions the kernel's scheduler runs.

    InProgress: Starting -3m-> Downloading -1m-> Training -3m+-> Uploading -1m-> Completed
                                           |                             |
                                           +-> Failed (data unreadable)  +-> Failed (no upload)
    StopTrainingJob while InProgress: Stopping -1m-> Stopped

Training lasts 3 minutes plus one per whole MiB of data read. Each change is
announced as "SageMaker Training Job State Change", with the job as
DescribeTrainingJob shows it; SecondaryStatusTransitions carry AWS's status
messages ("Preparing the instances for training", "Downloading input data",
...). Entering Downloading is when TrainingStartTime is set, as AWS starts the
billable clock when the instances are ready.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mlgov_sim.core import scheduler
from mlgov_sim.core.call import Call
from mlgov_sim.core.clock import format_instant
from mlgov_sim.core.tagging import tags_of
from mlgov_sim.training import data, store, views
from mlgov_sim.training.metrics import final_metrics
from mlgov_sim.training.store import Job

TIMER = "sagemaker:training-job"
SOURCE = "aws.sagemaker"
STATE_CHANGE = "SageMaker Training Job State Change"

STARTING = timedelta(minutes=3)
DOWNLOADING = timedelta(minutes=1)
TRAINING = timedelta(minutes=3)  # and one minute more per MiB of data
UPLOADING = timedelta(minutes=1)
STOPPING = timedelta(minutes=1)

MESSAGES = {
    "Starting": "Starting the training job",
    "Downloading": "Downloading input data",
    "Training": "Training image download completed. Training in progress.",
    "Uploading": "Uploading generated training model",
    "Completed": "Training job completed",
    "Failed": "Training job failed",
    "Stopping": "Stopping the training job",
    "Stopped": "Training job stopped",
}
PREPARED = "Preparing the instances for training"  # Starting's message once instances are up
TERMINAL = ("Completed", "Failed", "Stopped")


def start(call: Call, job: Job) -> None:
    """A new job: InProgress / Starting, announced, with Downloading scheduled."""
    _enter(job, "Starting", call.now)
    job.status = "InProgress"
    _next(call, job, "Downloading", STARTING)


def stop(call: Call, job: Job) -> None:
    """StopTrainingJob: Stopping now, Stopped a minute later; pending transitions are dropped."""
    scheduler.cancel(call, job.arn)
    job.status = "Stopping"
    _enter(job, "Stopping", call.now)
    _next(call, job, "Stopped", STOPPING)


def announce(call: Call, job: Job) -> None:
    """Put the job's state change on the bus (inside the call or transition that made it)."""
    detail = views.state_change_detail(job, tags_of(call.db, job.arn))
    call.emit(SOURCE, STATE_CHANGE, detail, [job.arn])


def advance_job(call: Call, payload: dict[str, Any]) -> str | None:
    """The scheduler's entry point: move the job at `payload["arn"]` to `payload["to"]`."""
    job = store.find(call.db, payload["arn"])
    if job is None or job.secondary_status in TERMINAL:
        return None
    before = store.snapshot(job)
    to = payload["to"]
    try:
        _STEPS[to](call, job)
    except data.JobFailure as failure:
        _fail(job, failure.reason, call.now)
    job.last_modified_time = call.now
    store.save(call.db, before, job)
    announce(call, job)
    return _note(job)


def _downloading(call: Call, job: Job) -> None:
    job.transitions[-1]["StatusMessage"] = PREPARED
    _enter(job, "Downloading", call.now)
    job.training_start_time = call.now
    _next(call, job, "Training", DOWNLOADING)


def _training(call: Call, job: Job) -> None:
    channels = data.download(call.db, job)
    job.data_bytes = sum(channel.size for channel in channels)
    hyperparameters = job.spec.get("HyperParameters") or {}
    job.metrics = final_metrics(job.algorithm, hyperparameters, channels)
    _enter(job, "Training", call.now)
    _next(call, job, "Uploading", training_time(job.data_bytes))


def _uploading(call: Call, job: Job) -> None:
    _enter(job, "Uploading", call.now)
    job.metrics_time = call.now  # the algorithm's last report, as training ends
    _next(call, job, "Completed", UPLOADING)


def _completed(call: Call, job: Job) -> None:
    job.model_artifact = data.upload_model(call.db, job, call.now)
    _finish(job, "Completed", call.now)


def _stopped(call: Call, job: Job) -> None:
    _finish(job, "Stopped", call.now)


_STEPS = {
    "Downloading": _downloading,
    "Training": _training,
    "Uploading": _uploading,
    "Completed": _completed,
    "Stopped": _stopped,
}


def training_time(data_bytes: int) -> timedelta:
    """How long Training lasts: 3 minutes, and a minute more per whole MiB of data."""
    return TRAINING + timedelta(minutes=data_bytes // (1024 * 1024))


def _fail(job: Job, reason: str, now: datetime) -> None:
    job.failure_reason = reason
    _finish(job, "Failed", now)


def _finish(job: Job, status: str, now: datetime) -> None:
    """A terminal status: its transition starts and ends now, and so does the job."""
    job.status = job.secondary_status = status
    _enter(job, status, now)
    job.transitions[-1]["EndTime"] = format_instant(now)
    job.training_end_time = now if job.training_start_time is not None else None


def _enter(job: Job, status: str, now: datetime) -> None:
    """Close the current secondary status (EndTime) and open `status`."""
    stamp = format_instant(now)
    if job.transitions and job.transitions[-1].get("EndTime") is None:
        job.transitions[-1]["EndTime"] = stamp
    job.transitions.append(
        {"Status": status, "StartTime": stamp, "StatusMessage": MESSAGES[status]}
    )
    job.secondary_status = status


def _next(call: Call, job: Job, to: str, after: timedelta) -> None:
    scheduler.schedule(call, call.now + after, TIMER, {"arn": job.arn, "to": to}, key=job.arn)


def _note(job: Job) -> str:
    """One line for the report of the advance that made this transition."""
    head = f"training job {job.name}: {job.status}"
    if job.status == "InProgress":
        return f"{head} / {job.secondary_status}"
    if job.status == "Completed":
        return f"{head}, model at {job.model_artifact}"
    if job.status == "Failed":
        return f"{head}: {job.failure_reason}"
    return head


scheduler.register_timer(TIMER, advance_job)
