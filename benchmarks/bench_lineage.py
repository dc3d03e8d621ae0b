"""Lineage speed figures, printed, not asserted (shared machines are noisy).

    make bench

Targets (issue 5): QueryLineage from one vertex with MaxDepth 10 on a world of
100,000 associations under 20 ms; `mlgov-sim lineage --format dot` of a
1,000-vertex subgraph under 0.5 s.

The world is generated with bulk inserts through the lineage store
(`store.insert_many`), not 100,000 World.calls: it is shaped as SageMaker
records a model registry (per version: a monthly dataset and the group's base
dataset and image contributing to a training job, which produced the model
data, which the version's artifact packages, registered by an action,
approved and re-approved, associated with its group's context), 10 versions
to a group, plus one group of 140 versions whose neighbourhood holds about
1,000 vertices for the drawing.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from mlgov_sim.app import World
from mlgov_sim.cli.main import cli
from mlgov_sim.core.ids import derive_hex
from mlgov_sim.lineage import store
from mlgov_sim.lineage.query import neighbourhood
from mlgov_sim.lineage.store import Association, Entity

ACCOUNT, REGION = "111122223333", "us-east-1"
PREFIX = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}"
SMALL_GROUPS, SMALL_VERSIONS = 986, 10
BIG_VERSIONS = 140
PER_VERSION = 10  # associations per version (see the module docstring)


class Generator:
    """Entities and associations of a generated registry's lineage, ready for insert_many."""

    def __init__(self, world: World) -> None:
        self.now = world.now
        self.entities: list[Entity] = []
        self.associations: list[Association] = []
        self.types: dict[str, str] = {}
        self.serial = 0

    def entity(self, kind: str, resource: str, type_: str, uri: str, name: str | None) -> str:
        arn = f"{PREFIX}:{resource}"
        self.entities.append(
            Entity(ACCOUNT, REGION, kind, arn, type_, uri, self.now, self.now, name=name)
        )
        self.types[arn] = type_
        return arn

    def artifact(self, type_: str, uri: str) -> str:
        self.serial += 1
        hexid = derive_hex("bench", "artifact", self.serial)
        return self.entity(store.ARTIFACT, f"artifact/{hexid}", type_, uri, None)

    def action(self, name: str, type_: str, uri: str) -> str:
        return self.entity(store.ACTION, f"action/{name}", type_, uri, name)

    def link(self, source: str, destination: str, kind: str) -> None:
        self.associations.append(
            Association(
                ACCOUNT,
                REGION,
                source,
                destination,
                self.types[source],
                self.types[destination],
                self.now,
                kind,
            )
        )

    def group(self, name: str, versions: int) -> tuple[str, str]:
        """A group's lineage; returns (its context's ARN, its first version's artifact's ARN)."""
        group_arn = f"{PREFIX}:model-package-group/{name}"
        context = self.entity(
            store.CONTEXT, f"context/{name}-aws-model-package-group", "ModelGroup", group_arn, None
        )
        base = self.artifact("DataSet", f"s3://data/{name}/base.csv")
        image = self.artifact("Image", f"1.dkr.ecr.{REGION}.amazonaws.com/{name}:1")
        first = ""
        for version in range(1, versions + 1):
            label = f"{name}-{version}"
            month = self.artifact("DataSet", f"s3://data/{name}/{version}.csv")
            job = self.entity(
                store.TRIAL_COMPONENT,
                f"experiment-trial-component/{label}-aws-training-job",
                "TrainingJob",
                f"{PREFIX}:training-job/{label}",
                f"{label}-aws-training-job",
            )
            model = self.artifact("Model", f"s3://models/{label}/output/model.tar.gz")
            package_arn = f"{PREFIX}:model-package/{name}/{version}"
            package = self.artifact("Model", package_arn)
            registration = self.action(f"{label}-registration", "ModelRegistration", package_arn)
            approvals = [
                self.action(f"{label}-approval-{n}", "Approval", package_arn) for n in (1, 2)
            ]
            for source in (base, month, image):
                self.link(source, job, "ContributedTo")
            self.link(job, model, "Produced")
            self.link(model, package, "ContributedTo")
            self.link(image, package, "ContributedTo")
            self.link(package, context, "AssociatedWith")
            self.link(registration, package, "Produced")
            for approval in approvals:
                self.link(package, approval, "ContributedTo")
            first = first or package
        return context, first


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "lineage-bench.db")
        world = World.create(db)
        generated = Generator(world)
        start = time.perf_counter()
        small = [generated.group(f"g{i:04d}", SMALL_VERSIONS) for i in range(SMALL_GROUPS)]
        big_context, _ = generated.group("platform", BIG_VERSIONS)
        with world.engine.begin() as connection:
            store.insert_many(connection, generated.entities, generated.associations)
        built = time.perf_counter() - start
        count = len(generated.associations)
        print(
            f"{'generated world (store.insert_many)':<48} {count:>10,} associations"
            f"  ({len(generated.entities):,} entities, {built:.1f} s)"
        )
        assert count == 100_000, count

        _, version = small[len(small) // 2]
        dataset = generated.associations[0].source_arn  # a group's base dataset
        figures = {}
        for label, start_arn, direction in (
            ("Ascendants of a version", version, "Ascendants"),
            ("Descendants of a dataset", dataset, "Descendants"),
            ("Both from a version", version, "Both"),
        ):
            query = {
                "StartArns": [start_arn],
                "Direction": direction,
                "MaxDepth": 10,
                "IncludeEdges": True,
                "MaxResults": 50,
            }
            with world.reading() as session:
                walk = neighbourhood(session, start_arn, direction, 10)
            reached = len(walk.vertices) if walk else 0
            figures[label] = median_ms(lambda q=query: world.call("QueryLineage", q), 50)
            print(
                f"{'QueryLineage, ' + label:<48} {figures[label]:>10.2f} ms"
                f"   (World.call; the walk reaches {reached} vertices)"
            )

        runner = CliRunner()
        args = ["lineage", big_context, "--db", db, "--format", "dot"]
        output = runner.invoke(cli, args).output
        vertices = sum(1 for line in output.splitlines() if "[label=" in line and "->" not in line)
        vertices -= 4  # the legend's four nodes
        dot_ms = median_ms(lambda: runner.invoke(cli, args), 5)
        print(
            f"{'mlgov-sim lineage --format dot':<48} {dot_ms / 1000:>10.3f} s "
            f"  (in-process; {vertices} vertices, {output.count(' -> ')} edges)"
        )

        print()
        worst = max(figures.values())
        print(f"target QueryLineage < 20 ms:          {'met' if worst < 20 else 'MISSED'}")
        print(f"target lineage --format dot < 0.5 s:  {'met' if dot_ms < 500 else 'MISSED'}")
        world.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
