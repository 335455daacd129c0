"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from yiwang.testing.auth import sign_in
from yiwang.testing.personas import World, build_world


@pytest.fixture
def login(client: Client) -> Callable[[Any], Client]:
    """`login(user)` signs a persona in on the test client (staff: second factor passed)."""
    return lambda user: sign_in(client, user)


@pytest.fixture
def world(db: None) -> World:
    """伊春市 with two counties, their agencies and every persona."""
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_search_index() -> Iterator[None]:
    """Each test starts with an empty in-memory search index (settings.test: YIWANG_SEARCH PATH "")."""
    from yiwang.core.search.backends import reset_backend

    reset_backend()
    yield
    reset_backend()


@pytest.fixture(autouse=True)
def _fresh_site_root_paths() -> Iterator[None]:
    """Wagtail caches the sites' root paths in the shared cache (Redis in the PostgreSQL run); a test's
    rolled-back sites must not route the next test's requests."""
    from wagtail.models import Site

    yield
    Site.clear_site_root_paths_cache()


pytest_plugins = ["yiwang.testing.browser"]
