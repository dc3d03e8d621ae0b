"""Lineage entities and associations through World.call: create, describe, list, update, delete.

The rules AWS states (one artifact per SourceUri, ResourceNotFound for missing
entities, no association between two experiment entities) and the ones the
simulator decides where AWS is silent (refused duplicates, refused deletes
while associated; see docs/fidelity.md) are each tested both ways.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mlgov_sim.app import World
from mlgov_sim.core.errors import ResourceNotFound, ServiceError, ValidationException

PREFIX = "arn:aws:sagemaker:us-east-1:111122223333"
DATA_URI = "s3://churn-data/2025-01/train.csv"


def artifact(world: World, uri: str = DATA_URI, kind: str = "DataSet", **extra: Any) -> str:
    params = {"Source": {"SourceUri": uri}, "ArtifactType": kind, **extra}
    return world.call("CreateArtifact", params)["ArtifactArn"]


def action(world: World, name: str = "train", kind: str = "TrainingJob", **extra: Any) -> str:
    params = {"ActionName": name, "Source": {"SourceUri": f"s3://x/{name}"}, "ActionType": kind}
    return world.call("CreateAction", {**params, **extra})["ActionArn"]


def context(world: World, name: str = "project", kind: str = "Project", **extra: Any) -> str:
    params = {"ContextName": name, "Source": {"SourceUri": f"git://{name}"}, "ContextType": kind}
    return world.call("CreateContext", {**params, **extra})["ContextArn"]


def associate(world: World, source: str, destination: str, kind: str | None = None) -> None:
    params = {"SourceArn": source, "DestinationArn": destination}
    world.call("AddAssociation", {**params, **({"AssociationType": kind} if kind else {})})


def refused(world: World, error: type[ServiceError], operation: str, params: dict[str, Any]) -> str:
    with pytest.raises(error) as caught:
        world.call(operation, params)
    assert caught.value.code == error.code
    return caught.value.message


def add_alice(world: World) -> None:
    world.add_role("Scientist", [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}])
    world.add_principal(
        "alice", arn="arn:aws:sts::111122223333:assumed-role/Scientist/alice", role="Scientist"
    )


class TestArtifacts:
    def test_arn_ends_in_a_derived_32_hex_id_not_the_name(self, world: World) -> None:
        """An artifact's ARN is artifact/<32 hex>, whatever its name, and the same every run."""
        arn = artifact(world, ArtifactName="january")
        assert arn.startswith(f"{PREFIX}:artifact/")
        assert len(arn.rsplit("/", 1)[1]) == 32
        assert int(arn.rsplit("/", 1)[1], 16) >= 0
        assert artifact(World.create(), ArtifactName="january") == arn

    def test_describe_shows_source_type_properties_and_who(self, world: World) -> None:
        """DescribeArtifact returns what was given, plus CreatedBy and LastModifiedBy."""
        arn = artifact(world, ArtifactName="january", Properties={"rows": "10"})
        out = world.call("DescribeArtifact", {"ArtifactArn": arn})
        assert out["ArtifactName"] == "january"
        assert out["Source"] == {"SourceUri": DATA_URI}
        assert out["ArtifactType"] == "DataSet"
        assert out["Properties"] == {"rows": "10"}
        assert out["CreatedBy"]["IamIdentity"]["Arn"] == "arn:aws:iam::111122223333:user/admin"
        assert out["LastModifiedBy"] == out["CreatedBy"]
        assert out["LastModifiedTime"] == out["CreationTime"]

    def test_one_artifact_per_source_uri(self, world: World) -> None:
        """A second CreateArtifact for the same SourceUri returns the first artifact, unchanged."""
        first = artifact(world, ArtifactName="january")
        again = artifact(world, kind="Model", ArtifactName="other")
        assert again == first
        out = world.call("DescribeArtifact", {"ArtifactArn": first})
        assert (out["ArtifactName"], out["ArtifactType"]) == ("january", "DataSet")
        assert len(world.call("ListArtifacts", {})["ArtifactSummaries"]) == 1

    def test_another_source_uri_is_another_artifact(self, world: World) -> None:
        """Different SourceUris give different artifacts."""
        assert artifact(world) != artifact(world, "s3://churn-data/2025-02/train.csv")

    def test_missing_artifact_is_resource_not_found(self, world: World) -> None:
        """Describing an artifact that does not exist is ResourceNotFound, naming it."""
        arn = f"{PREFIX}:artifact/{'0' * 32}"
        message = refused(world, ResourceNotFound, "DescribeArtifact", {"ArtifactArn": arn})
        assert message == f"Artifact {arn} does not exist."

    def test_list_filters_and_orders_newest_first(self, world: World) -> None:
        """ListArtifacts filters by SourceUri, ArtifactType and time; newest first by default."""
        data = artifact(world)
        world.advance(timedelta(hours=1))
        model = artifact(world, "s3://m/model.tar.gz", "Model")

        def listed(**params: Any) -> list[str]:
            out = world.call("ListArtifacts", params)["ArtifactSummaries"]
            return [summary["ArtifactArn"] for summary in out]

        assert listed() == [model, data]
        assert listed(SortOrder="Ascending") == [data, model]
        assert listed(SourceUri=DATA_URI) == [data]
        assert listed(ArtifactType="Model") == [model]
        assert listed(CreatedAfter=world.now - timedelta(minutes=30)) == [model]
        assert listed(CreatedBefore=world.now - timedelta(minutes=30)) == [data]

    def test_list_pages(self, world: World) -> None:
        """MaxResults and NextToken page through the artifacts, each once."""
        made = [artifact(world, f"s3://d/{i}.csv") for i in range(5)]
        seen, token = [], None
        while True:
            params = {"MaxResults": 2, "SortOrder": "Ascending"}
            out = world.call("ListArtifacts", {**params, **({"NextToken": token} if token else {})})
            seen += [summary["ArtifactArn"] for summary in out["ArtifactSummaries"]]
            token = out.get("NextToken")
            if not token:
                break
        assert seen == made

    def test_update_merges_and_removes_properties_and_records_who(self, world: World) -> None:
        """UpdateArtifact merges Properties, drops PropertiesToRemove, renames, stamps who."""
        add_alice(world)
        arn = artifact(world, ArtifactName="january", Properties={"rows": "10", "pii": "yes"})
        world.advance(timedelta(minutes=5))
        world.call(
            "UpdateArtifact",
            {
                "ArtifactArn": arn,
                "ArtifactName": "january-clean",
                "Properties": {"rows": "9", "cleaned": "true"},
                "PropertiesToRemove": ["pii"],
            },
            "alice",
        )
        out = world.call("DescribeArtifact", {"ArtifactArn": arn})
        assert out["ArtifactName"] == "january-clean"
        assert out["Properties"] == {"rows": "9", "cleaned": "true"}
        assert out["LastModifiedBy"]["IamIdentity"]["Arn"].endswith("/Scientist/alice")
        assert out["CreatedBy"]["IamIdentity"]["Arn"].endswith("user/admin")
        assert out["LastModifiedTime"] - out["CreationTime"] == timedelta(minutes=5)

    def test_update_refuses_more_than_30_properties(self, world: World) -> None:
        """Merging past 30 properties is refused and nothing changes."""
        arn = artifact(world, Properties={f"k{i}": "v" for i in range(30)})
        message = refused(
            world,
            ValidationException,
            "UpdateArtifact",
            {"ArtifactArn": arn, "Properties": {"one-more": "v"}},
        )
        assert "at most 30 properties" in message
        assert len(world.call("DescribeArtifact", {"ArtifactArn": arn})["Properties"]) == 30

    def test_artifacts_can_be_tagged(self, world: World) -> None:
        """Artifacts take Tags on create and through AddTags."""
        arn = artifact(world, Tags=[{"Key": "team", "Value": "risk"}])
        world.call("AddTags", {"ResourceArn": arn, "Tags": [{"Key": "cost", "Value": "ml"}]})
        tags = world.call("ListTags", {"ResourceArn": arn})["Tags"]
        assert tags == [{"Key": "team", "Value": "risk"}, {"Key": "cost", "Value": "ml"}]


class TestActionsAndContexts:
    def test_action_arn_is_its_name(self, world: World) -> None:
        """An action's ARN ends in action/<name>; Describe takes the name or the ARN."""
        arn = action(world, "train", Status="InProgress", Description="nightly")
        assert arn == f"{PREFIX}:action/train"
        by_name = world.call("DescribeAction", {"ActionName": "train"})
        assert by_name == world.call("DescribeAction", {"ActionName": arn})
        assert (by_name["Status"], by_name["Description"]) == ("InProgress", "nightly")

    def test_a_taken_action_name_is_refused(self, world: World) -> None:
        """Creating an action whose name exists is ValidationException (AWS gives no code)."""
        action(world, "train")
        message = refused(world, ValidationException, "CreateAction", _action_params("train"))
        assert message == f"Action already exists: {PREFIX}:action/train"

    def test_update_action_changes_status_and_properties(self, world: World) -> None:
        """UpdateAction sets Status and Description and merges Properties."""
        action(world, "train", Status="InProgress", Properties={"epochs": "10"})
        world.call(
            "UpdateAction",
            {"ActionName": "train", "Status": "Completed", "Properties": {"auc": "0.9"}},
        )
        out = world.call("DescribeAction", {"ActionName": "train"})
        assert out["Status"] == "Completed"
        assert out["Properties"] == {"epochs": "10", "auc": "0.9"}

    def test_list_actions_by_type_and_name(self, world: World) -> None:
        """ListActions filters by ActionType and sorts by Name when asked."""
        action(world, "b-step", "Step")
        action(world, "a-step", "Step")
        action(world, "deploy", "ModelDeployment")
        out = world.call("ListActions", {"ActionType": "Step", "SortBy": "Name"})
        names = [summary["ActionName"] for summary in out["ActionSummaries"]]
        assert names == ["b-step", "a-step"]  # Descending is the default order
        out = world.call("ListActions", {"SortBy": "Name", "SortOrder": "Ascending"})
        assert [s["ActionName"] for s in out["ActionSummaries"]] == ["a-step", "b-step", "deploy"]

    def test_missing_action_and_context_are_resource_not_found(self, world: World) -> None:
        """Describe, Update and Delete of a missing action or context: ResourceNotFound."""
        for operation in ("DescribeAction", "UpdateAction", "DeleteAction"):
            message = refused(world, ResourceNotFound, operation, {"ActionName": "nope"})
            assert message == f"Action {PREFIX}:action/nope does not exist."
        for operation in ("DescribeContext", "UpdateContext", "DeleteContext"):
            refused(world, ResourceNotFound, operation, {"ContextName": "nope"})

    def test_context_names_may_hold_underscores(self, world: World) -> None:
        """ContextName allows '_' (botocore's pattern), unlike action names."""
        arn = context(world, "churn_project", Description="the project")
        assert arn == f"{PREFIX}:context/churn_project"
        out = world.call("DescribeContext", {"ContextName": "churn_project"})
        assert (out["ContextType"], out["Description"]) == ("Project", "the project")
        refused(world, ValidationException, "CreateAction", _action_params("churn_step"))

    def test_a_taken_context_name_is_refused(self, world: World) -> None:
        """Creating a context whose name exists is ValidationException."""
        context(world, "project")
        with pytest.raises(ValidationException, match="Context already exists"):
            context(world, "project")

    def test_list_contexts_by_type(self, world: World) -> None:
        """ListContexts filters by ContextType."""
        context(world, "project")
        context(world, "prod", "Endpoint")
        out = world.call("ListContexts", {"ContextType": "Endpoint"})
        assert [s["ContextName"] for s in out["ContextSummaries"]] == ["prod"]


def _action_params(name: str) -> dict[str, Any]:
    return {"ActionName": name, "Source": {"SourceUri": "s3://x"}, "ActionType": "Step"}


class TestAssociations:
    def test_add_and_list(self, world: World) -> None:
        """AddAssociation stores the edge; ListAssociations shows types, names and who."""
        data, train = artifact(world, ArtifactName="january"), action(world, "train")
        out = world.call(
            "AddAssociation",
            {"SourceArn": data, "DestinationArn": train, "AssociationType": "ContributedTo"},
        )
        assert out == {"SourceArn": data, "DestinationArn": train}
        [summary] = world.call("ListAssociations", {"SourceArn": data})["AssociationSummaries"]
        assert summary["SourceType"] == "DataSet"
        assert summary["DestinationType"] == "TrainingJob"
        assert summary["AssociationType"] == "ContributedTo"
        assert (summary["SourceName"], summary["DestinationName"]) == ("january", "train")
        assert summary["CreatedBy"]["IamIdentity"]["Arn"].endswith("user/admin")

    def test_both_ends_must_exist(self, world: World) -> None:
        """A missing source or destination is ResourceNotFound, naming it."""
        data = artifact(world)
        ghost = f"{PREFIX}:action/ghost"
        message = refused(
            world, ResourceNotFound, "AddAssociation", {"SourceArn": data, "DestinationArn": ghost}
        )
        assert message == f"Action {ghost} does not exist."
        message = refused(
            world, ResourceNotFound, "AddAssociation", {"SourceArn": ghost, "DestinationArn": data}
        )
        assert ghost in message

    def test_one_association_per_pair(self, world: World) -> None:
        """The same pair again is refused, even with another type; the reverse pair is new."""
        data, train = artifact(world), action(world)
        associate(world, data, train, "ContributedTo")
        message = refused(
            world,
            ValidationException,
            "AddAssociation",
            {"SourceArn": data, "DestinationArn": train, "AssociationType": "DerivedFrom"},
        )
        assert "already exists (AssociationType ContributedTo)" in message
        associate(world, train, data)
        assert len(world.call("ListAssociations", {})["AssociationSummaries"]) == 2

    def test_an_entity_is_not_associated_with_itself(self, world: World) -> None:
        """Source and destination must differ."""
        data = artifact(world)
        refused(
            world,
            ValidationException,
            "AddAssociation",
            {"SourceArn": data, "DestinationArn": data},
        )

    def test_two_experiment_entities_are_not_associated(self, world: World) -> None:
        """Trial components (experiment entities) cannot be associated with one another."""
        first = f"{PREFIX}:experiment-trial-component/a-aws-training-job"
        second = f"{PREFIX}:experiment-trial-component/b-aws-training-job"
        message = refused(
            world,
            ValidationException,
            "AddAssociation",
            {"SourceArn": first, "DestinationArn": second},
        )
        assert "two experiment entities" in message

    def test_list_by_type_string_or_lineage_type(self, world: World) -> None:
        """SourceType and DestinationType match the type string or the lineage type."""
        data, train, model = artifact(world), action(world), artifact(world, "s3://m", "Model")
        associate(world, data, train)
        associate(world, train, model)

        def sources(**params: Any) -> list[str]:
            out = world.call("ListAssociations", params)["AssociationSummaries"]
            return [summary["SourceArn"] for summary in out]

        assert sources(SourceType="DataSet") == [data]
        assert sources(SourceType="Artifact") == [data]
        assert sources(DestinationType="Action") == [data]
        assert sources(DestinationType="Model") == [train]
        assert sources(SortBy="SourceType", SortOrder="Ascending") == [data, train]


class TestDeletion:
    def test_an_associated_artifact_is_not_deleted(self, world: World) -> None:
        """DeleteArtifact is refused while the artifact is a source or a destination."""
        data, train = artifact(world), action(world)
        associate(world, data, train)
        message = refused(world, ValidationException, "DeleteArtifact", {"ArtifactArn": data})
        assert message == (
            f"Artifact {data} cannot be deleted because it still has 1 association. Delete them "
            "first with DeleteAssociation (ListAssociations with SourceArn or DestinationArn "
            "finds them)."
        )
        model = artifact(world, "s3://m", "Model")
        associate(world, train, model)
        assert "still has 1 association" in refused(
            world, ValidationException, "DeleteArtifact", {"ArtifactArn": model}
        )
        assert world.call("DescribeArtifact", {"ArtifactArn": data})["ArtifactArn"] == data

    def test_an_unassociated_artifact_is_deleted(self, world: World) -> None:
        """Once its associations are deleted, DeleteArtifact deletes it, and its tags."""
        data, train = artifact(world, Tags=[{"Key": "k", "Value": "v"}]), action(world)
        associate(world, data, train)
        world.call("DeleteAssociation", {"SourceArn": data, "DestinationArn": train})
        assert world.call("DeleteArtifact", {"ArtifactArn": data}) == {"ArtifactArn": data}
        refused(world, ResourceNotFound, "DescribeArtifact", {"ArtifactArn": data})
        refused(world, ValidationException, "ListTags", {"ResourceArn": data})
        assert artifact(world) != data  # the SourceUri is free again, with a new ID

    def test_delete_by_source(self, world: World) -> None:
        """DeleteArtifact finds the artifact by Source; neither ARN nor Source is refused."""
        data = artifact(world)
        out = world.call("DeleteArtifact", {"Source": {"SourceUri": DATA_URI}})
        assert out == {"ArtifactArn": data}
        message = refused(world, ValidationException, "DeleteArtifact", {})
        assert message == "Either ArtifactArn or Source must be specified."
        refused(world, ResourceNotFound, "DeleteArtifact", {"Source": {"SourceUri": DATA_URI}})

    def test_arn_and_source_must_agree(self, world: World) -> None:
        """Given both, ArtifactArn and Source must name the same artifact."""
        data = artifact(world)
        params = {"ArtifactArn": data, "Source": {"SourceUri": "s3://other"}}
        assert "give ArtifactArn or Source" in refused(
            world, ValidationException, "DeleteArtifact", params
        )

    def test_associated_actions_and_contexts_are_not_deleted(self, world: World) -> None:
        """DeleteAction and DeleteContext follow the same rule, then delete."""
        train, project = action(world), context(world)
        associate(world, train, project, "AssociatedWith")
        refused(world, ValidationException, "DeleteAction", {"ActionName": "train"})
        refused(world, ValidationException, "DeleteContext", {"ContextName": "project"})
        world.call("DeleteAssociation", {"SourceArn": train, "DestinationArn": project})
        assert world.call("DeleteAction", {"ActionName": "train"}) == {"ActionArn": train}
        assert world.call("DeleteContext", {"ContextName": "project"}) == {"ContextArn": project}

    def test_a_deleted_association_leaves_the_graph(self, world: World) -> None:
        """After DeleteAssociation, neither ListAssociations nor QueryLineage shows the edge."""
        data, train, model = artifact(world), action(world), artifact(world, "s3://m", "Model")
        associate(world, data, train, "ContributedTo")
        associate(world, train, model, "Produced")

        def upstream_of_model() -> dict[str, Any]:
            query = {"StartArns": [model], "Direction": "Ascendants", "IncludeEdges": True}
            return world.call("QueryLineage", query)

        assert [v["Arn"] for v in upstream_of_model()["Vertices"]] == [train, data]
        world.call("DeleteAssociation", {"SourceArn": data, "DestinationArn": train})
        after = upstream_of_model()
        assert [v["Arn"] for v in after["Vertices"]] == [train]
        assert after["Edges"] == [
            {"SourceArn": train, "DestinationArn": model, "AssociationType": "Produced"}
        ]
        down = world.call("QueryLineage", {"StartArns": [data], "Direction": "Descendants"})
        assert down.get("Vertices", []) == []
        assert (
            world.call("ListAssociations", {"SourceArn": data}).get("AssociationSummaries", [])
            == []
        )

    def test_deleting_a_missing_association_is_resource_not_found(self, world: World) -> None:
        """DeleteAssociation of a pair that is not associated: ResourceNotFound."""
        data, train = artifact(world), action(world)
        message = refused(
            world,
            ResourceNotFound,
            "DeleteAssociation",
            {"SourceArn": data, "DestinationArn": train},
        )
        assert message == f"Association from {data} to {train} does not exist."
