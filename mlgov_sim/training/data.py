"""A training job's data and model in the S3 stand-in, reached as the job's role.

SageMaker reads each S3Prefix channel by listing the prefix (`s3:ListBucket`
on the bucket) and downloading every object under it (`s3:GetObject` on each
object), and writes the model with `s3:PutObject`, all as the job's role.
What goes wrong becomes the job's FailureReason, in AWS's words where AWS's
are known (`ClientError: No S3 objects found under S3 URL ...`,
`ClientError: Data download failed:...`); the call that created the job has
long succeeded by then.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from datetime import datetime
from typing import Any

from mlgov_sim import storage
from mlgov_sim.core.authorize import check_role
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.training.algorithms import ALGORITHMS
from mlgov_sim.training.metrics import Channel
from mlgov_sim.training.store import Job

MAX_REASON = 1024  # FailureReason's length limit


class JobFailure(Exception):
    """Why a job failed, as its FailureReason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 3] + "..."


def download(db: Database, job: Job) -> list[Channel]:
    """Read every S3 channel of `job` as its role; JobFailure says why one could not be read."""
    role = job.spec["RoleArn"]
    channels = []
    for channel in job.spec.get("InputDataConfig") or []:
        source = (channel.get("DataSource") or {}).get("S3DataSource")
        if source is None:
            continue
        uri = source["S3Uri"]
        bucket, prefix = storage.split_uri(uri)
        entries = _listed(db, job, uri, bucket, prefix)
        digest = hashlib.sha256()
        rows = size = 0
        for entry in entries:
            body = _downloaded(db, role, bucket, entry.key)
            digest.update(entry.key.encode() + b"\0" + body + b"\0")
            size += len(body)
            rows += body.count(b"\n") + (0 if not body or body.endswith(b"\n") else 1)
        channels.append(Channel(channel["ChannelName"], digest.hexdigest(), size, rows))
    return channels


def _listed(db: Database, job: Job, uri: str, bucket: str, prefix: str) -> list[storage.Entry]:
    """The objects under the channel's prefix; no objects (or no listing) fails the job."""
    role = job.spec["RoleArn"]
    refused = None
    try:
        check_role(db, role, "s3:ListBucket", storage.bucket_arn(bucket))
    except ServiceError as error:
        refused = error
    exists = storage.bucket_exists(db, bucket)
    listed = storage.keys_under(db, bucket, prefix) if refused is None and exists else []
    entries = [e for e in listed if not e.key.endswith("/")]  # folder markers hold no data
    if entries:
        return entries
    reason = (
        f'ClientError: No S3 objects found under S3 URL "{uri}" given in input data source. '
        f"Please ensure that the bucket exists in the selected region ({job.region}), that "
        f'objects exist under that S3 prefix, and that the role "{role}" has "s3:ListBucket" '
        f'permissions on bucket "{bucket}".'
    )
    if refused is not None:
        reason += f" Error message from S3: {refused.message}"
    elif not exists:
        reason += " Error message from S3: The specified bucket does not exist"
    raise JobFailure(reason)


def _downloaded(db: Database, role: str, bucket: str, key: str) -> bytes:
    uri = f"s3://{bucket}/{key}"
    try:
        check_role(db, role, "s3:GetObject", storage.object_arn(bucket, key))
        return storage.read(db, bucket, key).body
    except ServiceError as error:
        raise JobFailure(
            f"ClientError: Data download failed:Failed to download data. Unable to download "
            f"object {uri} ({error.code} ({error.http_status}): {error.message})"
        ) from None


def model_uri(job: Job) -> str:
    """Where the model goes: `<S3OutputPath>/<job name>/output/model.tar.gz`."""
    output = job.spec["OutputDataConfig"]["S3OutputPath"].rstrip("/")
    return f"{output}/{job.name}/output/model.tar.gz"


def upload_model(db: Database, job: Job, now: datetime) -> str:
    """Write the model archive as the job's role; its URI, or JobFailure."""
    uri = model_uri(job)
    try:
        bucket, key = storage.split_uri(uri)
        check_role(db, job.spec["RoleArn"], "s3:PutObject", storage.object_arn(bucket, key))
        storage.write(
            db, bucket, key, model_archive(job, now), now, content_type="application/x-tar"
        )
    except ValueError as error:
        raise JobFailure(f"ClientError: Data upload failed:{error}") from None
    except ServiceError as error:
        raise JobFailure(
            f"ClientError: Data upload failed:Unable to upload the model to {uri} "
            f"({error.code} ({error.http_status}): {error.message})"
        ) from None
    return uri


def model_archive(job: Job, now: datetime) -> bytes:
    """A small, deterministic model.tar.gz: one file, named as the algorithm names its model."""
    content: dict[str, Any] = {
        "simulated": "mlgov-sim: no model was trained; this file stands for one",
        "algorithm": job.algorithm,
        "training_job": job.arn,
        "hyperparameters": job.spec.get("HyperParameters") or {},
        "final_metrics": job.metrics,
    }
    data = json.dumps(content, indent=2, sort_keys=True).encode() + b"\n"
    stamp = int(now.timestamp())
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo(_model_file(job))
        info.size, info.mtime, info.mode = len(data), stamp, 0o644
        archive.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=stamp) as zipped:
        zipped.write(raw.getvalue())
    return packed.getvalue()


def _model_file(job: Job) -> str:
    return ALGORITHMS[job.algorithm].model_file
