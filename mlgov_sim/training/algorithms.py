"""The built-in algorithms mlgov-sim trains, recognised from their real regional image URIs.

SageMaker's built-in algorithms live in ECR registries that AWS owns, one
account per algorithm family and Region (the SageMaker Python SDK's
`image_uri_config/*.json`). XGBoost's framework images are
`<account>.dkr.ecr.<region>.amazonaws.com/sagemaker-xgboost:<version>` (1.7-1
and friends); its legacy image is `.../xgboost:1` in yet another account.
Linear Learner and K-Means share one account per Region:
`.../linear-learner:1`, `.../kmeans:1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Algorithm:
    """A built-in algorithm: its name, its ECR repository, and what its model file is called."""

    name: str  # xgboost | linear-learner | kmeans
    title: str
    repositories: tuple[str, ...]
    model_file: str  # the file inside model.tar.gz


XGBOOST = Algorithm("xgboost", "XGBoost", ("sagemaker-xgboost", "xgboost"), "xgboost-model")
LINEAR_LEARNER = Algorithm("linear-learner", "Linear Learner", ("linear-learner",), "model_algo-1")
KMEANS = Algorithm("kmeans", "K-Means", ("kmeans",), "model_algo-1")
ALGORITHMS = {a.name: a for a in (XGBOOST, LINEAR_LEARNER, KMEANS)}

# Region -> registry account, from the SageMaker Python SDK's image_uri_config.
_XGBOOST_FRAMEWORK = {  # sagemaker-xgboost:<version> (0.90-1 ... 1.7-1 and later)
    "us-east-1": "683313688378",
    "us-east-2": "257758044811",
    "us-west-1": "746614075791",
    "us-west-2": "246618743249",
    "eu-west-1": "141502667606",
    "eu-west-2": "764974769150",
    "eu-central-1": "492215442770",
    "ap-southeast-2": "783357654285",
}
_XGBOOST_LEGACY = {  # xgboost:1
    "us-east-1": "811284229777",
    "us-east-2": "825641698319",
    "us-west-1": "632365934929",
    "us-west-2": "433757028032",
    "eu-west-1": "685385470294",
    "eu-west-2": "644912444149",
    "eu-central-1": "813361260812",
    "ap-southeast-2": "544295431143",
}
_FIRST_PARTY = {  # linear-learner:1, kmeans:1
    "us-east-1": "382416733822",
    "us-east-2": "404615174143",
    "us-west-1": "632365934929",
    "us-west-2": "174872318107",
    "eu-west-1": "438346466558",
    "eu-west-2": "644912444149",
    "eu-central-1": "664544806723",
    "ap-southeast-2": "712309505854",
}
_REGISTRIES: dict[str, dict[str, str]] = {
    "sagemaker-xgboost": _XGBOOST_FRAMEWORK,
    "xgboost": _XGBOOST_LEGACY,
    "linear-learner": _FIRST_PARTY,
    "kmeans": _FIRST_PARTY,
}
_BY_REPOSITORY = {repo: a for a in ALGORITHMS.values() for repo in a.repositories}
_IMAGE = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/"
    r"(?P<repository>[a-z0-9._/-]+?)(?::(?P<tag>[\w.-]+)|@(?P<digest>sha256:[0-9a-f]{64}))?$"
)
REGIONS = tuple(sorted(_FIRST_PARTY))


class UnknownImage(ValueError):
    """An image mlgov-sim cannot train with; the message says what it can."""


def image_uri(algorithm: str, region: str) -> str:
    """The image URI of a built-in algorithm in `region` (XGBoost at version 1.7-1)."""
    if algorithm == "xgboost":
        return (
            f"{_XGBOOST_FRAMEWORK[region]}.dkr.ecr.{region}.amazonaws.com/sagemaker-xgboost:1.7-1"
        )
    return f"{_FIRST_PARTY[region]}.dkr.ecr.{region}.amazonaws.com/{algorithm}:1"


def from_image(image: str, region: str) -> Algorithm:
    """The built-in algorithm `image` is, in `region`; UnknownImage when it is none of them."""
    match = _IMAGE.match(image.strip())
    repository = match.group("repository") if match else None
    algorithm = _BY_REPOSITORY.get(repository or "")
    if match is None or algorithm is None:
        raise UnknownImage(
            f"mlgov-sim trains only the built-in algorithms XGBoost, Linear Learner and K-Means, "
            f"and does not recognise the image {image!r}. In {region} they are "
            f"{_examples(region)}."
        )
    expected = _REGISTRIES[repository or ""].get(match.group("region"))
    if match.group("region") != region:
        raise UnknownImage(
            f"The image {image!r} is in {match.group('region')}, but the training job runs in "
            f"{region}: use the algorithm's image in {region}"
            + (f" ({_examples(region)})" if region in _FIRST_PARTY else "")
            + "."
        )
    if expected is not None and match.group("account") != expected:
        raise UnknownImage(
            f"The image {image!r} is not in the registry of the built-in {algorithm.title} "
            f"algorithm: in {region} that is account {expected} "
            f"({expected}.dkr.ecr.{region}.amazonaws.com/{repository})."
        )
    return algorithm


def from_name(name: str, region: str) -> Algorithm:
    """The built-in algorithm AlgorithmName names (`xgboost`, `linear-learner`, `kmeans`)."""
    found = ALGORITHMS.get(name.rsplit("/", 1)[-1].lower())
    if found is None:
        raise UnknownImage(
            f"mlgov-sim knows no algorithm resource {name!r}: it trains only the built-in "
            f"algorithms, as AlgorithmName xgboost, linear-learner or kmeans, or by their "
            f"images ({_examples(region)})."
        )
    return found


def _examples(region: str) -> str:
    if region not in _FIRST_PARTY:
        return "at the SageMaker Python SDK's image_uris.retrieve(...) addresses"
    return ", ".join(image_uri(name, region) for name in ALGORITHMS)
