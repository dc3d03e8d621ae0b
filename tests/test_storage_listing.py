"""ListObjectsV2: order, Prefix, Delimiter and CommonPrefixes, MaxKeys pages and their tokens."""

from __future__ import annotations

from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ServiceError

KEYS = [
    "data/2025/01/train.csv",
    "data/2025/01/validation.csv",
    "data/2025/02/train.csv",
    "data/readme.txt",
    "data/zz.csv",
    "models/churn/model.tar.gz",
    "top.csv",
]


@pytest.fixture
def world() -> World:
    world = World.create()
    world.call("s3:CreateBucket", {"Bucket": "lake"})
    for key in reversed(KEYS):  # stored out of order: the listing sorts
        world.call("s3:PutObject", {"Bucket": "lake", "Key": key, "Body": key.encode()})
    return world


def listing(world: World, **params: Any) -> dict[str, Any]:
    return world.call("s3:ListObjectsV2", {"Bucket": "lake", **params})


def keys(response: dict[str, Any]) -> list[str]:
    return [item["Key"] for item in response.get("Contents", [])]


def prefixes(response: dict[str, Any]) -> list[str]:
    return [item["Prefix"] for item in response.get("CommonPrefixes", [])]


def every_page(world: World, **params: Any) -> list[dict[str, Any]]:
    pages = [listing(world, **params)]
    while pages[-1]["IsTruncated"]:
        pages.append(listing(world, **params, ContinuationToken=pages[-1]["NextContinuationToken"]))
    return pages


class TestOrderAndPrefix:
    def test_every_key_in_key_order_with_s3s_fields(self, world: World) -> None:
        """Without arguments: all keys, sorted, each with size, ETag, time and storage class."""
        response = listing(world)
        assert keys(response) == KEYS
        assert response["KeyCount"] == len(KEYS)
        assert response["IsTruncated"] is False
        assert (response["Name"], response["Prefix"], response["MaxKeys"]) == ("lake", "", 1000)
        first = response["Contents"][0]
        assert set(first) == {"Key", "LastModified", "ETag", "Size", "StorageClass"}
        assert (first["Size"], first["StorageClass"]) == (len(KEYS[0]), "STANDARD")
        assert "NextContinuationToken" not in response

    def test_prefix_keeps_only_the_keys_that_start_with_it(self, world: World) -> None:
        """Prefix is plain text, not a folder: `data/2025/0` matches both months."""
        assert keys(listing(world, Prefix="data/2025/0")) == KEYS[:3]
        assert keys(listing(world, Prefix="models/")) == ["models/churn/model.tar.gz"]
        assert keys(listing(world, Prefix="nothing/")) == []

    def test_an_empty_listing_has_no_contents_key(self, world: World) -> None:
        """As boto3 shows it: no `Contents` at all, KeyCount 0."""
        response = listing(world, Prefix="nothing/")
        assert "Contents" not in response
        assert response["KeyCount"] == 0

    def test_prefix_is_case_sensitive(self, world: World) -> None:
        """`Data/` is not `data/` (keys compare byte for byte)."""
        assert keys(listing(world, Prefix="Data/")) == []


class TestDelimiter:
    def test_delimiter_rolls_keys_into_common_prefixes(self, world: World) -> None:
        """Keys holding the delimiter after the prefix become one CommonPrefixes entry each."""
        response = listing(world, Delimiter="/")
        assert keys(response) == ["top.csv"]
        assert prefixes(response) == ["data/", "models/"]
        assert response["KeyCount"] == 3
        assert response["Delimiter"] == "/"

    def test_prefix_and_delimiter_browse_one_level(self, world: World) -> None:
        """Prefix `data/` with `/`: the files directly under it, and its sub-folders."""
        response = listing(world, Prefix="data/", Delimiter="/")
        assert keys(response) == ["data/readme.txt", "data/zz.csv"]
        assert prefixes(response) == ["data/2025/"]

    def test_a_delimiter_other_than_slash(self, world: World) -> None:
        """Any text can delimit: `.` rolls up everything before the first dot."""
        response = listing(world, Prefix="data/2025/01/", Delimiter=".")
        assert prefixes(response) == ["data/2025/01/train.", "data/2025/01/validation."]
        assert keys(response) == []


class TestPages:
    def test_max_keys_pages_with_continuation_tokens(self, world: World) -> None:
        """MaxKeys 3 gives pages of 3, 3, 1; together they are the whole listing."""
        pages = every_page(world, MaxKeys=3)
        assert [keys(page) for page in pages] == [KEYS[:3], KEYS[3:6], KEYS[6:]]
        assert [page["IsTruncated"] for page in pages] == [True, True, False]
        assert [page["KeyCount"] for page in pages] == [3, 3, 1]
        assert pages[1]["ContinuationToken"] == pages[0]["NextContinuationToken"]

    def test_common_prefixes_count_towards_max_keys_and_are_not_repeated(
        self, world: World
    ) -> None:
        """With a delimiter, a page of 1 holds a key or a prefix; no prefix comes twice."""
        pages = every_page(world, Delimiter="/", MaxKeys=1)
        assert [(keys(p), prefixes(p)) for p in pages] == [
            ([], ["data/"]),
            ([], ["models/"]),
            (["top.csv"], []),
        ]

    def test_paging_within_a_prefix_with_a_delimiter(self, world: World) -> None:
        """Pages of 2 under `data/`: the folder first, then the two files."""
        pages = every_page(world, Prefix="data/", Delimiter="/", MaxKeys=2)
        assert [(keys(p), prefixes(p)) for p in pages] == [
            (["data/readme.txt"], ["data/2025/"]),
            (["data/zz.csv"], []),
        ]

    def test_start_after_begins_after_a_key(self, world: World) -> None:
        """StartAfter need not be a key; the listing starts after it and echoes it."""
        response = listing(world, StartAfter="data/readme.txt")
        assert keys(response) == KEYS[4:]
        assert response["StartAfter"] == "data/readme.txt"
        assert keys(listing(world, StartAfter="m")) == KEYS[5:]

    def test_max_keys_zero_lists_nothing_and_is_not_truncated(self, world: World) -> None:
        """MaxKeys 0 asks for nothing; a client paging on IsTruncated stops at once."""
        response = listing(world, MaxKeys=0)
        assert (keys(response), response["IsTruncated"], response["KeyCount"]) == ([], False, 0)

    def test_more_than_1000_keys_is_capped_at_1000(self, world: World) -> None:
        """MaxKeys above 1000 gives at most 1000 keys, and says the MaxKeys asked for."""
        response = listing(world, MaxKeys=5000)
        assert response["MaxKeys"] == 5000
        assert keys(response) == KEYS

    def test_a_token_s3_never_issued_is_invalid_argument(self, world: World) -> None:
        """A made-up ContinuationToken is refused as S3 refuses it."""
        with pytest.raises(ServiceError) as caught:
            listing(world, ContinuationToken="not-a-token")
        assert (caught.value.code, caught.value.message) == (
            "InvalidArgument",
            "The continuation token provided is incorrect",
        )

    def test_negative_max_keys_is_invalid_argument(self, world: World) -> None:
        """MaxKeys below 0 is refused."""
        with pytest.raises(ServiceError) as caught:
            listing(world, MaxKeys=-1)
        assert caught.value.code == "InvalidArgument"


class TestOptions:
    def test_url_encoding_encodes_keys_and_prefixes(self, world: World) -> None:
        """EncodingType=url percent-encodes what it returns, keeping `/`."""
        world.call("s3:PutObject", {"Bucket": "lake", "Key": "odd name/é.csv", "Body": b""})
        response = listing(world, Prefix="odd name/", EncodingType="url")
        assert keys(response) == ["odd%20name/%C3%A9.csv"]
        assert response["Prefix"] == "odd%20name/"
        assert response["EncodingType"] == "url"

    def test_fetch_owner_adds_the_owner_to_each_key(self, world: World) -> None:
        """FetchOwner shows each object's owner (the bucket owner's canonical ID)."""
        response = listing(world, Prefix="top", FetchOwner=True)
        owner = world.call("s3:ListBuckets")["Owner"]["ID"]
        assert response["Contents"][0]["Owner"] == {"ID": owner}
