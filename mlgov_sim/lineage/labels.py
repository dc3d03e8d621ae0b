"""Short names for lineage entities, so a graph of ARNs reads as a story.

An artifact is called by its name, else by the end of its SourceUri
(`churn/train.csv`, `xgboost:1.7-1`, `churn/1` for a model package); an
action or context by its name, without the suffixes SageMaker adds; an
approval by what it decided, who decided it and when.
"""

from __future__ import annotations

from mlgov_sim.core import arn as arns
from mlgov_sim.lineage.store import ARTIFACT, TRIAL_COMPONENT, Entity

WIDTH = 36
_SUFFIXES = ("-aws-model-package-group", "-aws-training-job")


def clip(text: str, width: int = WIDTH) -> str:
    """`text`, cut to `width` characters with an ellipsis.

    >>> clip("s3://bucket/a/very/long/path/to/data.csv", 16)
    's3://bucket/a/v…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def short_uri(uri: str) -> str:
    """The telling end of a SourceUri: an ARN's resource ID, or a path's last two parts.

    >>> short_uri("s3://data/churn/2025-01/train.csv")
    '2025-01/train.csv'
    >>> short_uri("s3://models/churn-train-7/output/model.tar.gz")
    'churn-train-7/model.tar.gz'
    >>> short_uri("111122223333.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1")
    'xgboost:1.7-1'
    >>> short_uri("arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1")
    'churn/1'
    """
    parsed = arns.parse(uri)
    if parsed is not None:
        return parsed.resource_id
    path = uri.split("://", 1)[-1].rstrip("/")
    parts = path.split("/")[1:] or [path]  # the bucket or registry host says little
    named = [part for part in parts if part != "output"] or parts  # <job>/output/model.tar.gz
    return "/".join(named[-2:])


def who(arn: str) -> str:
    """The name at the end of a principal's ARN.

    >>> who("arn:aws:sts::111122223333:assumed-role/Approver/bob")
    'bob'
    """
    return arn.rsplit("/", 1)[-1]


def short_name(row: Entity) -> str:
    """What to call the entity in one line."""
    if row.kind == ARTIFACT:
        return row.name or short_uri(row.source_uri)
    name = row.name or short_uri(row.source_uri)
    for suffix in _SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def caption(row: Entity) -> list[str]:
    """The lines of a vertex's label: its type, its short name, and what else matters."""
    lines = [row.type, short_name(row)]
    props = row.properties
    if row.type == "Approval" and "ModelApprovalStatus" in props:
        lines[1] = short_uri(row.source_uri)
        lines.append(f"{props['ModelApprovalStatus']} by {who(props.get('ChangedBy', '?'))}")
        lines.append(props.get("ChangedAt", "").replace("T", " "))
    elif row.kind == TRIAL_COMPONENT and row.status:
        lines.append(row.status)
    return [clip(line) for line in lines if line]
