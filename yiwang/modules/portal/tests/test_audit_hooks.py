"""Page actions in the workspace reach the platform audit log."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory
from wagtail import hooks

from yiwang.core.audit.models import AuditEntry
from yiwang.modules.portal.models import ArticlePage, HomePage


def run_hook(name: str, *args: Any) -> None:
    for fn in hooks.get_hooks(name):
        fn(*args)


def test_publishing_in_the_workspace_is_audited_with_actor_and_address(portal: HomePage, world: Any) -> None:
    request = RequestFactory().post("/staff/pages/1/edit/", REMOTE_ADDR="10.1.2.3")
    request.user = world.leader
    article = ArticlePage.objects.get(title="伊春概况")

    run_hook("after_publish_page", request, article)

    entry = AuditEntry.objects.get(event="portal.page_published")
    assert entry.actor_id == world.leader.pk
    assert entry.ip == "10.1.2.3"
    assert entry.object_id == str(article.pk)
    assert entry.detail["url_path"] == article.url_path


def test_deleting_a_page_is_audited_without_a_dangling_object(portal: HomePage, world: Any) -> None:
    request = RequestFactory().post("/staff/pages/1/delete/")
    request.user = world.leader
    article = ArticlePage.objects.get(title="伊春概况")

    run_hook("after_delete_page", request, article)

    entry = AuditEntry.objects.get(event="portal.page_deleted")
    assert entry.object_id == ""
    assert entry.detail["title"] == "伊春概况"


def test_a_workspace_publish_and_unpublish_each_index_the_page_exactly_once(portal: HomePage, world: Any) -> None:
    """The publish in the workspace (the page's own publish, then its hook) logs one search change."""
    from yiwang.core.search.models import SearchChange

    request = RequestFactory().post("/staff/pages/1/edit/")
    request.user = world.leader
    article = ArticlePage.objects.get(title="伊春概况")
    changes = SearchChange.objects.filter(key=f"portal.article:{article.pk}")
    before = changes.count()
    live_entries = AuditEntry.objects.filter(event="portal.page_live", object_id=str(article.pk))
    live_before = live_entries.count()

    article.save_revision().publish()
    run_hook("after_publish_page", request, article)
    published = list(changes.order_by("id")[before:])
    article.refresh_from_db()
    article.unpublish()
    run_hook("after_unpublish_page", request, article)
    unpublished = list(changes.order_by("id")[before + len(published) :])

    assert [change.op for change in published] == [SearchChange.Op.UPSERT]
    assert published[0].document["title"] == "伊春概况"
    assert [change.op for change in unpublished] == [SearchChange.Op.DELETE]
    assert live_entries.count() == live_before + 1  # one 上线 entry too
