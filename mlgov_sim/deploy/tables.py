"""The deploy feature's tables: models, endpoint configs and endpoints, requests as validated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlgov_sim.core.db import UTCDateTime


class ModelRow(SQLModel, table=True):
    """A SageMaker model: its containers, resolved from a model package version when named so."""

    __tablename__ = "deploy_model"
    __table_args__ = (
        UniqueConstraint("account", "region", "name_key"),
        Index("ix_deploy_model_listing", "account", "region", "creation_time"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    name: str
    name_key: str  # lower-cased: names are unique regardless of case, as the ARN is lower-case
    arn: str = Field(unique=True)
    # The CreateModel input as validated, without the name and the tags.
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The containers that run: a package's InferenceSpecification containers, or as given.
    containers: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    package_arn: str | None = None  # the model package version it was made from, if any
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class EndpointConfigRow(SQLModel, table=True):
    """An endpoint config: the production variants an endpoint is deployed with."""

    __tablename__ = "deploy_endpoint_config"
    __table_args__ = (
        UniqueConstraint("account", "region", "name_key"),
        Index("ix_deploy_endpoint_config_listing", "account", "region", "creation_time"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    name: str
    name_key: str
    arn: str = Field(unique=True)
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class EndpointRow(SQLModel, table=True):
    """An endpoint: the fleet serving now and, while it updates, the deployment under way."""

    __tablename__ = "deploy_endpoint"
    __table_args__ = (
        UniqueConstraint("account", "region", "name_key"),
        Index("ix_deploy_endpoint_listing", "account", "region", "creation_time"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str
    region: str
    name: str
    name_key: str
    arn: str = Field(unique=True)
    status: str = Field(index=True)
    config_name: str  # the endpoint config the serving (blue) fleet runs
    failure_reason: str | None = None
    # The serving fleet: [{VariantName, ModelName, InstanceType, Instances, Weight, Images, ...}].
    fleet: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # The deployment under way (deploy.deployment), or None.
    pending: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # The DeploymentConfig kept for RetainDeploymentConfig (LastDeploymentConfig).
    deployment_config: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    # What a learner should see happen, [{Time, What}], for `inspect`.
    timeline: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Requests served per variant since the traffic split last changed (deploy.traffic).
    served: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    creation_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_modified_time: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
