"""The operation table: every supported `service:Operation`, its handler and its shapes.

Feature packages register handlers with `@operation("sagemaker:CreateModelPackage")`;
the input and output shapes come from botocore's model of the same name, so a
handler cannot be registered under a name the real service lacks. Console
actions with no public API (service `canvas`) bring their own shapes.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from botocore.model import Shape

from mlgov_sim.core.apimodel import operation_model, service_model
from mlgov_sim.core.errors import UnknownOperationException

if TYPE_CHECKING:
    from mlgov_sim.core.call import Call

Handler = Callable[["Call", dict[str, Any]], dict[str, Any] | None]
ResourceOf = Callable[["Call", dict[str, Any]], str | None]
ConditionKeysOf = Callable[[dict[str, Any]], dict[str, Any]]

DEFAULT_SERVICE = "sagemaker"
BOTOCORE_SERVICES = ("sagemaker", "s3", "cloudwatch", "sagemaker-runtime")
_READ_PREFIXES = ("Describe", "List", "Get", "BatchDescribe", "Query", "Search", "Head")


@dataclass(frozen=True)
class Operation:
    """One supported operation."""

    service: str
    name: str
    handler: Handler
    input_shape: Shape | None
    output_shape: Shape | None
    read_only: bool
    console_only: bool
    resource: ResourceOf | None
    summary: str
    notes: str
    condition_keys: ConditionKeysOf | None = None

    @property
    def full_name(self) -> str:
        """`sagemaker:CreateModelPackage`: also its IAM action name."""
        return f"{self.service}:{self.name}"


OPERATIONS: dict[str, Operation] = {}


def operation(
    full_name: str,
    *,
    read_only: bool | None = None,
    resource: ResourceOf | None = None,
    input_shape: Shape | None = None,
    output_shape: Shape | None = None,
    condition_keys: ConditionKeysOf | None = None,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of `full_name`.

    `resource` gives the ARN the call acts on (for IAM and the audit trail);
    `condition_keys` the service-specific IAM condition keys the request sets
    (`sagemaker:ModelLifeCycle:stage`).

    The handler's docstring is its documentation: the first line is the
    summary `mlgov-sim ops` prints, the rest goes to `docs/operations.md`
    (`mlgov-sim ops --format markdown`).
    """
    service, _, name = full_name.partition(":")

    def register(handler: Handler) -> Handler:
        if service in BOTOCORE_SERVICES:
            model = operation_model(service, name)
            in_shape, out_shape = model.input_shape, model.output_shape
            console = False
        else:
            in_shape, out_shape, console = input_shape, output_shape, True
        doc = inspect.getdoc(handler) or ""
        summary, _, notes = doc.partition("\n")
        OPERATIONS[full_name] = Operation(
            service=service,
            name=name,
            handler=handler,
            input_shape=in_shape,
            output_shape=out_shape,
            read_only=name.startswith(_READ_PREFIXES) if read_only is None else read_only,
            console_only=console,
            resource=resource,
            summary=summary.strip(),
            notes=notes.strip(),
            condition_keys=condition_keys,
        )
        return handler

    return register


def add_condition_keys(full_name: str, keys_of: ConditionKeysOf) -> None:
    """Declare the service-specific IAM condition keys an already registered operation sets."""
    OPERATIONS[full_name] = replace(OPERATIONS[full_name], condition_keys=keys_of)


def canonical_name(name: str) -> str:
    """`CreateModelPackage` -> `sagemaker:CreateModelPackage`; the service defaults to sagemaker."""
    service, sep, op = name.partition(":")
    if not sep:
        return f"{DEFAULT_SERVICE}:{name}"
    return f"{service.lower()}:{op}"


def find_operation(name: str) -> Operation:
    """The operation called `name`, or UnknownOperationException with a suggestion."""
    full = canonical_name(name)
    found = OPERATIONS.get(full)
    if found is not None:
        return found
    raise UnknownOperationException(unknown_operation_message(name))


def unknown_operation_message(name: str) -> str:
    """Why `name` is not an operation here, with the nearest supported names."""
    full = canonical_name(name)
    service, _, op = full.partition(":")
    lowered = {key.lower(): key for key in OPERATIONS}
    if full.lower() in lowered:
        return (
            f"Unknown operation {name!r}: operation names are case-sensitive; "
            f"did you mean {lowered[full.lower()]}?"
        )
    close = difflib.get_close_matches(full, list(OPERATIONS), n=3, cutoff=0.75)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    if service in BOTOCORE_SERVICES and op in service_model(service).operation_names:
        return (
            f"{full} is a real {service} operation that mlgov-sim does not simulate yet"
            f"{hint} (`mlgov-sim ops` lists what it does)"
        )
    return f"Unknown operation {name!r}{hint} (`mlgov-sim ops` lists the supported ones)"
