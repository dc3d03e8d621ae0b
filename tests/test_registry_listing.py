"""ListModelPackages, ListModelPackageGroups and BatchDescribeModelPackage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.world import DEFAULT_CLOCK

PREFIX = "arn:aws:sagemaker:us-east-1:111122223333"
IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1.0"
INFERENCE = {"Containers": [{"Image": IMAGE}]}
FOREIGN_TOKEN_MESSAGE = (
    "The NextToken does not belong to this request: pass the same filters "
    "as the request that returned it."
)


def version_arn(group: str, number: int) -> str:
    return f"{PREFIX}:model-package/{group}/{number}"


def create_group(world: World, name: str) -> None:
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": name})


def create_version(world: World, group: str, **extra: Any) -> str:
    out = world.call("CreateModelPackage", {"ModelPackageGroupName": group, **extra})
    return out["ModelPackageArn"]


def create_unversioned(world: World, name: str) -> str:
    out = world.call("CreateModelPackage", {"ModelPackageName": name})
    return out["ModelPackageArn"]


def packages(world: World, **params: Any) -> list[str]:
    """The ARNs ListModelPackages returns (one page)."""
    out = world.call("ListModelPackages", params)
    return [s["ModelPackageArn"] for s in out["ModelPackageSummaryList"]]


def groups(world: World, **params: Any) -> list[str]:
    """The names ListModelPackageGroups returns (one page)."""
    out = world.call("ListModelPackageGroups", params)
    return [s["ModelPackageGroupName"] for s in out["ModelPackageGroupSummaryList"]]


def walk(world: World, operation: str, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of a List call, following NextToken to the end."""
    pages: list[list[dict[str, Any]]] = []
    token: str | None = None
    while True:
        request = {**params, **({"NextToken": token} if token else {})}
        out = world.call(operation, request)
        pages.append(out[key])
        token = out.get("NextToken")
        if token is None:
            return pages
        assert len(pages) < 50, "NextToken never ran out"


def refused(world: World, operation: str, params: dict[str, Any]) -> str:
    with pytest.raises(ValidationException) as caught:
        world.call(operation, params)
    assert caught.value.code == "ValidationException"
    return caught.value.message


@pytest.fixture
def registry(world: World) -> World:
    """Groups churn (versions 1-3, a minute apart) and fraud (1), and unversioned alpha, beta.

    churn/2 is Approved, churn/3 Rejected, the others Pending. Creation order:
    churn/1, alpha, churn/2, fraud/1, beta, churn/3, each a minute after the last.
    """
    create_group(world, "churn")
    create_group(world, "fraud")
    steps = [
        lambda: create_version(world, "churn"),
        lambda: create_unversioned(world, "alpha"),
        lambda: create_version(world, "churn", ModelApprovalStatus="Approved"),
        lambda: create_version(world, "fraud"),
        lambda: create_unversioned(world, "beta"),
        lambda: create_version(world, "churn", ModelApprovalStatus="Rejected"),
    ]
    for step in steps:
        world.advance(timedelta(minutes=1))
        step()
    return world


ALPHA, BETA = f"{PREFIX}:model-package/alpha", f"{PREFIX}:model-package/beta"
C1, C2, C3 = (version_arn("churn", n) for n in (1, 2, 3))
F1 = version_arn("fraud", 1)
CREATION_ORDER = [C1, ALPHA, C2, F1, BETA, C3]
START = DEFAULT_CLOCK  # the fixture's first creation is START + 1 minute


def minute(n: int) -> str:
    """The ISO instant n minutes after the default clock's start."""
    return (START + timedelta(minutes=n)).isoformat()


class TestListModelPackagesKinds:
    def test_default_is_unversioned_without_a_group(self, registry: World) -> None:
        """Without a group, ListModelPackages lists only unversioned packages, as documented."""
        assert packages(registry) == [ALPHA, BETA]

    def test_a_group_lists_its_versions(self, registry: World) -> None:
        """With ModelPackageGroupName, the group's versions are listed (and nothing else)."""
        assert packages(registry, ModelPackageGroupName="churn") == [C1, C2, C3]

    def test_a_group_by_arn(self, registry: World) -> None:
        """ModelPackageGroupName may be the group's ARN."""
        group_arn = f"{PREFIX}:model-package-group/fraud"
        assert packages(registry, ModelPackageGroupName=group_arn) == [F1]

    def test_versioned_lists_every_groups_versions(self, registry: World) -> None:
        """ModelPackageType=Versioned lists the versions of all groups."""
        assert packages(registry, ModelPackageType="Versioned") == [C1, C2, F1, C3]

    def test_both_lists_everything(self, registry: World) -> None:
        """ModelPackageType=Both lists versions and unversioned packages together."""
        assert packages(registry, ModelPackageType="Both") == CREATION_ORDER

    def test_missing_group_lists_nothing(self, registry: World) -> None:
        """A group that does not exist lists no versions (AWS: UNCONFIRMED)."""
        assert packages(registry, ModelPackageGroupName="nope") == []

    def test_deleted_versions_are_not_listed(self, registry: World) -> None:
        """A deleted version disappears from the list."""
        registry.call("DeleteModelPackage", {"ModelPackageName": C2})
        assert packages(registry, ModelPackageGroupName="churn") == [C1, C3]

    def test_version_summaries_have_no_model_package_name(self, registry: World) -> None:
        """Version summaries omit ModelPackageName; unversioned ones carry it."""
        out = registry.call("ListModelPackages", {"ModelPackageType": "Both"})
        named = {
            s["ModelPackageArn"]: s.get("ModelPackageName") for s in out["ModelPackageSummaryList"]
        }
        assert named == {C1: None, ALPHA: "alpha", C2: None, F1: None, BETA: "beta", C3: None}

    def test_version_summary_fields(self, registry: World) -> None:
        """A version's summary carries its group, number, status, approval and time."""
        out = registry.call("ListModelPackages", {"ModelPackageGroupName": "churn"})
        assert out["ModelPackageSummaryList"][1] == {
            "ModelPackageGroupName": "churn",
            "ModelPackageVersion": 2,
            "ModelPackageArn": C2,
            "CreationTime": START + timedelta(minutes=3),
            "ModelPackageStatus": "Completed",
            "ModelApprovalStatus": "Approved",
            "ModelPackageRegistrationType": "Registered",
        }


class TestListModelPackagesFilters:
    @pytest.mark.parametrize(
        ("status", "expected"),
        [("Approved", [C2]), ("Rejected", [C3]), ("PendingManualApproval", [C1])],
    )
    def test_approval_status_filter(
        self, registry: World, status: str, expected: list[str]
    ) -> None:
        """ModelApprovalStatus keeps only the versions in that status."""
        assert packages(registry, ModelPackageGroupName="churn", ModelApprovalStatus=status) == (
            expected
        )

    def test_latest_approved_version(self, registry: World) -> None:
        """The CI/CD query (Approved, CreationTime Descending, 1 result) finds the latest one."""
        create_version(registry, "churn", ModelApprovalStatus="Approved")
        latest = packages(
            registry,
            ModelPackageGroupName="churn",
            ModelApprovalStatus="Approved",
            SortBy="CreationTime",
            SortOrder="Descending",
            MaxResults=1,
        )
        assert latest == [version_arn("churn", 4)]

    def test_name_contains_is_case_insensitive(self, registry: World) -> None:
        """NameContains matches part of the name, ignoring case."""
        assert packages(registry, NameContains="LPH") == [ALPHA]

    def test_name_contains_matches_a_versions_group_name(self, registry: World) -> None:
        """For versions, NameContains matches the group's name (AWS: UNCONFIRMED)."""
        assert packages(registry, ModelPackageType="Versioned", NameContains="frau") == [F1]

    def test_creation_time_after_is_strict(self, registry: World) -> None:
        """CreationTimeAfter keeps what was created strictly after the instant."""
        assert packages(registry, ModelPackageType="Both", CreationTimeAfter=minute(4)) == [
            BETA,
            C3,
        ]

    def test_creation_time_before_is_strict(self, registry: World) -> None:
        """CreationTimeBefore keeps what was created strictly before the instant."""
        assert packages(registry, ModelPackageType="Both", CreationTimeBefore=minute(3)) == [
            C1,
            ALPHA,
        ]

    def test_creation_time_window(self, registry: World) -> None:
        """After and Before together give a window."""
        window = {"CreationTimeAfter": minute(2), "CreationTimeBefore": minute(5)}
        assert packages(registry, ModelPackageType="Both", **window) == [C2, F1]

    def test_creation_time_accepts_a_datetime(self, registry: World) -> None:
        """The time filters take datetimes as boto3 users pass them."""
        after = START + timedelta(minutes=5)
        assert packages(registry, ModelPackageType="Both", CreationTimeAfter=after) == [C3]


class TestListModelPackagesOrder:
    @pytest.mark.parametrize(
        ("sort_by", "order", "expected"),
        [
            ("CreationTime", "Ascending", CREATION_ORDER),
            ("CreationTime", "Descending", CREATION_ORDER[::-1]),
            # versions are named after their group; equal names keep creation order
            ("Name", "Ascending", [ALPHA, BETA, C1, C2, C3, F1]),
            ("Name", "Descending", [F1, C3, C2, C1, BETA, ALPHA]),
        ],
    )
    def test_sort_by_and_order(
        self, registry: World, sort_by: str, order: str, expected: list[str]
    ) -> None:
        """SortBy Name|CreationTime combine with SortOrder Ascending|Descending."""
        assert packages(registry, ModelPackageType="Both", SortBy=sort_by, SortOrder=order) == (
            expected
        )

    def test_default_order_is_creation_time_ascending(self, registry: World) -> None:
        """Without SortBy/SortOrder, the oldest comes first (as documented)."""
        assert packages(registry, ModelPackageType="Both") == CREATION_ORDER

    def test_same_instant_keeps_creation_order(self, world: World) -> None:
        """Packages created at one simulated instant list in creation order, both ways."""
        arns = [create_unversioned(world, name) for name in ("p1", "p2", "p3")]
        assert packages(world) == arns
        assert packages(world, SortOrder="Descending") == arns[::-1]


class TestListModelPackagesPaging:
    @pytest.mark.parametrize("size", [1, 2, 4, 6, 7])
    def test_pages_cover_everything_once(self, registry: World, size: int) -> None:
        """Following NextToken yields every package exactly once, in order, in full pages."""
        pages = walk(
            registry,
            "ListModelPackages",
            "ModelPackageSummaryList",
            ModelPackageType="Both",
            MaxResults=size,
        )
        flat = [s["ModelPackageArn"] for page in pages for s in page]
        assert flat == CREATION_ORDER
        assert all(len(page) == size for page in pages[:-1])
        assert 1 <= len(pages[-1]) <= size

    def test_paging_follows_the_sort_order(self, registry: World) -> None:
        """Pages of a descending name sort join into the full descending list."""
        pages = walk(
            registry,
            "ListModelPackages",
            "ModelPackageSummaryList",
            ModelPackageType="Both",
            SortBy="Name",
            SortOrder="Descending",
            MaxResults=4,
        )
        assert [s["ModelPackageArn"] for page in pages for s in page] == [
            F1,
            C3,
            C2,
            C1,
            BETA,
            ALPHA,
        ]

    def test_last_page_has_no_token(self, registry: World) -> None:
        """A page that reaches the end carries no NextToken."""
        out = registry.call("ListModelPackages", {"ModelPackageType": "Both", "MaxResults": 6})
        assert "NextToken" not in out

    def test_default_page_size_is_ten(self, world: World) -> None:
        """Without MaxResults, a page holds 10 entries (the default: UNCONFIRMED)."""
        for i in range(12):
            create_unversioned(world, f"p{i}")
        out = world.call("ListModelPackages", {})
        assert len(out["ModelPackageSummaryList"]) == 10
        assert "NextToken" in out

    def test_token_with_different_filters_is_refused(self, registry: World) -> None:
        """A NextToken reused with other filters is refused."""
        token = registry.call("ListModelPackages", {"ModelPackageType": "Both", "MaxResults": 2})[
            "NextToken"
        ]
        message = refused(
            registry,
            "ListModelPackages",
            {"ModelPackageType": "Versioned", "MaxResults": 2, "NextToken": token},
        )
        assert message == FOREIGN_TOKEN_MESSAGE

    def test_token_with_another_page_size_is_accepted(self, registry: World) -> None:
        """MaxResults may change between pages; the token still points where it did."""
        token = registry.call("ListModelPackages", {"ModelPackageType": "Both", "MaxResults": 2})[
            "NextToken"
        ]
        rest = packages(registry, ModelPackageType="Both", MaxResults=10, NextToken=token)
        assert rest == CREATION_ORDER[2:]

    def test_garbage_token_is_refused(self, registry: World) -> None:
        """A NextToken the simulator never issued is refused."""
        message = refused(registry, "ListModelPackages", {"NextToken": "not-a-token"})
        assert message == "Invalid pagination token: not-a-token"


@pytest.fixture
def many_groups(world: World) -> World:
    """Groups created a minute apart: delta, alpha, charlie, bravo, echo (then names sort)."""
    for name in ("delta", "alpha", "charlie", "bravo", "echo"):
        world.advance(timedelta(minutes=1))
        create_group(world, name)
    return world


GROUPS_BY_TIME = ["delta", "alpha", "charlie", "bravo", "echo"]


class TestListModelPackageGroups:
    def test_default_order_is_creation_time_ascending(self, many_groups: World) -> None:
        """Without sort options, groups list oldest first."""
        assert groups(many_groups) == GROUPS_BY_TIME

    @pytest.mark.parametrize(
        ("sort_by", "order", "expected"),
        [
            ("CreationTime", "Ascending", GROUPS_BY_TIME),
            ("CreationTime", "Descending", GROUPS_BY_TIME[::-1]),
            ("Name", "Ascending", sorted(GROUPS_BY_TIME)),
            ("Name", "Descending", sorted(GROUPS_BY_TIME, reverse=True)),
        ],
    )
    def test_sort_by_and_order(
        self, many_groups: World, sort_by: str, order: str, expected: list[str]
    ) -> None:
        """SortBy Name|CreationTime combine with SortOrder Ascending|Descending."""
        assert groups(many_groups, SortBy=sort_by, SortOrder=order) == expected

    def test_name_contains(self, many_groups: World) -> None:
        """NameContains keeps the groups whose name contains the text, ignoring case."""
        assert groups(many_groups, NameContains="HA") == ["alpha", "charlie"]

    def test_creation_time_filters(self, many_groups: World) -> None:
        """CreationTimeAfter/Before are strict bounds on the creation time."""
        assert groups(many_groups, CreationTimeAfter=minute(1), CreationTimeBefore=minute(4)) == [
            "alpha",
            "charlie",
        ]

    def test_summary_fields(self, many_groups: World) -> None:
        """A group summary carries its name, ARN, time and status."""
        out = many_groups.call("ListModelPackageGroups", {"MaxResults": 1})
        assert out["ModelPackageGroupSummaryList"] == [
            {
                "ModelPackageGroupName": "delta",
                "ModelPackageGroupArn": f"{PREFIX}:model-package-group/delta",
                "CreationTime": START + timedelta(minutes=1),
                "ModelPackageGroupStatus": "Completed",
            }
        ]

    @pytest.mark.parametrize("size", [1, 2, 3, 5])
    def test_pages_cover_everything_once(self, many_groups: World, size: int) -> None:
        """Following NextToken yields every group exactly once, in order."""
        pages = walk(
            many_groups,
            "ListModelPackageGroups",
            "ModelPackageGroupSummaryList",
            SortBy="Name",
            MaxResults=size,
        )
        flat = [s["ModelPackageGroupName"] for page in pages for s in page]
        assert flat == sorted(GROUPS_BY_TIME)

    def test_token_with_different_filters_is_refused(self, many_groups: World) -> None:
        """A NextToken reused with another sort order is refused."""
        token = many_groups.call("ListModelPackageGroups", {"MaxResults": 2})["NextToken"]
        message = refused(
            many_groups,
            "ListModelPackageGroups",
            {"MaxResults": 2, "SortOrder": "Descending", "NextToken": token},
        )
        assert message == FOREIGN_TOKEN_MESSAGE

    def test_token_from_another_operation_is_refused(self, many_groups: World) -> None:
        """A ListModelPackages token does not page ListModelPackageGroups."""
        for name in ("p1", "p2", "p3"):
            create_unversioned(many_groups, name)
        token = many_groups.call("ListModelPackages", {"MaxResults": 1})["NextToken"]
        message = refused(
            many_groups, "ListModelPackageGroups", {"MaxResults": 1, "NextToken": token}
        )
        assert message == FOREIGN_TOKEN_MESSAGE

    def test_cross_account_lists_nothing_without_shares(self, many_groups: World) -> None:
        """CrossAccount lists no groups when no other account shared one (simulator stub)."""
        assert groups(many_groups, CrossAccountFilterOption="CrossAccount") == []
        assert groups(many_groups, CrossAccountFilterOption="SameAccount") == GROUPS_BY_TIME


class TestBatchDescribe:
    def test_hits_and_misses(self, world: World) -> None:
        """Existing versions are summarised; a missing ARN goes to the error map."""
        create_group(world, "churn")
        hit = create_version(world, "churn", InferenceSpecification=INFERENCE)
        miss = version_arn("churn", 9)
        out = world.call("BatchDescribeModelPackage", {"ModelPackageArnList": [hit, miss]})
        assert out["ModelPackageSummaries"] == {
            hit: {
                "ModelPackageGroupName": "churn",
                "ModelPackageVersion": 1,
                "ModelPackageArn": hit,
                "CreationTime": world.now,
                "InferenceSpecification": INFERENCE,
                "ModelPackageStatus": "Completed",
                "ModelApprovalStatus": "PendingManualApproval",
                "ModelPackageRegistrationType": "Registered",
            }
        }
        assert out["BatchDescribeModelPackageErrorMap"] == {
            miss: {
                "ErrorCode": "ValidationException",
                "ErrorResponse": f"ModelPackage {miss} does not exist.",
            }
        }

    def test_only_misses(self, world: World) -> None:
        """A request of misses answers with the error map alone."""
        miss = version_arn("churn", 1)
        out = world.call("BatchDescribeModelPackage", {"ModelPackageArnList": [miss]})
        assert list(out) == ["BatchDescribeModelPackageErrorMap"]

    def test_unversioned_package_goes_to_the_error_map(self, world: World) -> None:
        """An unversioned package cannot be summarised (the shape needs a group; UNCONFIRMED)."""
        arn = create_unversioned(world, "solo")
        out = world.call("BatchDescribeModelPackage", {"ModelPackageArnList": [arn]})
        assert out["BatchDescribeModelPackageErrorMap"][arn] == {
            "ErrorCode": "ValidationException",
            "ErrorResponse": f"ModelPackage {arn} is not a versioned model package.",
        }

    def test_version_without_inference_specification_goes_to_the_error_map(
        self, world: World
    ) -> None:
        """A version with no InferenceSpecification cannot be summarised (UNCONFIRMED)."""
        create_group(world, "churn")
        arn = create_version(world, "churn")
        out = world.call("BatchDescribeModelPackage", {"ModelPackageArnList": [arn]})
        assert out == {
            "BatchDescribeModelPackageErrorMap": {
                arn: {
                    "ErrorCode": "ValidationException",
                    "ErrorResponse": f"ModelPackage {arn} has no InferenceSpecification to "
                    "summarize.",
                }
            }
        }

    def test_more_than_a_hundred_arns_are_refused(self, world: World) -> None:
        """ModelPackageArnList takes at most 100 ARNs."""
        arns = [version_arn("churn", n) for n in range(1, 102)]
        message = refused(world, "BatchDescribeModelPackage", {"ModelPackageArnList": arns})
        assert message.endswith(
            "at 'modelPackageArnList' failed to satisfy constraint: "
            "Member must have length less than or equal to 100"
        )
