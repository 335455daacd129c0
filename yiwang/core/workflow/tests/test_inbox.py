"""The one inbox: who sees which 待办 (own, delegated, group), its filters, counts and screens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from yiwang.core.workflow import selectors
from yiwang.core.workflow.models import WorkItem
from yiwang.testing.personas import World

from .inbox_factories import make_delegation, make_instance, make_item

pytestmark = pytest.mark.django_db


def test_todo_lists_only_my_open_tasks(world: World) -> None:
    mine = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)
    make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk, state=WorkItem.State.DONE)
    make_item(instance=make_instance(initiator=world.leader), assignee=world.jiayin_clerk)
    make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk, kind=WorkItem.Kind.READ)

    assert list(selectors.list_todo(world.city_clerk)) == [mine]


def test_delegate_sees_the_principals_tasks_while_the_delegation_runs(world: World) -> None:
    item = make_item(instance=make_instance(initiator=world.city_clerk), assignee=world.leader)
    make_delegation(principal=world.leader, delegate=world.city_clerk)

    assert item in selectors.list_todo(world.city_clerk)
    assert list(selectors.list_held_as_delegate(world.city_clerk)) == [item]


def test_delegation_limited_to_a_module_shows_only_that_module(world: World) -> None:
    office = make_item(instance=make_instance(initiator=world.city_clerk, module="office"), assignee=world.leader)
    tickets = make_item(instance=make_instance(initiator=world.city_clerk, module="tickets"), assignee=world.leader)
    make_delegation(principal=world.leader, delegate=world.city_clerk, module="office")

    todo = list(selectors.list_todo(world.city_clerk))
    assert office in todo
    assert tickets not in todo


def test_revoked_or_finished_delegation_shows_nothing(world: World) -> None:
    make_item(instance=make_instance(initiator=world.city_clerk), assignee=world.leader)
    revoked = make_delegation(principal=world.leader, delegate=world.city_clerk)
    revoked.revoked_at = timezone.now()
    revoked.save()
    old = make_delegation(principal=world.leader, delegate=world.jiayin_clerk)
    old.starts_on = old.ends_on = timezone.localdate() - timedelta(days=5)
    old.save()

    assert not selectors.list_todo(world.city_clerk).exists()
    assert not selectors.list_todo(world.jiayin_clerk).exists()


def test_group_task_is_offered_to_every_holder_of_the_post_and_nobody_else(world: World) -> None:
    group = make_item(
        instance=make_instance(initiator=world.leader),
        candidate_agency=world.city_civil_affairs,
        candidate_role=world.clerk_role,
    )

    assert group in selectors.list_todo(world.city_clerk)
    assert group not in selectors.list_todo(world.jiayin_clerk)  # same role, another agency
    assert group not in selectors.list_todo(world.leader)  # same agency, another role


def test_filters_by_module_urgency_and_overdue(world: World) -> None:
    plain = make_item(instance=make_instance(initiator=world.leader, module="office"), assignee=world.city_clerk)
    urgent = make_item(
        instance=make_instance(initiator=world.leader, module="tickets", urgency="very_urgent"),
        assignee=world.city_clerk,
        due_in_days=-1,
    )
    user = world.city_clerk

    assert list(selectors.list_todo(user, module="office")) == [plain]
    assert list(selectors.list_todo(user, urgency="very_urgent")) == [urgent]
    assert list(selectors.list_todo(user, overdue=True)) == [urgent]


def test_counts_todo_overdue_and_to_read(world: World) -> None:
    instance = make_instance(initiator=world.leader)
    make_item(instance=instance, assignee=world.city_clerk)
    make_item(instance=instance, assignee=world.city_clerk, due_in_days=-2)
    make_item(instance=instance, assignee=world.city_clerk, kind=WorkItem.Kind.READ)

    counts = selectors.count_inbox(world.city_clerk)

    assert (counts.todo, counts.overdue, counts.to_read) == (2, 1, 1)


def test_todo_is_one_query_after_the_delegation_lookup(world: World, django_assert_num_queries: Any) -> None:
    instance = make_instance(initiator=world.leader)
    for _ in range(5):
        make_item(instance=instance, assignee=world.city_clerk)
    make_delegation(principal=world.leader, delegate=world.city_clerk)
    acting = selectors.get_acting(world.city_clerk)

    with django_assert_num_queries(1):
        rows = list(selectors.list_todo(world.city_clerk, acting=acting))

    assert len(rows) == 5


@pytest.mark.parametrize("tab, kind", [("todo", WorkItem.Kind.TODO), ("to_read", WorkItem.Kind.READ)])
def test_inbox_page_queries_do_not_grow_with_the_number_of_rows(world: World, login: Any, tab: str, kind: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_rows(count: int) -> None:
        for n in range(count):
            instance = make_instance(
                initiator=world.leader, title=f"来文{n}", subject_url=f"/staff/office/documents/{n}/"
            )
            make_item(instance=instance, assignee=world.city_clerk, kind=kind)

    client = login(world.city_clerk)
    client.get(f"/staff/inbox/?tab={tab}")  # warm the session and the menu caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/staff/inbox/?tab={tab}")
        assert response.status_code == 200
        return len(captured.captured_queries)

    add_rows(5)
    with_5 = queries()
    add_rows(45)  # 50 rows: a full page of 20 is shown
    with_50 = queries()
    assert with_50 == with_5
    assert 'href="/staff/office/documents/44/"' in client.get(f"/staff/inbox/?tab={tab}").content.decode()


def test_done_started_and_read_tabs_list_their_own_rows(world: World) -> None:
    started = make_instance(initiator=world.city_clerk, title="我发起的请示")
    done = make_item(
        instance=started,
        assignee=world.city_clerk,
        state=WorkItem.State.DONE,
        completed_by=world.city_clerk,
        completed_at=timezone.now(),
    )
    to_read = make_item(instance=started, assignee=world.city_clerk, kind=WorkItem.Kind.READ)
    was_read = make_item(
        instance=started, assignee=world.city_clerk, kind=WorkItem.Kind.READ, state=WorkItem.State.DONE
    )

    assert list(selectors.list_done(world.city_clerk)) == [done]
    assert list(selectors.list_started(world.city_clerk)) == [started]
    assert list(selectors.list_to_read(world.city_clerk)) == [to_read]
    assert list(selectors.list_to_read(world.city_clerk, read=True)) == [was_read]
    assert not selectors.list_started(world.leader).exists()


@pytest.mark.parametrize("tab", ["todo", "done", "started", "to_read", "read", "delegations"])
def test_every_inbox_tab_renders(world: World, login: Any, tab: str) -> None:
    make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    response = login(world.city_clerk).get(f"/staff/inbox/?tab={tab}")

    assert response.status_code == 200
    assert "待办中心" in response.content.decode()


def test_inbox_row_links_to_the_module_page_or_the_task_page(world: World, login: Any) -> None:
    with_page = make_item(
        instance=make_instance(initiator=world.leader, title="有业务页面", subject_url="/staff/office/documents/7/"),
        assignee=world.city_clerk,
    )
    without = make_item(instance=make_instance(initiator=world.leader, title="无业务页面"), assignee=world.city_clerk)

    html = login(world.city_clerk).get("/staff/inbox/").content.decode()

    assert 'href="/staff/office/documents/7/"' in html
    assert f'href="/staff/workflow/items/{without.pk}/"' in html
    assert with_page.title in html


def test_group_task_row_offers_claim(world: World, login: Any) -> None:
    make_item(
        instance=make_instance(initiator=world.leader, title="群众来电：供暖不热"),
        candidate_agency=world.city_civil_affairs,
        candidate_role=world.clerk_role,
    )

    html = login(world.city_clerk).get("/staff/inbox/").content.decode()

    assert "认领" in html
    assert "组任务，需认领" in html


def test_inbox_is_paginated(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    for _ in range(25):
        make_item(instance=instance, assignee=world.city_clerk)

    client = login(world.city_clerk)
    first = client.get("/staff/inbox/").content.decode()
    second = client.get("/staff/inbox/?page=2").content.decode()

    assert "第 1 / 2 页" in first
    assert "第 2 / 2 页" in second


def test_staff_home_and_menu_show_the_counts(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    make_item(instance=instance, assignee=world.city_clerk, due_in_days=-1)
    make_item(instance=instance, assignee=world.city_clerk, kind=WorkItem.Kind.READ)

    html = login(world.city_clerk).get("/staff/").content.decode()

    assert 'id="home-inbox-counts"' in html
    assert "待办 <strong>1</strong> 件，超期 <strong>1</strong> 件，待阅 <strong>1</strong> 件" in html
    menu_label = "待办中心（1 待办，1 超期，1 待阅）".encode("unicode_escape").decode()
    assert menu_label in html  # the sidebar menu (JSON props)


def test_home_panel_and_inbox_open_the_modules_page_for_an_item_with_a_subject(world: World, login: Any) -> None:
    make_item(
        instance=make_instance(initiator=world.leader, title="关于供暖的来电", subject_url="/staff/tickets/7/"),
        assignee=world.city_clerk,
    )
    without = make_item(instance=make_instance(initiator=world.leader, title="内部请示"), assignee=world.city_clerk)
    client = login(world.city_clerk)

    for html in (client.get("/staff/").content.decode(), client.get("/staff/inbox/").content.decode()):
        assert '<a href="/staff/tickets/7/">关于供暖的来电</a>' in html
        assert f'<a href="/staff/workflow/items/{without.pk}/">内部请示</a>' in html


def test_group_task_reaches_a_member_whose_post_covers_the_subtree(world: World) -> None:
    dispatcher_role = world.dispatcher.memberships.get().role
    item = make_item(
        instance=make_instance(initiator=world.leader),
        candidate_agency=world.jiayin_civil_affairs,  # below 市政府, where the dispatcher's post covers the subtree
        candidate_role=dispatcher_role,
    )

    assert item in selectors.list_todo(world.dispatcher)
    assert selectors.can_act_on(world.dispatcher, item)
    assert item not in selectors.list_todo(world.city_clerk)
