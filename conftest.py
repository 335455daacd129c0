"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from yiwang.testing.personas import World, build_world


@pytest.fixture
def world(db: None) -> World:
    """伊春市 with two counties, their agencies and every persona."""
    return build_world()


pytest_plugins = ["yiwang.testing.browser"]
