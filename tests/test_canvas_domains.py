"""Domains, user profiles and apps: IDs and ARNs, statuses on the clock, ResourceNotFound/InUse."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ServiceError

ACCOUNT = "111122223333"
PREFIX = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}"


def fails(world: World, operation: str, params: dict[str, Any], code: str) -> str:
    with pytest.raises(ServiceError) as caught:
        world.call(operation, params)
    assert caught.value.code == code, caught.value
    return caught.value.message


def new_domain(world: World, name: str = "ml", **settings: Any) -> str:
    params = {"DomainName": name, "AuthMode": "IAM", "DefaultUserSettings": settings}
    return world.call("sagemaker:CreateDomain", params)["DomainId"]


def app(domain: str, user: str = "ana", app_type: str = "Canvas") -> dict[str, str]:
    return {"DomainId": domain, "UserProfileName": user, "AppType": app_type, "AppName": "default"}


def status(world: World, operation: str, params: dict[str, Any]) -> str:
    return str(world.call(operation, params)["Status"])


class TestDomains:
    def test_id_arn_and_url_have_aws_forms(self, world: World) -> None:
        created = world.call(
            "sagemaker:CreateDomain",
            {"DomainName": "ml", "AuthMode": "IAM", "DefaultUserSettings": {}},
        )
        assert re.fullmatch(r"d-[a-z0-9]{12}", created["DomainId"])
        assert created["DomainArn"] == f"{PREFIX}:domain/{created['DomainId']}"
        assert created["Url"] == f"https://{created['DomainId']}.studio.us-east-1.sagemaker.aws"

    def test_ids_are_deterministic_and_distinct(self) -> None:
        first, second = World.create(), World.create()
        assert new_domain(first) == new_domain(second)
        assert new_domain(first) != new_domain(first, "ml")  # a second "ml" gets its own ID

    def test_pending_then_in_service_after_five_minutes(self, world: World) -> None:
        domain = new_domain(world)
        assert status(world, "sagemaker:DescribeDomain", {"DomainId": domain}) == "Pending"
        world.advance(timedelta(minutes=4))
        assert status(world, "sagemaker:DescribeDomain", {"DomainId": domain}) == "Pending"
        world.advance(timedelta(minutes=1))
        assert status(world, "sagemaker:DescribeDomain", {"DomainId": domain}) == "InService"
        listed = world.call("sagemaker:ListDomains", {})["Domains"]
        assert [(d["DomainId"], d["Status"]) for d in listed] == [(domain, "InService")]

    def test_unknown_domain_is_resource_not_found(self, world: World) -> None:
        message = fails(
            world, "sagemaker:DescribeDomain", {"DomainId": "d-000000000000"}, "ResourceNotFound"
        )
        assert "d-000000000000" in message

    def test_delete_with_profiles_is_resource_in_use_then_gone(self, world: World) -> None:
        domain = new_domain(world)
        world.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": "ana"})
        message = fails(world, "sagemaker:DeleteDomain", {"DomainId": domain}, "ResourceInUse")
        assert "user profiles (ana)" in message
        world.advance(timedelta(minutes=1))
        world.call("sagemaker:DeleteUserProfile", {"DomainId": domain, "UserProfileName": "ana"})
        world.advance(timedelta(minutes=1))
        world.call("sagemaker:DeleteDomain", {"DomainId": domain})
        assert status(world, "sagemaker:DescribeDomain", {"DomainId": domain}) == "Deleting"
        world.advance(timedelta(minutes=3))
        fails(world, "sagemaker:DescribeDomain", {"DomainId": domain}, "ResourceNotFound")
        assert world.call("sagemaker:ListDomains", {})["Domains"] == []

    def test_describe_echoes_home_efs_file_system_creation(self, world: World) -> None:
        params = {
            "DomainName": "ml",
            "AuthMode": "IAM",
            "DefaultUserSettings": {},
            "HomeEfsFileSystemCreation": "Disabled",
        }
        domain = world.call("sagemaker:CreateDomain", params)["DomainId"]
        described = world.call("sagemaker:DescribeDomain", {"DomainId": domain})
        assert described["HomeEfsFileSystemCreation"] == "Disabled"


class TestUserProfiles:
    def test_arn_form_and_status(self, world: World) -> None:
        domain = new_domain(world)
        arn = world.call(
            "sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": "ana"}
        )["UserProfileArn"]
        assert arn == f"{PREFIX}:user-profile/{domain}/ana"
        who = {"DomainId": domain, "UserProfileName": "ana"}
        assert status(world, "sagemaker:DescribeUserProfile", who) == "Pending"
        world.advance(timedelta(minutes=1))
        assert status(world, "sagemaker:DescribeUserProfile", who) == "InService"

    def test_profile_in_missing_domain_is_not_found(self, world: World) -> None:
        params = {"DomainId": "d-000000000000", "UserProfileName": "ana"}
        fails(world, "sagemaker:CreateUserProfile", params, "ResourceNotFound")
        domain = new_domain(world)
        message = fails(
            world,
            "sagemaker:DescribeUserProfile",
            {"DomainId": domain, "UserProfileName": "bob"},
            "ResourceNotFound",
        )
        assert "'bob'" in message

    def test_name_taken_in_the_domain_is_in_use(self, world: World) -> None:
        domain = new_domain(world)
        params = {"DomainId": domain, "UserProfileName": "ana"}
        world.call("sagemaker:CreateUserProfile", params)
        fails(world, "sagemaker:CreateUserProfile", params, "ResourceInUse")
        world.call("sagemaker:CreateUserProfile", {**params, "DomainId": new_domain(world, "b")})

    def test_update_merges_settings_and_moves_through_updating(self, world: World) -> None:
        domain = new_domain(world)
        who = {"DomainId": domain, "UserProfileName": "ana"}
        register = {"CanvasAppSettings": {"ModelRegisterSettings": {"Status": "DISABLED"}}}
        world.call("sagemaker:CreateUserProfile", {**who, "UserSettings": register})
        fails(world, "sagemaker:UpdateUserProfile", who, "ResourceInUse")  # still Pending
        world.advance(timedelta(minutes=1))
        role = f"arn:aws:iam::{ACCOUNT}:role/Exec"
        world.call("sagemaker:UpdateUserProfile", {**who, "UserSettings": {"ExecutionRole": role}})
        described = world.call("sagemaker:DescribeUserProfile", who)
        assert described["Status"] == "Updating"
        assert described["UserSettings"] == {"ExecutionRole": role, **register}
        world.advance(timedelta(minutes=1))
        assert status(world, "sagemaker:DescribeUserProfile", who) == "InService"

    def test_name_contains_ignores_case_on_every_database(self, world: World) -> None:
        """Explicitly lower-cased, as the registry's NameContains: SQLite's LIKE ignores case
        but PostgreSQL's does not, so the listing must not lean on the database."""
        domain = new_domain(world)
        world.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": "Ana"})
        listed = world.call("sagemaker:ListUserProfiles", {"UserProfileNameContains": "aNA"})
        assert [p["UserProfileName"] for p in listed["UserProfiles"]] == ["Ana"]
        from mlgov_sim.canvas.profiles import list_user_profiles

        assert "case-insensitive" in (list_user_profiles.__doc__ or "")

    def test_list_filters_and_sorts(self, world: World) -> None:
        domain, other = new_domain(world), new_domain(world, "other")
        for name in ("ana", "sam"):
            world.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": name})
            world.advance(timedelta(minutes=2))
        world.call("sagemaker:CreateUserProfile", {"DomainId": other, "UserProfileName": "ana"})
        listed = world.call(
            "sagemaker:ListUserProfiles", {"DomainIdEquals": domain, "SortOrder": "Descending"}
        )["UserProfiles"]
        assert [p["UserProfileName"] for p in listed] == ["sam", "ana"]
        named = world.call("sagemaker:ListUserProfiles", {"UserProfileNameContains": "an"})
        assert [p["DomainId"] for p in named["UserProfiles"]] == [domain, other]

    def test_passing_an_execution_role_needs_pass_role(self, world: World) -> None:
        world.add_role("Admin", [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}])
        world.add_principal(
            "carl", arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/carl", role="Admin"
        )
        domain = new_domain(world)
        params = {
            "DomainId": domain,
            "UserProfileName": "ana",
            "UserSettings": {"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/Exec"},
        }
        with pytest.raises(ServiceError) as caught:
            world.call("sagemaker:CreateUserProfile", params, "carl")
        assert caught.value.code == "AccessDeniedException"
        assert "iam:PassRole" in caught.value.message


class TestApps:
    @pytest.fixture
    def domain(self, world: World) -> str:
        domain = new_domain(world)
        world.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": "ana"})
        return domain

    def test_app_needs_a_profile_in_service(self, world: World, domain: str) -> None:
        message = fails(world, "sagemaker:CreateApp", app(domain), "ResourceInUse")
        assert "Pending" in message
        fails(world, "sagemaker:CreateApp", app(domain, "bob"), "ResourceNotFound")

    def test_arn_statuses_and_deleted_apps_stay_listed(self, world: World, domain: str) -> None:
        world.advance(timedelta(minutes=1))
        arn = world.call("sagemaker:CreateApp", app(domain))["AppArn"]
        assert arn == f"{PREFIX}:app/{domain}/ana/canvas/default"
        assert status(world, "sagemaker:DescribeApp", app(domain)) == "Pending"
        world.advance(timedelta(minutes=5))
        assert status(world, "sagemaker:DescribeApp", app(domain)) == "InService"
        fails(world, "sagemaker:CreateApp", app(domain), "ResourceInUse")
        world.call("sagemaker:DeleteApp", app(domain))
        assert status(world, "sagemaker:DescribeApp", app(domain)) == "Deleting"
        world.advance(timedelta(minutes=1))
        assert status(world, "sagemaker:DescribeApp", app(domain)) == "Deleted"
        listed = world.call("sagemaker:ListApps", {"UserProfileNameEquals": "ana"})["Apps"]
        assert [a["Status"] for a in listed] == ["Deleted"]
        fails(world, "sagemaker:DeleteApp", app(domain), "ResourceNotFound")
        world.call("sagemaker:CreateApp", app(domain))  # the same name again

    def test_jupyter_server_starts_in_two_minutes(self, world: World, domain: str) -> None:
        world.advance(timedelta(minutes=1))
        world.call("sagemaker:CreateApp", app(domain, app_type="JupyterServer"))
        world.advance(timedelta(minutes=2))
        assert status(world, "sagemaker:DescribeApp", app(domain, app_type="JupyterServer")) == (
            "InService"
        )

    def test_profile_with_apps_is_in_use(self, world: World, domain: str) -> None:
        world.advance(timedelta(minutes=1))
        world.call("sagemaker:CreateApp", app(domain))
        who = {"DomainId": domain, "UserProfileName": "ana"}
        message = fails(world, "sagemaker:DeleteUserProfile", who, "ResourceInUse")
        assert "Canvas/default" in message

    def test_spaces_are_not_simulated(self, world: World, domain: str) -> None:
        params = {"DomainId": domain, "SpaceName": "team", "AppType": "Canvas", "AppName": "x"}
        fails(world, "sagemaker:CreateApp", params, "ValidationException")

    def test_list_apps_refuses_a_user_profile_and_a_space_together(
        self, world: World, domain: str
    ) -> None:
        params = {"UserProfileNameEquals": "ana", "SpaceNameEquals": "team"}
        message = fails(world, "sagemaker:ListApps", params, "ValidationException")
        assert "UserProfileNameEquals" in message and "SpaceNameEquals" in message

    def test_domains_profiles_and_apps_take_tags(self, world: World, domain: str) -> None:
        world.advance(timedelta(minutes=1))
        arn = world.call(
            "sagemaker:CreateApp", {**app(domain), "Tags": [{"Key": "k", "Value": "v"}]}
        )["AppArn"]
        assert world.call("sagemaker:ListTags", {"ResourceArn": arn})["Tags"] == [
            {"Key": "k", "Value": "v"}
        ]


class TestCanvasSetup:
    def test_create_domain_passes_its_execution_role(self, world: World) -> None:
        world.add_role("Admin", [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}])
        world.add_principal(
            "carl", arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/carl", role="Admin"
        )
        params = {
            "DomainName": "ml",
            "AuthMode": "IAM",
            "DefaultUserSettings": {"ExecutionRole": f"arn:aws:iam::{ACCOUNT}:role/Exec"},
        }
        with pytest.raises(ServiceError) as caught:
            world.call("sagemaker:CreateDomain", params, "carl")
        assert "iam:PassRole" in caught.value.message

    def test_first_canvas_app_creates_the_default_bucket(self, world: World) -> None:
        domain = new_domain(world)
        world.call("sagemaker:CreateUserProfile", {"DomainId": domain, "UserProfileName": "ana"})
        world.advance(timedelta(minutes=1))
        world.call("sagemaker:CreateApp", app(domain, app_type="JupyterServer"))
        assert world.call("s3:ListBuckets", {}).get("Buckets", []) == []
        world.call("sagemaker:CreateApp", app(domain))
        names = [b["Name"] for b in world.call("s3:ListBuckets", {})["Buckets"]]
        assert names == [f"sagemaker-us-east-1-{ACCOUNT}"]
