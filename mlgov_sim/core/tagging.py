"""Tags on SageMaker resources: AddTags, ListTags, DeleteTags for every taggable kind.

Tags are one table keyed by ARN. Each feature says which of its ARNs exist with
`register_taggable("model-package-group", exists)`, so tagging needs to know
nothing about features. Tags are read and written with Core statements built
once, on the call's connection (or any `Database`), as the registry's rows are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlmodel import Field, SQLModel

from mlgov_sim.core import arn as arns
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page

MAX_TAGS = 50

Exists = Callable[[Database, str], bool]
TagOwner = Callable[[Database, str], str | None]
_TAGGABLE: dict[str, Exists] = {}
_TAG_OWNERS: dict[str, TagOwner] = {}


class ResourceTag(SQLModel, table=True):
    """One tag on one resource."""

    __tablename__ = "resource_tag"

    arn: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    value: str = ""
    position: int = 0  # keeps ListTags in the order tags were added


_TAGS: Table = ResourceTag.__table__  # type: ignore[attr-defined]
_TAGS_OF = (
    select(_TAGS.c.key, _TAGS.c.value)
    .where(_TAGS.c.arn == bindparam("arn"))
    .order_by(_TAGS.c.position)
)
_POSITIONS = select(_TAGS.c.key, _TAGS.c.position).where(_TAGS.c.arn == bindparam("arn"))
_INSERT_TAG = insert(_TAGS)
_UPDATE_TAG = (
    update(_TAGS)
    .where(_TAGS.c.arn == bindparam("tag_arn"), _TAGS.c.key == bindparam("tag_key"))
    .values(value=bindparam("tag_value"))
)
_DROP_TAGS = delete(_TAGS).where(_TAGS.c.arn == bindparam("arn"))
_DELETE_KEYS = delete(_TAGS).where(
    _TAGS.c.arn == bindparam("arn"), _TAGS.c.key.in_(bindparam("keys", expanding=True))
)
# What a ListTags NextToken is tied to (the row class's name, as tokens have always been made).
_LISTING = ResourceTag.__name__


def register_taggable(
    resource_type: str, exists: Exists, tag_owner: TagOwner | None = None
) -> None:
    """Declare that ARNs of `resource_type` (`model-package-group`) can carry tags.

    `tag_owner` names, for a resource that uses another one's tags (a model
    package version uses its group's), the ARN whose tags it uses; such a
    resource cannot be tagged itself.
    """
    _TAGGABLE[resource_type] = exists
    if tag_owner is not None:
        _TAG_OWNERS[resource_type] = tag_owner


def tags_of(db: Database, arn: str) -> list[dict[str, str]]:
    """The tags on `arn`, in the order they were added."""
    return [{"Key": key, "Value": value} for key, value in db.execute(_TAGS_OF, {"arn": arn})]


def set_tags(db: Database, arn: str, tags: list[dict[str, Any]]) -> None:
    """Add or overwrite `tags` on `arn` (AddTags semantics), refusing more than 50 in all."""
    for tag in tags:
        if tag["Key"].lower().startswith("aws:"):
            raise ValidationException(
                f"Tag keys starting with 'aws:' are reserved for AWS use: {tag['Key']}"
            )
    existing: dict[str, int] = dict(db.execute(_POSITIONS, {"arn": arn}).all())  # key -> position
    new_keys = {tag["Key"] for tag in tags} - set(existing)
    if len(existing) + len(new_keys) > MAX_TAGS:
        raise ValidationException(
            f"A resource can have at most {MAX_TAGS} tags; {arn} would have "
            f"{len(existing) + len(new_keys)}."
        )
    position = max(existing.values(), default=0)
    added: dict[str, dict[str, Any]] = {}  # a key given twice is added once, with its last value
    changed: dict[str, str] = {}
    for tag in tags:
        key, value = tag["Key"], tag.get("Value", "")
        if key in added:
            added[key]["value"] = value
        elif key in existing:
            changed[key] = value
        else:
            position += 1
            added[key] = {"arn": arn, "key": key, "value": value, "position": position}
    if changed:
        db.execute(
            _UPDATE_TAG,
            [{"tag_arn": arn, "tag_key": k, "tag_value": v} for k, v in changed.items()],
        )
    if added:
        db.execute(_INSERT_TAG, list(added.values()))


def effective_tags(db: Database, arn: str) -> list[dict[str, str]]:
    """The tags that apply to `arn` (a version's are its group's), for IAM conditions.

    Unlike ListTags this never refuses: a resource that does not exist (yet)
    simply has no tags.
    """
    parsed = arns.parse(arn)
    if parsed is None or parsed.resource_type not in _TAGGABLE:
        return []
    owner = _TAG_OWNERS.get(parsed.resource_type)
    holder = (owner(db, arn) if owner else None) or arn
    return tags_of(db, holder)


def drop_tags(db: Database, arn: str) -> None:
    """Remove every tag of a deleted resource."""
    db.execute(_DROP_TAGS, {"arn": arn})


def _tags_holder(call: Call, arn: str) -> str:
    """The ARN whose tags `arn` carries: itself, or the resource it uses the tags of."""
    parsed = arns.parse(arn)
    exists = _TAGGABLE.get(parsed.resource_type) if parsed else None
    if parsed is None or parsed.service != "sagemaker" or exists is None:
        raise ValidationException(f"{arn} is not the ARN of a taggable SageMaker resource.")
    if not exists(call.db, arn):
        raise ValidationException(f"Resource {arn} does not exist.")
    owner = _TAG_OWNERS.get(parsed.resource_type)
    return (owner(call.db, arn) if owner else None) or arn


def _require_own_tags(call: Call, arn: str) -> None:
    holder = _tags_holder(call, arn)
    if holder != arn:
        raise ValidationException(
            f"{arn} is a model package version, which does not support tags: it uses the "
            f"tags of its model package group ({holder}). Tag the group, or describe the "
            "version with CustomerMetadataProperties."
        )


def _resource_arn(call: Call, params: dict[str, Any]) -> str | None:
    return params.get("ResourceArn")


@operation("sagemaker:AddTags", resource=_resource_arn)
def add_tags(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Adds or overwrites tags on a SageMaker resource.

    Taggable here: model package groups, unversioned model packages, and what
    later features register. A model package version is refused: it uses its
    group's tags (AWS's registry FAQ).
    """
    _require_own_tags(call, params["ResourceArn"])
    set_tags(call.db, params["ResourceArn"], params["Tags"])
    return {"Tags": params["Tags"]}


@operation("sagemaker:ListTags", resource=_resource_arn)
def list_tags(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the tags on a SageMaker resource, in the order they were added.

    For a model package version, these are its group's tags.
    """
    holder = _tags_holder(call, params["ResourceArn"])
    statement = _TAGS_OF.params(arn=holder)
    rows, token = page(call.db, statement, params, listing=_LISTING, default_size=MAX_TAGS)
    return {"Tags": [{"Key": key, "Value": value} for key, value in rows], "NextToken": token}


@operation("sagemaker:DeleteTags", resource=_resource_arn)
def delete_tags(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Removes tags by key; keys the resource does not carry are ignored, as AWS does."""
    _require_own_tags(call, params["ResourceArn"])
    call.db.execute(_DELETE_KEYS, {"arn": params["ResourceArn"], "keys": params["TagKeys"]})
    return {}
