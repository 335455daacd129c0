"""Several application servers, one change log: each local index catches up from the same log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from yiwang.core.audit.models import AuditEntry
from yiwang.core.registry.manifest import Manifest, Searchable
from yiwang.core.search import services, sync
from yiwang.core.search.backends.base import StaleGenerationError, SyncState
from yiwang.core.search.backends.tantivy import SCHEMA_VERSION, TantivyBackend
from yiwang.core.search.models import SearchChange
from yiwang.core.search.selectors import search
from yiwang.core.search.text import parse_query
from yiwang.core.search.types import SearchDocument, SearchFilters, Visibility

from .conftest import make_doc

pytestmark = pytest.mark.django_db


def titles(backend, query):
    results = backend.search(parse_query(query), filters=SearchFilters(), visibility=Visibility(everything=True))
    return sorted(hit.title for hit in results.hits)


def log(document: SearchDocument, *, change_id: int | None = None) -> SearchChange:
    return SearchChange.objects.create(
        id=change_id,
        key=document.key,
        kind=document.kind,
        object_id=document.object_id,
        op="upsert",
        document=document.to_json(),
    )


@pytest.fixture
def servers(tmp_path):
    """Two application servers, each with its own index directory."""
    return TantivyBackend(path=str(tmp_path / "app1")), TantivyBackend(path=str(tmp_path / "app2"))


def test_two_servers_catch_up_from_the_same_log(servers, django_capture_on_commit_callbacks):
    app1, app2 = servers
    with django_capture_on_commit_callbacks(execute=True):
        services.index_documents([make_doc(1, "冬季供暖通知"), make_doc(2, "森林防火通告")])
    assert sync.catch_up(app1) == 2
    assert titles(app1, "通知") == ["冬季供暖通知"]
    assert titles(app2, "通知") == []  # not yet caught up
    sync.catch_up(app2)
    assert titles(app2, "通知") == ["冬季供暖通知"]

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document("portal.article", 1)
        services.index_document(make_doc(2, "森林防火通告（更正）"))
    for server in servers:
        sync.catch_up(server)
        assert titles(server, "冬季供暖") == []
        assert titles(server, "森林防火") == ["森林防火通告（更正）"]


def test_a_restarted_server_resumes_from_its_committed_cursor(tmp_path):
    log(make_doc(1, "营商环境"))
    first = TantivyBackend(path=str(tmp_path / "app"))
    sync.catch_up(first)
    cursor = first.sync_state().cursor
    first.close()
    restarted = TantivyBackend(path=str(tmp_path / "app"))
    assert restarted.sync_state().cursor == cursor
    assert sync.catch_up(restarted) == 0
    assert titles(restarted, "营商环境") == ["营商环境"]


def test_an_entry_that_commits_late_below_the_cursor_is_still_applied(servers):
    # On PostgreSQL, id 11 can commit before id 10: the reader must come back for 10.
    app1, _ = servers
    first = log(make_doc(1, "第一条"))
    log(make_doc(3, "第三条"), change_id=first.id + 2)
    sync.catch_up(app1)
    state = app1.sync_state()
    assert state.cursor == first.id + 2 and first.id + 1 in state.gaps
    log(make_doc(2, "第二条"), change_id=first.id + 1)
    sync.catch_up(app1)
    assert titles(app1, "第二条") == ["第二条"]
    assert app1.sync_state().gaps == {}


def test_a_late_older_entry_never_overwrites_a_newer_version(servers):
    app1, _ = servers
    base = log(make_doc(9, "无关")).id
    log(make_doc(1, "新版本标题"), change_id=base + 2)
    sync.catch_up(app1)
    log(make_doc(1, "旧版本标题"), change_id=base + 1)  # an older edit whose transaction committed late
    sync.catch_up(app1)
    assert titles(app1, "标题") == ["新版本标题"]


def test_gaps_are_given_up_after_a_while(servers, monkeypatch):
    app1, _ = servers
    first = log(make_doc(1, "甲"))
    log(make_doc(3, "丙"), change_id=first.id + 2)
    sync.catch_up(app1)
    monkeypatch.setattr(sync, "GAP_SECONDS", 0.0)
    sync.catch_up(app1)
    assert app1.sync_state().gaps == {}


def demo_documents():
    yield make_doc(1, "嘉荫县恐龙博物馆开放公告", "恐龙化石", kind="demo.notice")
    yield make_doc(2, "伊春森林康养基地名单", "森林康养", kind="demo.notice")


@pytest.fixture
def demo_manifest(monkeypatch):
    manifest = Manifest(
        name="demo",
        title="演示",
        searchables=(
            Searchable(kind="demo.notice", label="公告", documents="yiwang.core.search.tests.test_sync.demo_documents"),
        ),
    )
    monkeypatch.setattr(sync, "get_manifests", lambda: (manifest,))
    return manifest


def test_rebuild_reads_every_searchable_the_manifests_declare_and_is_audited(demo_manifest):
    log(make_doc(7, "重建前已删除的旧文档"))
    assert services.rebuild_index(actor_label="test") == 2
    assert [h.title for h in search("恐龙").hits] == ["嘉荫县恐龙博物馆开放公告"]
    # The log up to the rebuild is not replayed on top of the fresh index.
    assert search("旧文档").total == 0
    entry = AuditEntry.objects.get(event="search.rebuild")
    assert entry.result == "success" and entry.detail == {"documents": 2}


def test_changes_logged_during_a_rebuild_are_applied_after_it(demo_manifest, tmp_path, monkeypatch):
    app = TantivyBackend(path=str(tmp_path / "app"))
    reader = TantivyBackend(path=str(tmp_path / "app"))  # a gunicorn worker on the same server
    original = sync.searchable_documents

    def documents_while_an_editor_publishes(kinds=None):
        log(make_doc(3, "重建期间发布的森林防火通知"))
        yield from original(kinds)

    monkeypatch.setattr(sync, "searchable_documents", documents_while_an_editor_publishes)
    sync.rebuild(app)
    assert titles(app, "森林") == ["伊春森林康养基地名单", "重建期间发布的森林防火通知"]
    assert titles(reader, "森林") == ["伊春森林康养基地名单", "重建期间发布的森林防火通知"]


def test_a_rebuild_replaces_the_generation_that_other_processes_read(demo_manifest, tmp_path):
    app = TantivyBackend(path=str(tmp_path / "app"))
    reader = TantivyBackend(path=str(tmp_path / "app"))
    app.index_many([make_doc(5, "旧的恐龙文档", kind="demo.notice")])
    assert titles(reader, "恐龙") == ["旧的恐龙文档"]
    sync.rebuild(app)
    assert titles(reader, "恐龙") == ["嘉荫县恐龙博物馆开放公告"]
    generations = [p for p in (tmp_path / "app").iterdir() if p.is_dir()]
    assert len(generations) <= 2  # the live one and the one before it


def test_search_rebuild_command(demo_manifest):
    out = []
    call_command("search_rebuild", stdout=type("W", (), {"write": lambda self, s: out.append(s)})())
    assert "2 条文档" in "".join(out)
    assert search("康养").total == 1


def test_search_sync_builds_a_new_server_then_applies_the_log(demo_manifest, django_capture_on_commit_callbacks):
    call_command("search_sync", "--once")
    assert search("恐龙").total == 1
    log(make_doc(8, "新发布的冰雪旅游指南"))
    call_command("search_sync", "--once")
    assert search("冰雪旅游").total == 1


def test_a_server_with_an_old_schema_or_offline_too_long_rebuilds(tmp_path):
    app = TantivyBackend(path=str(tmp_path / "app"))
    assert sync.needs_rebuild(app)  # never built
    app.rebuild([], state=SyncState(built=True, synced_at=timezone.now().timestamp()))
    assert not sync.needs_rebuild(app)
    stale = app.sync_state()
    stale.synced_at -= 30 * 86400
    app.apply(upserts=[], deletes=[], state=stale)
    assert sync.needs_rebuild(app)
    app.apply(upserts=[], deletes=[], state=SyncState(built=True, synced_at=timezone.now().timestamp()))
    live = (tmp_path / "app" / "CURRENT").read_text()
    state_file = tmp_path / "app" / live / "state.json"
    state_file.write_text(state_file.read_text().replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": 0'))
    assert sync.needs_rebuild(app)


def test_old_log_entries_are_pruned():
    old = log(make_doc(1, "旧"))
    SearchChange.objects.filter(id=old.id).update(created_at=timezone.now() - timedelta(days=30))
    log(make_doc(2, "新"))
    assert sync.prune_log() == 1
    assert list(SearchChange.objects.values_list("object_id", flat=True)) == ["2"]


def test_a_sync_that_races_a_rebuild_never_writes_its_old_cursor_into_the_new_index(demo_manifest, tmp_path):
    syncer = TantivyBackend(path=str(tmp_path / "app"))  # the search_sync process
    rebuilder = TantivyBackend(path=str(tmp_path / "app"))  # manage.py search_rebuild
    stale = syncer.sync_state()
    sync.rebuild(rebuilder)
    with pytest.raises(StaleGenerationError):
        syncer.apply(upserts=[], deletes=[], state=stale)
    log(make_doc(4, "重建之后发布的冰雪旅游通知"))
    sync.catch_up(syncer)
    assert titles(rebuilder, "冰雪旅游") == ["重建之后发布的冰雪旅游通知"]
