"""Staff screens: the task page, process tracking, definitions, 发起 and 委托 — who may see and do what."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.core.audit.models import AuditEntry
from yiwang.core.workflow import services
from yiwang.core.workflow.errors import DefinitionError, WorkflowError
from yiwang.core.workflow.models import Delegation, ProcessDefinition, WorkItem
from yiwang.testing.personas import World

from .inbox_factories import SAMPLE_XML, make_delegation, make_instance, make_item, make_step
from .test_definitions import INITIATOR, bpmn, deploy, user_task

pytestmark = pytest.mark.django_db


def _html(response: Any) -> str:
    return response.content.decode()


def test_task_page_shows_title_step_opinions_in_order_and_the_allowed_verbs(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader, title="关于春节期间值班安排的通知")
    make_step(instance=instance, actor=world.leader, step_name="拟稿", opinion="请核稿。")
    make_step(instance=instance, actor=world.jiayin_clerk, step_name="会签", opinion="无意见。")
    item = make_item(instance=instance, assignee=world.city_clerk)

    html = _html(login(world.city_clerk).get(f"/staff/workflow/items/{item.pk}/"))

    assert "关于春节期间值班安排的通知" in html
    assert 'id="wf-current-step">核稿' in html
    assert html.index("请核稿。") < html.index("无意见。")
    for label in ("同意/提交", ">退回<", ">转办<", ">加签<", ">传阅<"):
        assert label in html
    assert ">终止<" not in html  # admins only
    assert ">认领<" not in html


def test_step_without_add_signer_does_not_offer_it(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    instance.definition.steps = {"review": {"name": "核稿", "verbs": ["complete", "send_back"]}}
    instance.definition.save()
    item = make_item(instance=instance, assignee=world.city_clerk)

    html = _html(login(world.city_clerk).get(f"/staff/workflow/items/{item.pk}/"))

    assert ">退回<" in html
    assert ">加签<" not in html
    assert ">转办<" not in html


def test_group_task_page_offers_only_claim(world: World, login: Any) -> None:
    item = make_item(
        instance=make_instance(initiator=world.leader),
        candidate_agency=world.city_civil_affairs,
        candidate_role=world.clerk_role,
    )

    html = _html(login(world.city_clerk).get(f"/staff/workflow/items/{item.pk}/"))

    assert 'value="claim"' in html
    assert 'value="complete"' not in html


def test_task_of_an_instance_that_is_not_mine_is_not_found(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    response = login(world.jiayin_clerk).get(f"/staff/workflow/items/{item.pk}/")

    assert response.status_code == 404


def test_initiator_sees_the_task_without_acting_but_may_urge(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    item = make_item(instance=instance, assignee=world.city_clerk, sender=world.leader)

    html = _html(login(world.leader).get(f"/staff/workflow/items/{item.pk}/"))

    assert 'value="urge"' in html
    assert 'value="complete"' not in html


def test_delegate_gets_the_principals_buttons(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.city_clerk), assignee=world.leader)
    make_delegation(principal=world.leader, delegate=world.jiayin_clerk)

    html = _html(login(world.jiayin_clerk).get(f"/staff/workflow/items/{item.pk}/"))

    assert 'value="complete"' in html


def test_refused_verb_shows_the_chinese_message_and_keeps_the_opinion(
    world: World, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise WorkflowError("该事项已由他人办理，无需重复提交。", code="already_done")

    monkeypatch.setattr(services, "complete", refuse)
    response = login(world.city_clerk).post(
        f"/staff/workflow/items/{item.pk}/act/", {"verb": "complete", "opinion": "同意，请领导审阅。"}
    )

    assert response.status_code == 400
    html = _html(response)
    assert "该事项已由他人办理，无需重复提交。" in html
    assert "同意，请领导审阅。" in html


def test_reassign_without_a_person_is_refused_with_the_opinion_kept(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    response = login(world.city_clerk).post(
        f"/staff/workflow/items/{item.pk}/act/", {"verb": "reassign", "opinion": "请王科长办理"}
    )

    assert response.status_code == 400
    assert "请选择转办给谁。" in _html(response)
    assert "请王科长办理" in _html(response)
    assert WorkItem.objects.get(pk=item.pk).assignee == world.city_clerk


def test_acting_on_a_task_that_is_not_mine_is_not_found(world: World, login: Any) -> None:
    item = make_item(instance=make_instance(initiator=world.leader), assignee=world.city_clerk)

    response = login(world.jiayin_clerk).post(f"/staff/workflow/items/{item.pk}/act/", {"verb": "complete"})

    assert response.status_code == 404
    assert WorkItem.objects.get(pk=item.pk).state == WorkItem.State.OPEN


def test_tracking_page_shows_the_log_and_the_diagram_state(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    make_item(
        instance=instance,
        assignee=world.leader,
        element_id="draft",
        step_name="拟稿",
        state=WorkItem.State.DONE,
        completed_by=world.leader,
    )
    make_item(instance=instance, assignee=world.city_clerk)
    make_step(instance=instance, actor=world.leader, element_id="draft", step_name="拟稿", opinion="请核稿。")

    response = login(world.leader).get(f"/staff/workflow/instances/{instance.pk}/")

    html = _html(response)
    assert response.status_code == 200
    assert 'id="wf-log"' in html and "请核稿。" in html and "同意/提交" in html
    start = html.index('id="wf-diagram-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data["done"] == ["draft"]
    assert data["current"] == ["review"]
    assert "<bpmn:definitions" in data["xml"]
    assert "/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js" in html
    assert "<script>" not in html.split("wf-diagram-data")[0][-200:]  # data only, no inline code


def test_someone_elses_instance_log_is_not_found(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)
    make_item(instance=instance, assignee=world.city_clerk)

    assert login(world.jiayin_clerk).get(f"/staff/workflow/instances/{instance.pk}/").status_code == 404


def test_process_administrator_sees_any_instance_and_may_terminate(world: World, login: Any) -> None:
    instance = make_instance(initiator=world.leader)

    html = _html(login(world.system_admin).get(f"/staff/workflow/instances/{instance.pk}/"))

    assert "终止流程" in html


def test_terminate_refused_by_the_service_is_shown(world: World, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = make_instance(initiator=world.leader)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise WorkflowError("请填写终止理由。", code="reason_required")

    monkeypatch.setattr(services, "terminate", refuse)
    client = login(world.system_admin)
    response = client.post(f"/staff/workflow/instances/{instance.pk}/terminate/", {"reason": ""}, follow=True)

    assert "请填写终止理由。" in _html(response)


def test_definitions_screen_lists_versions_for_the_process_administrator(world: World, login: Any) -> None:
    make_instance(initiator=world.leader)

    html = _html(login(world.system_admin).get("/staff/workflow/definitions/"))

    assert "test.core" in html and "v1" in html


def test_definitions_screen_is_refused_to_other_staff(world: World, login: Any) -> None:
    response = login(world.city_clerk).get("/staff/workflow/definitions/")

    assert response.status_code == 302  # Wagtail turns PermissionDenied into a redirect to /staff/
    assert login(world.city_clerk).get("/staff/workflow/definitions/upload/").status_code == 302


def test_definition_version_page_draws_its_diagram(world: World, login: Any) -> None:
    definition = make_instance(initiator=world.leader).definition

    html = _html(login(world.system_admin).get(f"/staff/workflow/definitions/{definition.pk}/"))

    assert 'id="wf-diagram-data"' in html
    assert "review" in html


_ONE_STEP = bpmn(
    '<bpmn:startEvent id="s" />' + user_task("a", "办理", INITIATOR) + '<bpmn:endEvent id="e" />'
    '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" /><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="e" />'
)


def test_process_administrator_makes_an_earlier_version_current_and_running_instances_keep_theirs(
    world: World, login: Any
) -> None:
    first = deploy(_ONE_STEP)
    second = deploy(_ONE_STEP)
    running = services.start(
        key="test.process", title="在办", initiator=world.city_clerk, agency=world.city_civil_affairs
    )
    client = login(world.system_admin)

    page = _html(client.get(f"/staff/workflow/definitions/{first.pk}/"))
    response = client.post(f"/staff/workflow/definitions/{first.pk}/make-current/", follow=True)

    assert "设为当前版本" in page
    assert "第 1 版已设为当前版本" in _html(response)
    assert list(ProcessDefinition.objects.filter(key="test.process", is_current=True)) == [first]
    running.refresh_from_db()
    assert running.definition == second
    assert AuditEntry.objects.filter(event="workflow.definition_made_current", object_id=str(first.pk)).exists()
    again = client.post(f"/staff/workflow/definitions/{first.pk}/make-current/", follow=True)
    assert "第 1 版已是当前版本" in _html(again)
    assert "设为当前版本</button>" not in _html(again)


def test_other_staff_cannot_switch_the_current_version(world: World, login: Any) -> None:
    first = deploy(_ONE_STEP)
    deploy(_ONE_STEP)

    login(world.city_clerk).post(f"/staff/workflow/definitions/{first.pk}/make-current/")

    first.refresh_from_db()
    assert not first.is_current
    with pytest.raises(WorkflowError):
        services.make_current(first, actor=world.city_clerk)


def test_bad_upload_lists_each_problem_with_its_element_and_keeps_the_form(
    world: World, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> Any:
        raise DefinitionError([("review", "找不到角色 office_director"), ("", "缺少结束事件")])

    monkeypatch.setattr(services, "deploy_definition", refuse)
    upload = SimpleUploadedFile("bad.bpmn", SAMPLE_XML.encode(), content_type="application/xml")
    response = login(world.system_admin).post(
        "/staff/workflow/definitions/upload/",
        {"key": "office.outgoing", "name": "发文办理", "module": "office", "bpmn_file": upload},
    )

    html = _html(response)
    assert response.status_code == 400
    assert "<code>review</code>：找不到角色 office_director" in html
    assert "缺少结束事件" in html
    assert 'value="office.outgoing"' in html and 'value="发文办理"' in html


def test_upload_calls_the_service_and_returns_to_the_list(
    world: World, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def deploy(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return ProcessDefinition(key=kwargs["key"], name=kwargs["name"], version=2, module="core")

    monkeypatch.setattr(services, "deploy_definition", deploy)
    upload = SimpleUploadedFile("ok.bpmn", SAMPLE_XML.encode(), content_type="application/xml")
    response = login(world.system_admin).post(
        "/staff/workflow/definitions/upload/",
        {"key": "test.sample", "name": "测试流程", "module": "core", "bpmn_file": upload},
    )

    assert response.status_code == 302
    assert calls[0]["bpmn_xml"] == SAMPLE_XML.encode()
    assert calls[0]["actor"] == world.system_admin


def test_start_screen_keeps_the_input_when_refused(world: World, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    definition = make_instance(initiator=world.leader).definition

    def refuse(**kwargs: Any) -> Any:
        raise WorkflowError("请选择会签单位。", code="missing_variable")

    monkeypatch.setattr(services, "start", refuse)
    response = login(world.city_clerk).post(
        "/staff/workflow/start/",
        {
            "definition": definition.pk,
            "title": "关于开展养老机构安全检查的通知",
            "urgency": "urgent",
            "agency": world.city_civil_affairs.pk,
        },
    )

    assert response.status_code == 400
    assert "请选择会签单位。" in _html(response)
    assert "关于开展养老机构安全检查的通知" in _html(response)


def test_start_screen_passes_the_sample_variables(world: World, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    definition = make_instance(initiator=world.leader).definition
    calls: list[dict[str, Any]] = []

    def start(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return make_instance(initiator=world.city_clerk)

    monkeypatch.setattr(services, "start", start)
    response = login(world.city_clerk).post(
        "/staff/workflow/start/",
        {
            "definition": definition.pk,
            "title": "关于开展养老机构安全检查的通知",
            "urgency": "normal",
            "agency": world.city_civil_affairs.pk,
            "countersign_agencies": [world.city_office.pk, world.jiayin_civil_affairs.pk],
            "handling_agency": world.tieli_civil_affairs.pk,
            "extra": '{"doc_type": "通知"}',
        },
    )

    assert response.status_code == 302
    assert calls[0]["variables"] == {
        "doc_type": "通知",
        "countersign_agencies": [world.city_office.pk, world.jiayin_civil_affairs.pk],
        "handling_agency": world.tieli_civil_affairs.pk,
    }
    assert calls[0]["agency"] == world.city_civil_affairs


def test_start_screen_refuses_bad_json_with_the_input_kept(world: World, login: Any) -> None:
    definition = make_instance(initiator=world.leader).definition

    response = login(world.city_clerk).post(
        "/staff/workflow/start/",
        {
            "definition": definition.pk,
            "title": "标题",
            "urgency": "normal",
            "agency": world.city_civil_affairs.pk,
            "extra": "{bad",
        },
    )

    assert response.status_code == 400
    assert "不是有效的 JSON" in _html(response)
    assert "{bad" in _html(response)


def test_delegation_with_end_before_start_is_refused(world: World, login: Any) -> None:
    response = login(world.leader).post(
        "/staff/workflow/delegations/",
        {"delegate": world.city_clerk.pk, "starts_on": "2026-03-10", "ends_on": "2026-03-01", "reason": "出差"},
    )

    assert response.status_code == 400
    assert "结束日期不能早于开始日期。" in _html(response)
    assert not Delegation.objects.exists()


def test_revoking_someone_elses_delegation_is_not_found(world: World, login: Any) -> None:
    delegation = make_delegation(principal=world.leader, delegate=world.city_clerk)

    response = login(world.jiayin_clerk).post(f"/staff/workflow/delegations/{delegation.pk}/revoke/")

    assert response.status_code == 404
    assert Delegation.objects.get(pk=delegation.pk).revoked_at is None


def _start_document(world: World) -> Any:
    return services.start(
        key="core.sample_outgoing",
        title="关于做好2026年冬季社会救助工作的通知",
        initiator=world.city_clerk,
        agency=world.city_civil_affairs,
        variables={"countersign_agencies": [world.city_civil_affairs.pk]},
    )


def test_completing_on_the_task_page_moves_the_process_and_twice_is_refused(
    world: World, login: Any, processes: Any
) -> None:
    instance = _start_document(world)
    draft = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)
    client = login(world.city_clerk)

    done = client.post(f"/staff/workflow/items/{draft.pk}/act/", {"verb": "complete", "opinion": "请核稿。"})
    twice = client.post(f"/staff/workflow/items/{draft.pk}/act/", {"verb": "complete", "opinion": "再次提交"})

    assert done.status_code == 302
    review = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)
    assert (review.element_id, review.assignee) == ("review", world.office_director)
    assert twice.status_code == 400
    assert "不能重复办理" in _html(twice)
    assert 'value="complete"' not in _html(twice)


def test_opening_the_task_records_it_so_the_sender_can_no_longer_withdraw(
    world: World, login: Any, processes: Any
) -> None:
    instance = _start_document(world)
    services.complete(WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN), actor=world.city_clerk)
    review = WorkItem.objects.get(instance=instance, state=WorkItem.State.OPEN)
    tracking = f"/staff/workflow/instances/{instance.pk}/"
    assert "撤回我在“拟稿”的办理" in _html(login(world.city_clerk).get(tracking))

    login(world.office_director).get(f"/staff/workflow/items/{review.pk}/")

    assert WorkItem.objects.get(pk=review.pk).opened_at is not None
    assert "撤回我在“拟稿”的办理" not in _html(login(world.city_clerk).get(tracking))
