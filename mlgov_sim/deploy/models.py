"""Models: CreateModel, DescribeModel, ListModels, DeleteModel.

A model names what runs: containers given by image and model data, or a
model package version (`ModelPackageName`) whose InferenceSpecification
containers are copied in when the model is made. Only an Approved version
can be deployed: CreateModel refuses any other (docs/fidelity.md says why
the refusal is here).
"""

from __future__ import annotations

from typing import Any

from mlgov_sim.core.authorize import pass_role
from mlgov_sim.core.call import Call
from mlgov_sim.core.db import Database
from mlgov_sim.core.errors import ValidationException
from mlgov_sim.core.ops import operation
from mlgov_sim.core.paging import page
from mlgov_sim.core.tagging import drop_tags, set_tags
from mlgov_sim.deploy import events, listing, views
from mlgov_sim.deploy.names import model_arn, require_model
from mlgov_sim.deploy.store import MODELS, Model
from mlgov_sim.registry.lookup import require_package


def _target(call: Call, params: dict[str, Any]) -> str:
    return model_arn(call, params["ModelName"])


@operation("sagemaker:CreateModel", resource=_target)
def create_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Creates a model from containers (Image, ModelDataUrl) or from a model package version.

    Give PrimaryContainer or Containers (not both). A container naming
    ModelPackageName (a version ARN, `group/version`, or an unversioned
    package's name) takes the version's InferenceSpecification containers
    (Image, ModelDataUrl, Environment; the container's own Environment is
    added on top). A version whose ModelApprovalStatus is not Approved is
    refused with ValidationException ("... must be Approved to deploy ..."):
    AWS documents that versions must be Approved to be deployed, and
    mlgov-sim refuses at the first step of a deployment. The name must be new
    in the account and Region, regardless of case ('Cannot create already
    existing model "<arn>".'). ExecutionRoleArn, when given, must name a role
    of the world, and a caller other than admin needs iam:PassRole on it.
    Announces "SageMaker Model State Change".
    """
    name = params["ModelName"]
    arn = model_arn(call, name)
    if MODELS.find_by_name(call.db, call.account, call.region, name) is not None:
        raise ValidationException(f'Cannot create already existing model "{arn}".')
    given = _containers(params)
    role = params.get("ExecutionRoleArn")
    if role is not None:
        pass_role(call.db, call.principal, role)
    resolved: list[dict[str, Any]] = []
    package_arn: str | None = None
    for container in given:
        if container.get("ModelPackageName"):
            found, from_package = _from_package(call, container)
            package_arn = package_arn or found
            resolved += from_package
        elif container.get("Image"):
            resolved.append(_running(container))
        else:
            raise ValidationException(
                "Each container needs an Image or a ModelPackageName: a container has neither."
            )
    spec = {k: v for k, v in params.items() if k not in ("ModelName", "Tags")}
    model = Model(
        account=call.account,
        region=call.region,
        name=name,
        name_key=name.lower(),
        arn=arn,
        creation_time=call.now,
        spec=spec,
        containers=resolved,
        package_arn=package_arn,
    )
    MODELS.insert(call.db, model)
    if params.get("Tags"):
        set_tags(call.db, arn, params["Tags"])
    events.model_changed(call, model)
    return {"ModelArn": arn}


def _containers(params: dict[str, Any]) -> list[dict[str, Any]]:
    primary, containers = params.get("PrimaryContainer"), params.get("Containers")
    if primary is not None and containers:
        raise ValidationException("Specify either PrimaryContainer or Containers, not both.")
    if primary is None and not containers:
        raise ValidationException(
            "Either PrimaryContainer or Containers must be specified to create a model."
        )
    return [primary] if primary is not None else list(containers or [])


def _from_package(call: Call, container: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """The package's ARN and the containers its inference specification runs."""
    package = require_package(call, container["ModelPackageName"])
    if package.version is not None and package.approval_status != "Approved":
        raise ValidationException(
            f"Model package version {package.arn} has ModelApprovalStatus "
            f"{package.approval_status}: a version must be Approved to deploy it "
            "(UpdateModelPackage ModelApprovalStatus=Approved)."
        )
    spec = package.spec.get("InferenceSpecification") or {}
    wanted = container.get("InferenceSpecificationName")
    if wanted:
        extra = package.spec.get("AdditionalInferenceSpecifications") or []
        named = [item for item in extra if item.get("Name") == wanted]
        if not named:
            raise ValidationException(
                f"Model package {package.arn} has no additional inference specification "
                f"named {wanted}."
            )
        spec = named[0]
    inner = spec.get("Containers") or []
    if not inner:
        raise ValidationException(
            f"Model package {package.arn} has no InferenceSpecification: it cannot be deployed."
        )
    overrides = container.get("Environment") or {}
    running = []
    for item in inner:
        entry = _running(item)
        entry["Environment"] = {**(item.get("Environment") or {}), **overrides}
        entry["ModelPackageArn"] = package.arn
        running.append(entry)
    return package.arn, running


def _running(container: dict[str, Any]) -> dict[str, Any]:
    """What a container runs: its image, model data and environment."""
    return {
        "Image": container.get("Image"),
        "ModelDataUrl": container.get("ModelDataUrl"),
        "Environment": dict(container.get("Environment") or {}),
    }


@operation("sagemaker:DescribeModel", resource=_target)
def describe_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Describes a model: its containers as given, its role, its ARN and creation time.

    A model made from a model package shows the ModelPackageName it was given.
    A name the account lacks is refused: 'Could not find model "<arn>".'.
    """
    return views.describe_model(require_model(call, params["ModelName"]))


@operation("sagemaker:ListModels", resource=lambda call, _: call.arn("model/*"))
def list_models(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Lists the account's models: NameContains, CreationTime bounds, SortBy, pages.

    SortBy Name or CreationTime (default), SortOrder Descending by default, as
    SageMaker lists models.
    """
    statement = listing.filtered(MODELS, call, params)
    rows, token = page(call.db, statement, params, listing=MODELS.listing)
    return {"Models": [views.model_summary(Model(*row)) for row in rows], "NextToken": token}


@operation("sagemaker:DeleteModel", resource=_target)
def delete_model(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    """Deletes a model. Endpoints already running it keep running (AWS does not check).

    A name the account lacks is refused: 'Could not find model "<arn>".'.
    Announces "SageMaker Model State Change".
    """
    model = require_model(call, params["ModelName"])
    events.model_changed(call, model)
    MODELS.remove(call.db, model)
    drop_tags(call.db, model.arn)
    return {}


def model_exists(db: Database, arn: str) -> bool:
    """Whether a model has this ARN (what tagging needs to know)."""
    return MODELS.find(db, arn) is not None
