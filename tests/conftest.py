"""Shared fixtures: a fresh in-memory world per test."""

from __future__ import annotations

import pytest

from mlgov_sim.app import World


@pytest.fixture
def world() -> World:
    """A new world in memory, at the default account, region and clock."""
    return World.create()
