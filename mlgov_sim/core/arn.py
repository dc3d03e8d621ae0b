"""Building and parsing ARNs (`arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/2`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Arn:
    """The parts of an ARN; `resource` is everything after the account."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"

    @property
    def resource_type(self) -> str:
        """`model-package` for `model-package/churn/2`."""
        return self.resource.split("/", 1)[0].split(":", 1)[0]

    @property
    def resource_id(self) -> str:
        """`churn/2` for `model-package/churn/2`."""
        head, _, tail = self.resource.partition("/")
        return tail if tail else head


def build(service: str, region: str, account: str, resource: str) -> str:
    """An ARN in the `aws` partition.

    >>> build("sagemaker", "us-east-1", "111122223333", "model-package-group/churn")
    'arn:aws:sagemaker:us-east-1:111122223333:model-package-group/churn'
    """
    return f"arn:aws:{service}:{region}:{account}:{resource}"


def parse(text: str) -> Arn | None:
    """The parts of `text`, or None when it is not an ARN.

    >>> parse("arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/2").resource_id
    'churn/2'
    """
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[2]:
        return None
    return Arn(*parts[1:])


def is_arn(text: str) -> bool:
    """Whether `text` reads as an ARN."""
    return parse(text) is not None
