"""Fixtures for the portal tests: the demo page tree of 中国伊春.

Loading the demo archive publishes ~50 pages through Wagtail (seconds), so `portal` shares one
load per test module: it is made inside an outer transaction that each test's own transaction
nests in (a savepoint), and rolled back when the module ends. Tests that need a fresh load
(idempotency, agencies) use `fresh_portal`. Browser tests (transactional) load their own.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from wagtail.models import Site

from yiwang.modules.portal import demo
from yiwang.modules.portal.models import HomePage
from yiwang.testing.personas import World, build_world


@pytest.fixture(scope="module")
def demo_tree(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        with transaction.atomic():
            demo.load(io.StringIO(), full=False)
            yield
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()


@pytest.fixture
def portal(demo_tree: None, db: None) -> HomePage:
    """The demo site (no agencies: 发布机构 blank), shared by the module, each test rolled back."""
    return HomePage.objects.get(depth=2)


@pytest.fixture
def fresh_portal(db: None) -> HomePage:
    demo.load(io.StringIO(), full=False)
    return HomePage.objects.get(depth=2)


@pytest.fixture(scope="module")
def demo_world_tree(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The test organisations (`build_world`) and the demo over them, shared by the module."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            demo.load(io.StringIO(), full=False)
            yield world
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()


@pytest.fixture
def portal_world(demo_world_tree: World, db: None) -> World:
    """Organisations + demo portal (policy documents, 解读, disclosure trees), each test rolled back."""
    Site.clear_site_root_paths_cache()
    return demo_world_tree


@pytest.fixture
def publish_root(tmp_path: Path, settings: Any) -> Path:
    """Published files (ADR 0006) written to a temporary directory."""
    settings.YIWANG_PORTAL = {**settings.YIWANG_PORTAL, "PUBLISH_DIR": str(tmp_path)}
    return tmp_path
