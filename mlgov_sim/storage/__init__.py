"""The S3 stand-in: buckets and objects kept in the world, reached through `s3:` operations.

Importing the package registers its operations, and tells the kernel's IAM
check what S3 does differently: its ARNs (`arn:aws:s3:::bucket/key`) carry no
account, so a bucket's owner is looked up; ListObjectsV2 is authorised as
`s3:ListBucket` and HeadObject as `s3:GetObject`; and a refusal is S3's
`AccessDenied` (HTTP 403).

Other features read and write objects with `read`, `write` and `keys_under`
(a training job's data and model), doing their own IAM check for the role
they act with.
"""

from mlgov_sim.core.authorize import register_iam_action, register_refusal, register_resource_owner
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import AccessDenied
from mlgov_sim.storage import buckets, listing, objects, store
from mlgov_sim.storage.naming import bucket_arn, bucket_of_arn, object_arn, split_uri
from mlgov_sim.storage.objects import MAX_OBJECT_BYTES, etag_of, read, write
from mlgov_sim.storage.store import Entry, Object


def bucket_owner(db: Database, arn: str) -> str | None:
    """The account owning the bucket an S3 ARN names; None when there is no such bucket."""
    name = bucket_of_arn(arn)
    found = store.find_bucket(db, name) if name else None
    return found.account if found else None


def bucket_exists(db: Database, name: str) -> bool:
    """Whether a bucket of that name exists, in any account."""
    return store.find_bucket(db, name) is not None


def keys_under(db: Database, bucket: str, prefix: str) -> list[Entry]:
    """Every object whose key starts with `prefix`, in key order (an S3Prefix data source)."""
    found = []
    for entry in store.entries_from(db, bucket, prefix):
        if not entry.key.startswith(prefix):
            break
        found.append(entry)
    return found


register_resource_owner("s3", bucket_owner)
register_refusal("s3", AccessDenied)
register_iam_action("s3:ListObjectsV2", "s3:ListBucket")
register_iam_action("s3:HeadObject", "s3:GetObject")
register_iam_action("s3:ListBuckets", "s3:ListAllMyBuckets")

__all__ = [
    "MAX_OBJECT_BYTES",
    "Entry",
    "Object",
    "bucket_arn",
    "bucket_exists",
    "bucket_owner",
    "buckets",
    "etag_of",
    "keys_under",
    "listing",
    "object_arn",
    "objects",
    "read",
    "split_uri",
    "write",
]
