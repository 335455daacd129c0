"""The workflow API: inbox lists and counts, instance state and log, verbs, and their refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from yiwang.core.workflow import services
from yiwang.core.workflow.errors import WorkflowError
from yiwang.core.workflow.models import ProcessInstance, WorkItem
from yiwang.testing.personas import World

from .inbox_factories import make_delegation, make_instance, make_item, make_step

pytestmark = pytest.mark.django_db
API = "/api/workflow"


def test_todo_lists_my_open_tasks_with_filters_and_paging(world: World, login: Any) -> None:
    make_item(instance=make_instance(initiator=world.leader, module="office"), assignee=world.city_clerk)
    urgent = make_item(
        instance=make_instance(initiator=world.leader, module="tickets", urgency="urgent"), assignee=world.city_clerk
    )
    client = login(world.city_clerk)

    everything = client.get(f"{API}/inbox/todo").json()
    filtered = client.get(f"{API}/inbox/todo", {"urgency": "urgent"}).json()

    assert everything["count"] == 2 and everything["pages"] == 1
    assert [row["id"] for row in filtered["items"]] == [str(urgent.pk)]
    assert filtered["items"][0]["title"] == urgent.title


def test_counts(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    make_item(instance=instance, assignee=world.city_clerk, due_in_days=-1)
    make_item(instance=instance, assignee=world.city_clerk, kind=WorkItem.Kind.READ)

    assert login(world.city_clerk).get(f"{API}/inbox/counts").json() == {"todo": 1, "overdue": 1, "to_read": 1}


def test_done_started_and_to_read_lists(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.city_clerk)
    make_item(
        instance=instance,
        assignee=world.city_clerk,
        state=WorkItem.State.DONE,
        completed_by=world.city_clerk,
        completed_at=timezone.now(),
    )
    make_item(instance=instance, assignee=world.city_clerk, kind=WorkItem.Kind.READ)
    client = login(world.city_clerk)

    assert client.get(f"{API}/inbox/done").json()["count"] == 1
    started = client.get(f"{API}/inbox/started").json()
    assert started["items"][0]["id"] == str(instance.pk)
    assert started["items"][0]["definition_key"] == "test.core"
    assert client.get(f"{API}/inbox/to-read").json()["count"] == 1
    assert client.get(f"{API}/inbox/to-read", {"read": "true"}).json()["count"] == 0


def test_delegate_sees_the_principals_tasks(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.city_clerk), assignee=world.leader)
    make_delegation(principal=world.leader, delegate=world.jiayin_clerk)

    rows = login(world.jiayin_clerk).get(f"{API}/inbox/todo").json()["items"]

    assert [row["id"] for row in rows] == [str(item.pk)]


def test_instance_state_and_log(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    make_item(instance=instance, assignee=world.city_clerk)
    make_step(instance=instance, actor=world.leader, element_id="draft", step_name="拟稿", opinion="请核稿。")
    client = login(world.leader)

    state = client.get(f"{API}/instances/{instance.pk}").json()
    log = client.get(f"{API}/instances/{instance.pk}/log").json()

    assert state["current_elements"] == ["review"]
    assert state["instance"]["status"] == "running"
    assert log[0]["opinion"] == "请核稿。"
    assert log[0]["verb_label"] == "同意/提交"
    assert log[0]["actor"] == str(world.leader)


def test_someone_elses_instance_and_log_are_not_found(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    client = login(world.jiayin_clerk)

    assert client.get(f"{API}/instances/{instance.pk}").status_code == 404
    assert client.get(f"{API}/instances/{instance.pk}/log").status_code == 404


def test_verb_on_a_task_that_is_not_mine_is_not_found(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    response = login(world.jiayin_clerk).post(f"{API}/items/{item.pk}/complete", {}, content_type="application/json")

    assert response.status_code == 404
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN


def test_refusal_is_json_with_the_chinese_message_and_code(
    world: World, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise WorkflowError("该环节不允许加签。", code="verb_not_allowed")

    monkeypatch.setattr(services, "add_signer", refuse)
    response = login(world.city_clerk).post(
        f"{API}/items/{item.pk}/add-signer",
        {"signer": world.leader.pk, "position": "before", "reason": "请局长先看"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "该环节不允许加签。", "code": "verb_not_allowed"}


def test_forbidden_code_answers_403(world: World, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk, sender=world.leader)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise WorkflowError("只有发送人可以撤回。", code="forbidden")

    monkeypatch.setattr(services, "withdraw", refuse)
    response = login(world.leader).post(f"{API}/items/{item.pk}/withdraw", {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_unknown_person_is_refused(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    response = login(world.city_clerk).post(
        f"{API}/items/{item.pk}/reassign", {"to_user": world.citizen.pk}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_person"


def test_citizens_and_anonymous_callers_are_refused(world: World, login: Any, client: Client) -> None:
    assert client.get(f"{API}/inbox/todo").status_code == 401
    assert login(world.citizen).get(f"{API}/inbox/todo").status_code == 401


def test_openapi_lists_the_workflow_endpoints(world: World, client: Client) -> None:
    schema = client.get("/api/openapi.json").json()

    assert "/api/workflow/inbox/todo" in schema["paths"]
    assert "/api/workflow/items/{item_id}/send-back" in schema["paths"]


def _start_document(world: World) -> Any:
    from yiwang.core.workflow import services as engine

    return engine.start(
        key="core.sample_outgoing",
        title="关于做好2026年冬季社会救助工作的通知",
        initiator=world.city_clerk,
        agency=world.city_civil_affairs,
        variables={"countersign_agencies": [world.city_civil_affairs.pk, world.jiayin_civil_affairs.pk]},
    )


def test_complete_through_the_engine_moves_the_process_and_a_second_complete_conflicts(
    world: World, login: Any, processes: Any
) -> None:
    instance = _start_document(world)
    draft = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)
    client = login(world.city_clerk)

    first = client.post(f"{API}/items/{draft.pk}/complete", {"opinion": "请核稿。"}, content_type="application/json")
    again = client.post(f"{API}/items/{draft.pk}/complete", {"opinion": "请核稿。"}, content_type="application/json")

    assert first.status_code == 200
    assert first.json()["current_steps"] == "核稿"
    assert again.status_code == 409
    assert again.json()["code"] == "already_done"
    assert "不能重复办理" in again.json()["detail"]


def test_the_initiator_cannot_complete_the_reviewers_task(world: World, login: Any, processes: Any) -> None:
    from yiwang.core.workflow import services as engine

    instance = _start_document(world)
    engine.complete(WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN), actor=world.city_clerk)
    review = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)

    response = login(world.city_clerk).post(f"{API}/items/{review.pk}/complete", {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "not_yours"
    assert WorkItem.objects.get(pk=review.pk).state == WorkItem.State.OPEN


def test_send_back_without_a_reason_is_refused_with_nothing_changed(world: World, login: Any, processes: Any) -> None:
    from yiwang.core.workflow import services as engine

    instance = _start_document(world)
    engine.complete(WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN), actor=world.city_clerk)
    review = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)

    response = login(world.office_director).post(
        f"{API}/items/{review.pk}/send-back", {"to": "previous", "reason": " "}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "请填写退回理由", "code": "reason_required"}
    assert WorkItem.objects.get(pk=review.pk).state == WorkItem.State.OPEN


def test_terminate_is_for_process_administrators_only(world: World, login: Any, processes: Any) -> None:
    instance = _start_document(world)

    refused = login(world.city_clerk).post(
        f"{API}/instances/{instance.pk}/terminate", {"reason": "不再需要"}, content_type="application/json"
    )
    done = login(world.system_admin).post(
        f"{API}/instances/{instance.pk}/terminate", {"reason": "不再需要"}, content_type="application/json"
    )

    assert refused.status_code == 403
    assert done.status_code == 200
    assert done.json()["status"] == "terminated"


def test_delegation_and_start_through_the_api(world: World, login: Any, processes: Any) -> None:
    client = login(world.leader)
    today = timezone.localdate()

    created = client.post(
        f"{API}/delegations",
        {"delegate": world.city_clerk.pk, "starts_on": str(today), "ends_on": str(today), "reason": "出差"},
        content_type="application/json",
    )
    revoked = client.post(f"{API}/delegations/{created.json()['id']}/revoke")
    started = login(world.city_clerk).post(
        f"{API}/instances",
        {
            "key": "core.sample_ticket",
            "title": "市民来电：路灯不亮",
            "agency_id": world.city_civil_affairs.pk,
            "variables": {"handling_agency": world.city_civil_affairs.pk},
        },
        content_type="application/json",
    )

    assert created.status_code == 201
    assert revoked.json()["revoked_at"] is not None
    assert started.status_code == 201, started.json()
    assert started.json()["definition_key"] == "core.sample_ticket"


def test_a_process_started_through_the_api_carries_its_subject_and_the_inbox_links_to_it(
    world: World, login: Any, processes: Any
) -> None:
    client = login(world.operator)
    started = client.post(
        f"{API}/instances",
        {
            "key": "core.sample_ticket",
            "title": "市民来电：路灯不亮",
            "agency_id": world.city_office.pk,
            "variables": {"handling_agency": world.city_civil_affairs.pk},
            "subject_type": "tickets.ticket",
            "subject_id": "12345",
            "subject_url": "/staff/tickets/12345/",
        },
        content_type="application/json",
    )

    assert started.status_code == 201, started.json()
    body = started.json()
    assert (body["subject_type"], body["subject_id"], body["subject_url"]) == (
        "tickets.ticket",
        "12345",
        "/staff/tickets/12345/",
    )
    [row] = login(world.dispatcher).get(f"{API}/inbox/todo").json()["items"]
    assert row["subject_url"] == "/staff/tickets/12345/"


@pytest.mark.parametrize(
    "subject",
    [
        {"subject_type": "tickets.ticket", "subject_url": "/staff/tickets/1/"},  # no id
        {"subject_type": "tickets.ticket", "subject_id": "1", "subject_url": "https://evil.example/"},
        {"subject_type": "tickets.ticket", "subject_id": "1", "subject_url": "//evil.example/x"},
        {"subject_type": "tickets.ticket", "subject_id": "1", "subject_url": "javascript:alert(1)"},
    ],
)
def test_a_start_with_an_incomplete_subject_or_a_foreign_page_is_refused_and_nothing_starts(
    world: World, login: Any, processes: Any, subject: dict[str, str]
) -> None:
    response = login(world.operator).post(
        f"{API}/instances",
        {
            "key": "core.sample_ticket",
            "title": "市民来电：路灯不亮",
            "agency_id": world.city_office.pk,
            "variables": {"handling_agency": world.city_civil_affairs.pk},
            **subject,
        },
        content_type="application/json",
    )

    assert response.status_code == 400, response.json()
    assert "办理对象" in response.json()["detail"]
    assert not ProcessInstance.objects.filter(title="市民来电：路灯不亮").exists()
