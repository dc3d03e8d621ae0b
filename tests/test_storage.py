"""The S3 stand-in: buckets, objects, ETags, the size cap and S3's own error codes."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ServiceError
from mlgov_sim.storage import MAX_OBJECT_BYTES

OTHER = "444455556666"


def refused(world: World, operation: str, params: dict, principal: str = "admin") -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        world.call(operation, params, principal)
    return caught.value


def other_account(world: World) -> None:
    """`other`, acting in account 444455556666 through a role that may do anything in S3."""
    world.add_role("Other", [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], account=OTHER)
    arn = f"arn:aws:sts::{OTHER}:assumed-role/Other/other"
    world.add_principal("other", account=OTHER, arn=arn, role="Other")


@pytest.fixture
def bucket(world: World) -> World:
    world.call("s3:CreateBucket", {"Bucket": "churn-data"})
    return world


class TestBuckets:
    def test_create_bucket_in_us_east_1_answers_with_its_path(self, world: World) -> None:
        """In us-east-1 the Location is `/bucket`, as S3 answers there."""
        assert world.call("s3:CreateBucket", {"Bucket": "churn-data"}) == {
            "Location": "/churn-data"
        }

    def test_create_bucket_elsewhere_needs_the_regions_location_constraint(self) -> None:
        """Outside us-east-1 the LocationConstraint must name the Region, as AWS requires."""
        world = World.create(region="eu-west-1")
        error = refused(world, "s3:CreateBucket", {"Bucket": "churn-data"})
        assert (error.code, error.http_status) == ("IllegalLocationConstraintException", 400)
        assert error.message.startswith(
            "The unspecified location constraint is incompatible for the region specific "
            "endpoint this request was sent to."
        )
        wrong = {
            "Bucket": "churn-data",
            "CreateBucketConfiguration": {"LocationConstraint": "eu-west-2"},
        }
        assert refused(world, "s3:CreateBucket", wrong).message == (
            "The eu-west-2 location constraint is incompatible for the region specific endpoint "
            "this request was sent to."
        )
        right = {
            "Bucket": "churn-data",
            "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"},
        }
        assert world.call("s3:CreateBucket", right) == {
            "Location": "http://churn-data.s3.amazonaws.com/"
        }

    def test_us_east_1_is_never_named_as_a_constraint(self, world: World) -> None:
        """us-east-1 is the unnamed default: botocore's enum of constraints lacks it."""
        params = {"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "us-east-1"}}
        error = refused(world, "s3:CreateBucket", params)
        assert error.code == "ValidationException"
        assert "Member must satisfy enum value set" in error.message

    def test_recreating_your_own_bucket_succeeds_in_us_east_1(self, bucket: World) -> None:
        """S3's legacy behaviour in us-east-1: 200 OK, nothing changes."""
        assert bucket.call("s3:CreateBucket", {"Bucket": "churn-data"}) == {
            "Location": "/churn-data"
        }
        assert len(bucket.call("s3:ListBuckets")["Buckets"]) == 1

    def test_recreating_your_own_bucket_elsewhere_is_bucket_already_owned_by_you(self) -> None:
        """Outside us-east-1 it is BucketAlreadyOwnedByYou, HTTP 409."""
        world = World.create(region="eu-west-1")
        params = {"Bucket": "b-1", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}
        world.call("s3:CreateBucket", params)
        error = refused(world, "s3:CreateBucket", params)
        assert (error.code, error.http_status) == ("BucketAlreadyOwnedByYou", 409)
        assert error.message == (
            "Your previous request to create the named bucket succeeded and you already own it."
        )

    def test_a_name_another_account_holds_is_bucket_already_exists(self, bucket: World) -> None:
        """Bucket names are global: another account's name is taken (409)."""
        other_account(bucket)
        error = refused(bucket, "s3:CreateBucket", {"Bucket": "churn-data"}, "other")
        assert (error.code, error.http_status) == ("BucketAlreadyExists", 409)
        assert "The bucket namespace is shared by all users of the system" in error.message

    @pytest.mark.parametrize(
        ("name", "rule"),
        [
            ("ab", "must be 3 to 63 characters long"),
            ("Churn-Data", "may only use lowercase letters, digits, dots (.) and hyphens (-)"),
            ("churn_data", "may only use lowercase letters, digits, dots (.) and hyphens (-)"),
            ("-churn", "must begin and end with a letter or a digit"),
            ("churn..data", "must not hold two adjacent dots"),
            ("192.168.5.4", "must not look like an IP address"),
            ("xn--churn", "must not start with the reserved prefix 'xn--'"),
            ("churn-s3alias", "must not end with the reserved suffix '-s3alias'"),
        ],
    )
    def test_bucket_naming_rules(self, world: World, name: str, rule: str) -> None:
        """A name S3 refuses is InvalidBucketName, saying which rule it breaks."""
        error = refused(world, "s3:CreateBucket", {"Bucket": name})
        assert error.code == "InvalidBucketName"
        assert error.message == f"The specified bucket is not valid: {name!r} {rule}."

    def test_list_buckets_lists_the_callers_own_by_name(self, world: World) -> None:
        """Other accounts' buckets are not listed; the owner is the account's canonical ID."""
        for name in ("zeta", "alpha"):
            world.call("s3:CreateBucket", {"Bucket": name})
        other_account(world)
        world.call("s3:CreateBucket", {"Bucket": "theirs"}, "other")
        listed = world.call("s3:ListBuckets")
        assert [(b["Name"], b["BucketRegion"]) for b in listed["Buckets"]] == [
            ("alpha", "us-east-1"),
            ("zeta", "us-east-1"),
        ]
        owner = listed["Owner"]["ID"]
        assert len(owner) == 64
        assert owner != world.call("s3:ListBuckets", principal="other")["Owner"]["ID"]

    def test_list_buckets_pages_and_filters(self, world: World) -> None:
        """MaxBuckets pages with a ContinuationToken; Prefix filters."""
        for name in ("data-a", "data-b", "data-c", "models"):
            world.call("s3:CreateBucket", {"Bucket": name})
        first = world.call("s3:ListBuckets", {"MaxBuckets": 2, "Prefix": "data-"})
        assert [b["Name"] for b in first["Buckets"]] == ["data-a", "data-b"]
        rest = world.call(
            "s3:ListBuckets",
            {"MaxBuckets": 2, "Prefix": "data-", "ContinuationToken": first["ContinuationToken"]},
        )
        assert [b["Name"] for b in rest["Buckets"]] == ["data-c"]
        assert "ContinuationToken" not in rest
        assert refused(world, "s3:ListBuckets", {"ContinuationToken": "nope"}).code == (
            "InvalidArgument"
        )


class TestObjects:
    def test_etag_is_the_quoted_md5_of_the_body(self, bucket: World) -> None:
        """ETag = "md5hex", on PutObject, GetObject, HeadObject and in listings."""
        body = b"a,b\n1,2\n"
        expected = '"' + hashlib.md5(body).hexdigest() + '"'
        put = bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "k", "Body": body})
        assert put == {"ETag": expected, "ServerSideEncryption": "AES256"}
        assert (
            bucket.call("s3:HeadObject", {"Bucket": "churn-data", "Key": "k"})["ETag"] == expected
        )
        listed = bucket.call("s3:ListObjectsV2", {"Bucket": "churn-data"})
        assert listed["Contents"][0]["ETag"] == expected

    def test_text_bodies_are_stored_as_utf8_and_come_back_as_bytes(self, bucket: World) -> None:
        """A str Body (a scenario's inline data) is its UTF-8 bytes; GetObject returns bytes."""
        bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "t.csv", "Body": "é,b\n"})
        got = bucket.call("s3:GetObject", {"Bucket": "churn-data", "Key": "t.csv"})
        assert got["Body"] == "é,b\n".encode()
        assert got["ContentLength"] == 5

    def test_get_and_head_report_what_put_stored(self, bucket: World) -> None:
        """Content type, metadata and headers given on PutObject come back, timed by the clock."""
        bucket.advance(timedelta(minutes=5))
        bucket.call(
            "s3:PutObject",
            {
                "Bucket": "churn-data",
                "Key": "train.csv",
                "Body": b"x",
                "ContentType": "text/csv",
                "Metadata": {"owner": "risk"},
                "CacheControl": "no-cache",
            },
        )
        head = bucket.call("s3:HeadObject", {"Bucket": "churn-data", "Key": "train.csv"})
        assert head == {
            "AcceptRanges": "bytes",
            "LastModified": bucket.now,
            "ContentLength": 1,
            "ETag": '"9dd4e461268c8034f5c8564e155c67a6"',
            "ContentType": "text/csv",
            "ServerSideEncryption": "AES256",
            "Metadata": {"owner": "risk"},
            "CacheControl": "no-cache",
        }
        got = bucket.call("s3:GetObject", {"Bucket": "churn-data", "Key": "train.csv"})
        assert got == {**head, "Body": b"x"}

    def test_default_content_type_is_s3s(self, bucket: World) -> None:
        """Without a ContentType, S3 records binary/octet-stream."""
        bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "k", "Body": b""})
        head = bucket.call("s3:HeadObject", {"Bucket": "churn-data", "Key": "k"})
        assert (head["ContentType"], head["ContentLength"]) == ("binary/octet-stream", 0)

    def test_put_replaces_the_object_under_a_key(self, bucket: World) -> None:
        """A second PutObject on a key replaces the first (no versioning)."""
        for body in (b"old", b"new"):
            bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "k", "Body": body})
        assert bucket.call("s3:GetObject", {"Bucket": "churn-data", "Key": "k"})["Body"] == b"new"
        assert bucket.call("s3:ListObjectsV2", {"Bucket": "churn-data"})["KeyCount"] == 1

    def test_missing_key_is_no_such_key_404(self, bucket: World) -> None:
        """GetObject and HeadObject of a missing key: NoSuchKey, HTTP 404, S3's message."""
        for operation in ("s3:GetObject", "s3:HeadObject"):
            error = refused(bucket, operation, {"Bucket": "churn-data", "Key": "nope"})
            assert (error.code, error.http_status, error.message) == (
                "NoSuchKey",
                404,
                "The specified key does not exist.",
            )

    @pytest.mark.parametrize(
        ("operation", "params"),
        [
            ("s3:PutObject", {"Key": "k", "Body": b"x"}),
            ("s3:GetObject", {"Key": "k"}),
            ("s3:HeadObject", {"Key": "k"}),
            ("s3:DeleteObject", {"Key": "k"}),
            ("s3:ListObjectsV2", {}),
        ],
    )
    def test_missing_bucket_is_no_such_bucket_404(
        self, world: World, operation: str, params: dict
    ) -> None:
        """Every object operation on a bucket that does not exist: NoSuchBucket, 404."""
        error = refused(world, operation, {"Bucket": "nowhere", **params})
        assert (error.code, error.http_status, error.message) == (
            "NoSuchBucket",
            404,
            "The specified bucket does not exist",
        )

    def test_delete_removes_and_deleting_nothing_succeeds(self, bucket: World) -> None:
        """DeleteObject removes the object; a key that holds nothing is deleted without error."""
        bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "k", "Body": b"x"})
        assert bucket.call("s3:DeleteObject", {"Bucket": "churn-data", "Key": "k"}) == {}
        assert refused(bucket, "s3:GetObject", {"Bucket": "churn-data", "Key": "k"}).code == (
            "NoSuchKey"
        )
        assert bucket.call("s3:DeleteObject", {"Bucket": "churn-data", "Key": "k"}) == {}


class TestSizeCap:
    def test_an_object_of_exactly_the_cap_is_kept(self, bucket: World) -> None:
        """5 MiB is the most one object holds; that much is accepted."""
        body = b"0" * MAX_OBJECT_BYTES
        bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "big", "Body": body})
        head = bucket.call("s3:HeadObject", {"Bucket": "churn-data", "Key": "big"})
        assert head["ContentLength"] == MAX_OBJECT_BYTES == 5 * 1024 * 1024

    def test_one_byte_more_is_entity_too_large_and_nothing_is_stored(self, bucket: World) -> None:
        """Beyond the cap: EntityTooLarge, naming the size and the cap; the key stays empty."""
        body = b"0" * (MAX_OBJECT_BYTES + 1)
        error = refused(
            bucket, "s3:PutObject", {"Bucket": "churn-data", "Key": "big", "Body": body}
        )
        assert (error.code, error.http_status) == ("EntityTooLarge", 400)
        assert error.message == (
            "Your proposed upload exceeds the maximum allowed size: 5242881 bytes, where mlgov-sim "
            "keeps objects of up to 5242880 bytes (5 MiB)."
        )
        assert refused(bucket, "s3:HeadObject", {"Bucket": "churn-data", "Key": "big"}).code == (
            "NoSuchKey"
        )


class TestAudit:
    def test_s3_calls_are_audited_with_their_s3_arn(self, bucket: World) -> None:
        """The audit trail names the bucket or object ARN each S3 call acted on."""
        bucket.call("s3:PutObject", {"Bucket": "churn-data", "Key": "a/b.csv", "Body": b"x"})
        bucket.call("s3:ListObjectsV2", {"Bucket": "churn-data"})
        assert [(e.operation, e.target_arn) for e in bucket.audit_log()] == [
            ("s3:CreateBucket", "arn:aws:s3:::churn-data"),
            ("s3:PutObject", "arn:aws:s3:::churn-data/a/b.csv"),
            ("s3:ListObjectsV2", "arn:aws:s3:::churn-data"),
        ]
