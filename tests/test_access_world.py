"""IAM in World.call: roles, explicit denies, condition keys, resource policies across accounts."""

from __future__ import annotations

import json

import pytest
from sqlmodel import SQLModel

from mlgov_sim.app import World
from mlgov_sim.core.errors import AccessDeniedException

HOME, OTHER = "111122223333", "444455556666"
GROUP_ARN = f"arn:aws:sagemaker:us-east-1:{HOME}:model-package-group/churn"
V1_ARN = f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/churn/1"


def session_arn(role: str, name: str, account: str = HOME) -> str:
    return f"arn:aws:sts::{account}:assumed-role/{role}/{name}"


@pytest.fixture
def team(world: World) -> World:
    """A data scientist who may not approve, and an approver limited to approval and Describe."""
    world.add_role(
        "DataScientist",
        [
            {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
            {
                "Sid": "NoApproval",
                "Effect": "Deny",
                "Action": "sagemaker:UpdateModelPackage",
                "Resource": "*",
            },
        ],
    )
    world.add_role(
        "MLApprover",
        [
            {
                "Effect": "Allow",
                "Action": ["sagemaker:Describe*", "sagemaker:UpdateModelPackage"],
                "Resource": f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/*",
                "Condition": {"StringNotEquals": {"sagemaker:ModelLifeCycle:stage": "Production"}},
            },
        ],
    )
    world.add_principal("alice", arn=session_arn("DataScientist", "alice"), role="DataScientist")
    world.add_principal("bob", arn=session_arn("MLApprover", "bob"), role="MLApprover")
    world.call("CreateModelPackageGroup", {"ModelPackageGroupName": "churn"}, "alice")
    world.call("CreateModelPackage", {"ModelPackageGroupName": "churn"}, "alice")
    return world


def dump(world: World) -> dict[str, list[tuple]]:
    with world.engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(table.select())), key=repr)
            for table in SQLModel.metadata.sorted_tables
            if table.name != "audit"
        }


class TestSeparationOfDuties:
    def test_explicit_deny_refuses_with_aws_wording_and_the_statement(self, team: World) -> None:
        """The data scientist's approval is refused by the Deny, named with its Sid."""
        with pytest.raises(AccessDeniedException) as caught:
            team.call(
                "UpdateModelPackage",
                {"ModelPackageArn": V1_ARN, "ModelApprovalStatus": "Approved"},
                "alice",
            )
        assert caught.value.message == (
            f"User: {session_arn('DataScientist', 'alice')} is not authorized to perform: "
            f"sagemaker:UpdateModelPackage on resource: {V1_ARN} with an explicit deny in an "
            "identity-based policy. Deciding statement: role DataScientist, "
            'statement 1, Sid "NoApproval".'
        )

    def test_refusal_leaves_the_world_unchanged_and_is_audited(self, team: World) -> None:
        """A refused call writes nothing but its audit entry."""
        before = dump(team)
        with pytest.raises(AccessDeniedException):
            team.call(
                "UpdateModelPackage",
                {"ModelPackageArn": V1_ARN, "ModelApprovalStatus": "Approved"},
                "alice",
            )
        assert dump(team) == before
        entry = team.audit_log()[-1]
        assert (entry.principal, entry.outcome, entry.error_code, entry.target_arn) == (
            "alice",
            "Error",
            "AccessDeniedException",
            V1_ARN,
        )

    def test_approver_approves(self, team: World) -> None:
        """The approver's role allows UpdateModelPackage on versions."""
        team.call(
            "UpdateModelPackage",
            {"ModelPackageArn": V1_ARN, "ModelApprovalStatus": "Approved"},
            "bob",
        )
        described = team.call("DescribeModelPackage", {"ModelPackageName": V1_ARN}, "bob")
        assert described["ModelApprovalStatus"] == "Approved"
        assert described["LastModifiedBy"]["IamIdentity"]["Arn"] == session_arn("MLApprover", "bob")

    def test_implicit_deny_outside_the_allowed_resources(self, team: World) -> None:
        """The approver has no Allow for groups: refused because no policy allows it."""
        with pytest.raises(
            AccessDeniedException,
            match="because no identity-based policy "
            "allows the sagemaker:DescribeModelPackageGroup action",
        ):
            team.call("DescribeModelPackageGroup", {"ModelPackageGroupName": "churn"}, "bob")

    def test_lifecycle_condition_key_gates_production(self, team: World) -> None:
        """sagemaker:ModelLifeCycle:stage lets the approver set any stage but Production."""
        stage = {
            "ModelPackageArn": V1_ARN,
            "ModelLifeCycle": {"Stage": "QA", "StageStatus": "InProgress"},
        }
        team.call("UpdateModelPackage", stage, "bob")
        stage["ModelLifeCycle"] = {"Stage": "Production", "StageStatus": "Approved"}
        with pytest.raises(AccessDeniedException):
            team.call("UpdateModelPackage", stage, "bob")

    def test_resource_tag_condition(self, team: World) -> None:
        """aws:ResourceTag on a version reads its group's tags."""
        team.add_role(
            "TeamOnly",
            [
                {
                    "Effect": "Allow",
                    "Action": "sagemaker:DescribeModelPackage",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:ResourceTag/team": "risk"}},
                }
            ],
        )
        team.add_principal("carl", arn=session_arn("TeamOnly", "carl"), role="TeamOnly")
        with pytest.raises(AccessDeniedException):
            team.call("DescribeModelPackage", {"ModelPackageName": V1_ARN}, "carl")
        team.call("AddTags", {"ResourceArn": GROUP_ARN, "Tags": [{"Key": "team", "Value": "risk"}]})
        assert team.call("DescribeModelPackage", {"ModelPackageName": V1_ARN}, "carl")

    def test_request_tag_condition(self, team: World) -> None:
        """aws:RequestTag requires tags on the new group."""
        team.add_role(
            "Tagger",
            [
                {
                    "Effect": "Allow",
                    "Action": "sagemaker:CreateModelPackageGroup",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:RequestTag/cost-center": "CC-1"}},
                }
            ],
        )
        team.add_principal("tia", arn=session_arn("Tagger", "tia"), role="Tagger")
        with pytest.raises(AccessDeniedException):
            team.call("CreateModelPackageGroup", {"ModelPackageGroupName": "g1"}, "tia")
        team.call(
            "CreateModelPackageGroup",
            {"ModelPackageGroupName": "g1", "Tags": [{"Key": "cost-center", "Value": "CC-1"}]},
            "tia",
        )

    def test_principal_without_role_may_do_nothing(self, team: World) -> None:
        """A principal with no role has no policies: every call is refused."""
        team.add_principal("guest", arn=f"arn:aws:iam::{HOME}:user/guest")
        with pytest.raises(AccessDeniedException):
            team.call("ListModelPackageGroups", {}, "guest")


SHARE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AddPermModelPackageGroup",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": ["sagemaker:DescribeModelPackageGroup"],
            "Resource": GROUP_ARN,
        },
        {
            "Sid": "AddPermModelPackageVersion",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": ["sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"],
            "Resource": f"arn:aws:sagemaker:us-east-1:{HOME}:model-package/churn/*",
        },
    ],
}


class TestCrossAccount:
    @pytest.fixture
    def carol(self, team: World) -> World:
        """A deployer in another account whose own role allows every Describe and Update."""
        team.add_role(
            "Deployer",
            [
                {
                    "Effect": "Allow",
                    "Action": [
                        "sagemaker:Describe*",
                        "sagemaker:List*",
                        "sagemaker:UpdateModelPackage",
                    ],
                    "Resource": "*",
                }
            ],
            account=OTHER,
        )
        team.add_principal(
            "carol", account=OTHER, role="Deployer", arn=session_arn("Deployer", "carol", OTHER)
        )
        return team

    def test_refused_without_a_resource_policy(self, carol: World) -> None:
        """Across accounts the identity policy alone is not enough."""
        with pytest.raises(AccessDeniedException, match="because no resource-based policy"):
            carol.call("DescribeModelPackageGroup", {"ModelPackageGroupName": GROUP_ARN}, "carol")

    def test_allowed_after_the_group_policy_grants_it(self, carol: World) -> None:
        """The group's resource policy grants the other account Describe on group and versions."""
        carol.call(
            "PutModelPackageGroupPolicy",
            {"ModelPackageGroupName": "churn", "ResourcePolicy": json.dumps(SHARE)},
        )
        group = carol.call(
            "DescribeModelPackageGroup", {"ModelPackageGroupName": GROUP_ARN}, "carol"
        )
        assert group["ModelPackageGroupArn"] == GROUP_ARN
        assert carol.call("DescribeModelPackage", {"ModelPackageName": V1_ARN}, "carol")

    def test_action_the_policy_does_not_grant_stays_refused(self, carol: World) -> None:
        """The policy grants no UpdateModelPackage, so approving across accounts is refused."""
        carol.call(
            "PutModelPackageGroupPolicy",
            {"ModelPackageGroupName": "churn", "ResourcePolicy": json.dumps(SHARE)},
        )
        with pytest.raises(AccessDeniedException, match="no statement of its resource policy"):
            carol.call(
                "UpdateModelPackage",
                {"ModelPackageArn": V1_ARN, "ModelApprovalStatus": "Approved"},
                "carol",
            )

    def test_shared_groups_are_listed_with_cross_account_filter(self, carol: World) -> None:
        """CrossAccountFilterOption=CrossAccount lists the groups shared with the caller."""
        listing = {"CrossAccountFilterOption": "CrossAccount"}
        assert (
            carol.call("ListModelPackageGroups", listing, "carol")["ModelPackageGroupSummaryList"]
            == []
        )
        carol.call(
            "PutModelPackageGroupPolicy",
            {"ModelPackageGroupName": "churn", "ResourcePolicy": json.dumps(SHARE)},
        )
        shared = carol.call("ListModelPackageGroups", listing, "carol")
        assert [g["ModelPackageGroupArn"] for g in shared["ModelPackageGroupSummaryList"]] == [
            GROUP_ARN
        ]
        versions = carol.call("ListModelPackages", {"ModelPackageGroupName": GROUP_ARN}, "carol")
        assert [v["ModelPackageArn"] for v in versions["ModelPackageSummaryList"]] == [V1_ARN]

    def test_listing_another_accounts_versions_needs_the_policy(self, carol: World) -> None:
        """ListModelPackages on another account's group is checked against the group's policy."""
        with pytest.raises(AccessDeniedException):
            carol.call("ListModelPackages", {"ModelPackageGroupName": GROUP_ARN}, "carol")

    def test_policy_round_trip_and_removal(self, carol: World) -> None:
        """Get returns the policy as put; after Delete, access is refused again."""
        text = json.dumps(SHARE)
        carol.call(
            "PutModelPackageGroupPolicy", {"ModelPackageGroupName": "churn", "ResourcePolicy": text}
        )
        got = carol.call("GetModelPackageGroupPolicy", {"ModelPackageGroupName": "churn"})
        assert got == {"ResourcePolicy": text}
        carol.call("DeleteModelPackageGroupPolicy", {"ModelPackageGroupName": "churn"})
        with pytest.raises(AccessDeniedException):
            carol.call("DescribeModelPackageGroup", {"ModelPackageGroupName": GROUP_ARN}, "carol")

    def test_invalid_policy_is_refused(self, carol: World) -> None:
        """A resource policy without Principal is refused with ValidationException."""
        bad = {"Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}
        with pytest.raises(Exception, match="not valid") as caught:
            carol.call(
                "PutModelPackageGroupPolicy",
                {"ModelPackageGroupName": "churn", "ResourcePolicy": json.dumps(bad)},
            )
        assert getattr(caught.value, "code", None) == "ValidationException"
