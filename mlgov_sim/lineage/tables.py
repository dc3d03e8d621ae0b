"""Lineage's tables: one for entities of every kind, one for the associations between them.

Artifacts, actions, contexts and trial components share one table: QueryLineage
walks across all four, and one row per vertex keeps that walk to one index.
Rows stay inside the package; callers get API shapes (see views).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class LineageEntityRow(SQLModel, table=True):
    """One vertex: an artifact, action, context or trial component."""

    __tablename__ = "lineage_entity"
    __table_args__ = (
        # One artifact per SourceUri (AWS reuses it), found through this index.
        Index("ix_lineage_entity_source", "account", "region", "kind", "source_uri"),
        Index("ix_lineage_entity_listing", "account", "region", "kind", "creation_time"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    kind: str  # the LineageType: Artifact | Action | Context | TrialComponent
    arn: str = Field(unique=True)
    name: str | None = None  # an artifact's name is optional; the others are named by it
    type: str  # ArtifactType / ActionType / ContextType (a trial component's: TrainingJob)
    source_uri: str
    source: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    status: str | None = None  # actions (and trial components)
    description: str | None = None
    properties: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON))
    metadata_properties: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    last_modified_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_modified_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class AssociationRow(SQLModel, table=True):
    """One edge: SourceArn --AssociationType--> DestinationArn (at most one per pair)."""

    __tablename__ = "lineage_association"
    __table_args__ = (
        UniqueConstraint("source_arn", "destination_arn"),
        Index("ix_lineage_association_destination", "destination_arn"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    source_arn: str = Field(
        sa_column=Column(String, ForeignKey("lineage_entity.arn"), nullable=False)
    )
    destination_arn: str = Field(
        sa_column=Column(String, ForeignKey("lineage_entity.arn"), nullable=False)
    )
    association_type: str | None = None
    # The entities' types, kept with the edge: ListAssociations filters on them, and a
    # type never changes after an entity is created.
    source_type: str
    destination_type: str
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class DeployedModelRow(SQLModel, table=True):
    """What lineage remembers of a SageMaker model from its events: its containers.

    An endpoint's lineage is recorded when it goes InService, from the models
    behind its endpoint config; lineage learns both from deploy's events, as
    it learns everything else, so it keeps the little it needs here.
    """

    __tablename__ = "lineage_deployed_model"

    account: str = Field(primary_key=True)
    region: str = Field(primary_key=True)
    name: str = Field(primary_key=True)
    containers: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))


class DeployedConfigRow(SQLModel, table=True):
    """What lineage remembers of an endpoint config from its events: the models it names."""

    __tablename__ = "lineage_deployed_config"

    account: str = Field(primary_key=True)
    region: str = Field(primary_key=True)
    name: str = Field(primary_key=True)
    models: list[str] = Field(default_factory=list, sa_column=Column(JSON))
