"""Putting a served world back as it was set up, for test harnesses (`serve --allow-reset`).

A reset keeps what a scenario's `world:` section declares — account, region,
seed, title, start time, principals, roles and automations — and drops every
resource, event and audit entry, by creating the world afresh in the same
database and declaring the same set-up again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from mlgov_sim.core.state import PrincipalRow, RoleRow, WorldRow
from mlgov_sim.core.world import ADMIN, World


@dataclass(frozen=True)
class Setup:
    """A world's declared set-up, read when the server starts."""

    url: str
    world: WorldRow
    principals: list[PrincipalRow]
    roles: list[RoleRow]
    automations: list[dict[str, Any]]

    @classmethod
    def of(cls, world: World) -> Setup:
        with world.reading() as session:
            roles = list(session.exec(select(RoleRow).order_by(RoleRow.name)))
        return cls(
            url=world.engine.url.render_as_string(hide_password=False),
            world=world.info(),
            principals=[row for row in world.principals() if row.name != ADMIN],
            roles=roles,
            automations=[
                {
                    "name": row.name,
                    "pattern": row.pattern,
                    "steps": row.steps,
                    "principal": row.principal,
                }
                for row in world.automations()
            ],
        )

    def rebuild(self, old: World) -> World:
        """The world created afresh where `old` was, with this set-up and nothing else."""
        old.engine.dispose()
        row = self.world
        world = World.create(
            self.url,
            account=row.account,
            region=row.region,
            clock=row.started_at,
            seed=row.seed,
            title=row.title,
            replace=True,
        )
        for role in self.roles:
            world.add_role(role.name, role.policies, account=role.account)
        for principal in self.principals:
            world.add_principal(
                principal.name, account=principal.account, arn=principal.arn, role=principal.role
            )
        for automation in self.automations:
            world.add_automation(**automation)
        return world
