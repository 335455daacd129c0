"""Thin triggers: Wagtail's page signals hand changes to the delivery services after commit.

Signals (not the workspace hooks) so that scheduled publishing (`publish_scheduled`), services and
commands are covered as well as the workspace. No logic here: each receiver calls a service, which
schedules its work with `transaction.on_commit`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from yiwang.core.web.fragments import bump_content_version

from . import publishing, search
from .models import SiteIdentity


def _content_changed() -> None:
    transaction.on_commit(bump_content_version, robust=True)


def _published(sender: Any, instance: Page, **kwargs: Any) -> None:
    search.sync_page(instance)
    _content_changed()
    publishing.page_published(instance)


def _unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    search.sync_page(instance)
    _content_changed()
    publishing.page_unpublished(instance)


def _moved(sender: Any, instance: Page, parent_page_before: Page, url_path_before: str, **kwargs: Any) -> None:
    search.sync_page(instance, descendants=True)  # their addresses changed
    _content_changed()
    publishing.page_moved(instance, old_url_path=url_path_before, old_parent=parent_page_before)


def _slug_changed(sender: Any, instance: Page, instance_before: Page, **kwargs: Any) -> None:
    search.sync_page(instance, descendants=True)
    _content_changed()
    publishing.page_moved(instance, old_url_path=instance_before.url_path, old_parent=None)


def _deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    search.sync_page(instance, removed=True)
    _content_changed()
    publishing.page_deleted(instance)


def _identity_saved(sender: Any, instance: SiteIdentity, **kwargs: Any) -> None:
    # The footer of every page of the site shows it: new chrome now, files at the next republish.
    _content_changed()


def _restriction_changed(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
    # Remembered routes carry the view restrictions along their path (models/routing.py).
    _content_changed()


def connect() -> None:
    page_published.connect(_published, dispatch_uid="portal.delivery.published")
    page_unpublished.connect(_unpublished, dispatch_uid="portal.delivery.unpublished")
    post_page_move.connect(_moved, dispatch_uid="portal.delivery.moved")
    page_slug_changed.connect(_slug_changed, dispatch_uid="portal.delivery.slug_changed")
    pre_delete.connect(_deleted, sender=Page, dispatch_uid="portal.delivery.deleted")
    post_save.connect(_identity_saved, sender=SiteIdentity, dispatch_uid="portal.delivery.identity_saved")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="portal.delivery.restriction_saved"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="portal.delivery.restriction_deleted"
    )
