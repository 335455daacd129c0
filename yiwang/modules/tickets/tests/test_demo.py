"""The demo letters (manifest `demo_data`) over the reference deployment's organisations and demo
people: loaded once however often `load_reference` runs, spread over the states, published masked.

Loading takes seconds, so the tests that only read share one load per module, made inside an outer
transaction that each test's own transaction nests in and rolled back when the module ends."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings

from yiwang.core.accounts.models import User
from yiwang.core.orgs import demo as orgs_demo
from yiwang.core.orgs.reference import load_organisations
from yiwang.core.workflow import services as workflow
from yiwang.modules.tickets import demo
from yiwang.modules.tickets.models import KnowledgeArticle, Publication, Ticket


def _load_reference(var_dir: Path, *, letters: bool = True) -> io.StringIO:
    """What `load_reference` builds before the module demos (organisations, processes, demo people),
    then the demo letters; the people's sign-in details are kept out of the checkout."""
    out = io.StringIO()
    with override_settings(VAR_DIR=var_dir):
        load_organisations()
        workflow.sync_processes()
        orgs_demo.load_people()
        if letters:
            demo.load(out)
    return out


@pytest.fixture(scope="module")
def shared_load(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[io.StringIO]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load_reference(tmp_path_factory.mktemp("var"))
        transaction.set_rollback(True)


@pytest.fixture
def loaded(shared_load: io.StringIO, db: None) -> io.StringIO:
    return shared_load


@pytest.fixture
def fresh_load(db: None, tmp_path: Path) -> io.StringIO:
    return _load_reference(tmp_path)


@pytest.fixture
def reference_without_leader(db: None, tmp_path: Path) -> None:
    """The reference deployment whose demo leader is not there (no holder for 审核)."""
    _load_reference(tmp_path, letters=False)
    User.objects.filter(username="leader").update(username="leader_retired")


def test_loading_twice_creates_the_demo_letters_and_articles_once(fresh_load: io.StringIO) -> None:
    tickets, articles = Ticket.objects.count(), KnowledgeArticle.objects.count()
    out = io.StringIO()

    demo.load(out)

    assert tickets == len(demo.LETTERS)
    assert Ticket.objects.count() == tickets
    assert KnowledgeArticle.objects.count() == articles
    assert "新增演示诉求 0" in out.getvalue()
    assert "未能创建" not in fresh_load.getvalue()


def test_the_demo_letters_are_spread_over_the_states(loaded: io.StringIO) -> None:
    statuses = set(Ticket.objects.values_list("status", flat=True))
    channels = set(Ticket.objects.values_list("channel", flat=True))

    assert statuses == {
        Ticket.Status.SUBMITTED,
        Ticket.Status.RETURNED,
        Ticket.Status.HANDLING,
        Ticket.Status.REPLIED,
        Ticket.Status.CLOSED,
    }
    assert {
        Ticket.Channel.MAYOR_MAILBOX,
        Ticket.Channel.ONLINE_CONSULTATION,
        Ticket.Channel.HOTLINE_12345,
        Ticket.Channel.MAYOR_LINE,
    } <= channels
    assert Ticket.objects.filter(confidential=True).exists()
    reopened = Ticket.objects.get(title="低保复核后被停保希望重新核查")
    assert reopened.status == Ticket.Status.HANDLING
    assert reopened.ratings.get().is_dissatisfied
    rectified = Ticket.objects.get(title="残疾人两项补贴迟迟未到账")
    assert rectified.status == Ticket.Status.CLOSED
    assert rectified.ratings.count() == 2


def test_phone_letters_are_taken_by_the_operator_and_web_letters_by_the_citizen(loaded: io.StringIO) -> None:
    call = Ticket.objects.get(title="伊美区朝阳小区供暖温度不达标")
    letter = Ticket.objects.get(title="金林区林苑小区物业不作为问题")

    assert call.citizen is None
    assert letter.citizen is not None and letter.citizen.username == "zhangwei"
    assert letter.assignments.get().return_reason


def test_the_published_demo_letters_are_on_the_public_list_with_masked_names(
    loaded: io.StringIO, client: Client
) -> None:
    published = Publication.objects.filter(state=Publication.State.PUBLISHED)
    html = client.get("/hudong/tickets/public/").content.decode()

    assert published.count() >= 5
    assert not published.filter(ticket__confidential=True).exists()
    for row in published:
        assert row.title in html
    detail = client.get(f"/hudong/tickets/public/{published.get(title='咨询伊美区城乡低保申请条件和流程').pk}/")
    page = detail.content.decode()
    assert "张*" in page
    assert "张伟" not in page
    assert "13904581234" not in page


def test_a_knowledge_article_is_made_from_a_good_reply(loaded: io.StringIO) -> None:
    article = KnowledgeArticle.objects.get(source_ticket__title="咨询伊美区城乡低保申请条件和流程")

    assert article.agency.full_name == demo.AGENCY
    assert "答：" in article.body
    assert "张伟" not in article.body
    assert 3 <= KnowledgeArticle.objects.count() <= 5


def test_without_the_demo_people_nothing_is_loaded(reference_without_leader: None) -> None:
    before, out = Ticket.objects.count(), io.StringIO()

    demo.load(out)

    assert Ticket.objects.count() == before
    assert "未加载演示诉求" in out.getvalue()
