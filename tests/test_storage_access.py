"""IAM on the S3 stand-in: S3 ARNs and actions, its AccessDenied, the bucket owner's account."""

from __future__ import annotations

from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core import authorize
from mlgov_sim.core.errors import AccessDenied, ServiceError

HOME = "111122223333"
OTHER = "444455556666"
READ_DATA = [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::lake"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::lake/data/*"},
]


def with_role(world: World, name: str, policies: list[Any], account: str = HOME) -> None:
    """A principal `name` acting through a role of the same name, in `account`."""
    world.add_role(name, policies, account=account)
    arn = f"arn:aws:sts::{account}:assumed-role/{name}/{name.lower()}"
    world.add_principal(name.lower(), account=account, arn=arn, role=name)


def refused(world: World, operation: str, params: dict[str, Any], who: str) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        world.call(operation, params, who)
    return caught.value


@pytest.fixture
def lake(world: World) -> World:
    world.call("s3:CreateBucket", {"Bucket": "lake"})
    for key in ("data/train.csv", "secret/salaries.csv"):
        world.call("s3:PutObject", {"Bucket": "lake", "Key": key, "Body": b"a,b\n"})
    with_role(world, "Reader", READ_DATA)
    return world


class TestActionsAndResources:
    def test_get_object_is_checked_on_the_object_arn(self, lake: World) -> None:
        """s3:GetObject on `arn:aws:s3:::lake/data/*` reads data/ and nothing else."""
        got = lake.call("s3:GetObject", {"Bucket": "lake", "Key": "data/train.csv"}, "reader")
        assert got["Body"] == b"a,b\n"
        error = refused(
            lake, "s3:GetObject", {"Bucket": "lake", "Key": "secret/salaries.csv"}, "reader"
        )
        assert (error.code, error.http_status) == ("AccessDenied", 403)
        assert error.message.startswith(
            "User: arn:aws:sts::111122223333:assumed-role/Reader/reader is not authorized to "
            "perform: s3:GetObject on resource: arn:aws:s3:::lake/secret/salaries.csv because no "
            "identity-based policy allows the s3:GetObject action."
        )

    def test_list_objects_v2_is_authorised_as_s3_list_bucket_on_the_bucket(
        self, lake: World
    ) -> None:
        """IAM has no s3:ListObjectsV2: listing needs s3:ListBucket on `arn:aws:s3:::lake`."""
        assert lake.call("s3:ListObjectsV2", {"Bucket": "lake"}, "reader")["KeyCount"] == 2
        with_role(
            lake,
            "Literal",
            [{"Effect": "Allow", "Action": "s3:ListObjectsV2", "Resource": "*"}],
        )
        error = refused(lake, "s3:ListObjectsV2", {"Bucket": "lake"}, "literal")
        assert "not authorized to perform: s3:ListBucket on resource: arn:aws:s3:::lake" in (
            error.message
        )

    def test_head_object_is_authorised_as_s3_get_object(self, lake: World) -> None:
        """HeadObject needs s3:GetObject, as in S3."""
        head = lake.call("s3:HeadObject", {"Bucket": "lake", "Key": "data/train.csv"}, "reader")
        assert head["ContentLength"] == 4

    def test_list_buckets_is_s3_list_all_my_buckets(self, lake: World) -> None:
        """ListBuckets needs s3:ListAllMyBuckets; the reader lacks it."""
        error = refused(lake, "s3:ListBuckets", {}, "reader")
        assert "s3:ListAllMyBuckets" in error.message

    def test_writing_needs_s3_put_object(self, lake: World) -> None:
        """PutObject and DeleteObject are refused to a read-only role, and change nothing."""
        put = {"Bucket": "lake", "Key": "data/train.csv", "Body": b"tampered"}
        assert refused(lake, "s3:PutObject", put, "reader").code == "AccessDenied"
        delete = {"Bucket": "lake", "Key": "data/train.csv"}
        assert "s3:DeleteObject" in refused(lake, "s3:DeleteObject", delete, "reader").message
        assert lake.call("s3:GetObject", delete)["Body"] == b"a,b\n"

    def test_an_explicit_deny_names_its_statement(self, lake: World) -> None:
        """A Deny statement decides, and the refusal says which."""
        with_role(
            lake,
            "Guarded",
            [
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {
                    "Sid": "NoSecrets",
                    "Effect": "Deny",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::lake/secret/*",
                },
            ],
        )
        error = refused(
            lake, "s3:GetObject", {"Bucket": "lake", "Key": "secret/salaries.csv"}, "guarded"
        )
        assert 'Sid "NoSecrets"' in error.message

    def test_the_s3_prefix_condition_key_limits_a_listing(self, lake: World) -> None:
        """`s3:prefix` lets a policy allow listing one folder only."""
        with_role(
            lake,
            "Folder",
            [
                {
                    "Effect": "Allow",
                    "Action": "s3:ListBucket",
                    "Resource": "arn:aws:s3:::lake",
                    "Condition": {"StringLike": {"s3:prefix": "data/*"}},
                }
            ],
        )
        listed = lake.call("s3:ListObjectsV2", {"Bucket": "lake", "Prefix": "data/"}, "folder")
        assert listed["KeyCount"] == 1
        assert refused(lake, "s3:ListObjectsV2", {"Bucket": "lake"}, "folder").code == (
            "AccessDenied"
        )


class TestOwnerAccount:
    def test_another_accounts_bucket_needs_a_bucket_policy(self, lake: World) -> None:
        """The bucket belongs to 111122223333; across accounts the role's Allow is not enough."""
        with_role(lake, "Outsider", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], OTHER)
        error = refused(
            lake, "s3:GetObject", {"Bucket": "lake", "Key": "data/train.csv"}, "outsider"
        )
        assert error.code == "AccessDenied"
        assert "the resource belongs to account 111122223333" in error.message

    def test_creating_a_bucket_is_checked_in_the_callers_account(self, lake: World) -> None:
        """A new bucket is the caller's, so the caller's Allow suffices: the name is just taken."""
        with_role(lake, "Outsider", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], OTHER)
        assert refused(lake, "s3:CreateBucket", {"Bucket": "lake"}, "outsider").code == (
            "BucketAlreadyExists"
        )
        lake.call("s3:CreateBucket", {"Bucket": "their-lake"}, "outsider")
        listed = lake.call("s3:ListBuckets", {}, "outsider")
        assert [b["Name"] for b in listed["Buckets"]] == ["their-lake"]

    def test_the_resource_account_condition_key_is_the_bucket_owners(self, lake: World) -> None:
        """aws:ResourceAccount, for an S3 ARN, is the account that owns the bucket."""
        with_role(
            lake,
            "HomeOnly",
            [
                {
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:ResourceAccount": HOME}},
                }
            ],
        )
        params = {"Bucket": "lake", "Key": "data/train.csv"}
        assert lake.call("s3:GetObject", params, "homeonly")["ContentLength"] == 4


class TestRoleChecks:
    def test_check_role_evaluates_a_role_assumed_by_a_service(self, lake: World) -> None:
        """A service acting with a role is checked as `assumed-role/NAME/SageMaker`."""
        role = f"arn:aws:iam::{HOME}:role/Reader"
        with lake.reading() as session:
            authorize.check_role(session, role, "s3:GetObject", "arn:aws:s3:::lake/data/train.csv")
            with pytest.raises(AccessDenied) as caught:
                authorize.check_role(
                    session, role, "s3:GetObject", "arn:aws:s3:::lake/secret/salaries.csv"
                )
        assert caught.value.message.startswith(
            "User: arn:aws:sts::111122223333:assumed-role/Reader/SageMaker is not authorized"
        )

    def test_a_role_the_world_lacks_allows_nothing(self, lake: World) -> None:
        """An unknown role (or one named in another account) has no policies."""
        with lake.reading() as session:
            assert authorize.role_exists(session, f"arn:aws:iam::{HOME}:role/Reader")
            assert not authorize.role_exists(session, f"arn:aws:iam::{OTHER}:role/Reader")
            assert not authorize.role_exists(session, f"arn:aws:iam::{HOME}:role/Ghost")
            with pytest.raises(AccessDenied):
                authorize.check_role(
                    session,
                    f"arn:aws:iam::{OTHER}:role/Reader",
                    "s3:GetObject",
                    "arn:aws:s3:::lake/data/train.csv",
                )
