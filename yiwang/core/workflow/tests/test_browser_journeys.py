"""Browser journeys through the two sample processes, using every office verb in the staff UI:

(a) 发文: draft → review (核稿) → countersign by three departments → sign-off (签发) → recheck → issue,
    with 撤回, 催办, 加签, 传阅/阅知, 退回 from inside the countersign, 委托 (the delegate acts) and 转办;
(b) 诉求: dispatch (认领 the group task) → handle → 退回 → re-dispatch → handle → reply → review;
    and 终止 by the process administrator on another instance, who also uploads a version and makes
    the earlier one current again on the definitions screen.

The tracking diagram is checked for the highlighted BPMN element ids at each stage (steps, and once
finished the gateways and the end event passed); axe runs on every screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yiwang.core.workflow import services
from yiwang.core.workflow.models import ProcessInstance, Step
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENT = "关于做好2026年冬季社会救助工作的通知"
TICKET = "市民来电：友好区供暖温度不达标"


def _person(user: Any) -> str:
    return f"{user.display_name}（{user.username}）"


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, user)


def open_task(page: Any, title: str, *, tab: str = "todo") -> None:
    """From the inbox, open (or first claim) the task with this title."""
    page.goto(f"/staff/inbox/?tab={tab}")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True)).first
    claim = row.get_by_role("button", name=re.compile("^认领"))
    if claim.count():
        claim.click()
    else:
        row.get_by_role("link", name=title, exact=True).click()
    expect(page.locator("#wf-task-heading")).to_have_text(title)


def submit(page: Any, opinion: str, verb: str = "同意/提交") -> None:
    page.locator("#id_opinion").fill(opinion)
    page.get_by_role("button", name=verb, exact=True).click()


def expect_diagram(page: Any, *, current: list[str], done: list[str] = ()) -> None:  # type: ignore[assignment]
    diagram = page.locator("#wf-diagram")
    expect(diagram).to_have_attribute("data-wf-rendered", "true")
    for element_id in current:
        expect(diagram.locator(f'[data-element-id="{element_id}"].wf-current')).to_have_count(1)
    for element_id in done:
        expect(diagram.locator(f'[data-element-id="{element_id}"].wf-done')).to_have_count(1)
    expect(diagram.locator(".wf-current")).to_have_count(len(current))


def test_document_is_drafted_reviewed_countersigned_signed_and_issued(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, processes: Any
) -> None:
    # 发起: the drafter starts the document process with three countersigning departments.
    sign_in(page, live_server, world.city_clerk)
    page.goto("/staff/workflow/start/")
    axe(page)
    page.locator("#id_definition").select_option(label="示例：发文流程（core.sample_outgoing v1）")
    page.locator("#id_title").fill(DOCUMENT)
    page.locator("#id_urgency").select_option("urgent")
    page.get_by_label("发起单位").select_option(str(world.city_civil_affairs.pk))
    page.get_by_label("会签单位").select_option(
        [str(a.pk) for a in (world.city_civil_affairs, world.jiayin_civil_affairs, world.tieli_civil_affairs)]
    )
    page.get_by_role("button", name="发起").click()
    expect(page.get_by_role("heading", name=DOCUMENT)).to_be_visible()
    expect_diagram(page, current=["draft"])
    axe(page)
    instance = ProcessInstance.objects.get(title=DOCUMENT)

    # 拟稿 → 同意/提交, then 撤回 while 核稿 is unopened, then submit again.
    page.goto("/staff/")
    expect(page.locator("#home-inbox-counts")).to_contain_text("待办 1 件")
    axe(page)
    page.goto("/staff/inbox/")
    axe(page)
    open_task(page, DOCUMENT)
    axe(page)
    submit(page, "请核稿。")
    expect(page.get_by_text("已提交：拟稿")).to_be_visible()
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect_diagram(page, current=["review"], done=["draft"])
    page.get_by_role("button", name="撤回我在“拟稿”的办理").click()
    expect(page.get_by_text("已撤回")).to_be_visible()
    expect_diagram(page, current=["draft"])
    open_task(page, DOCUMENT)
    submit(page, "已修改标题，请核稿。")

    # 催办: the initiator urges the reviewer from the tracking page.
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    page.get_by_role("button", name=re.compile("^催办：核稿")).click()
    expect(page.get_by_text("已催办：核稿")).to_be_visible()
    expect(page.locator("#wf-log")).to_contain_text("催办")

    # 核稿: 加签 before (the operator checks the figures first), 传阅 to the dispatcher, then 同意.
    sign_in(page, live_server, world.office_director)
    open_task(page, DOCUMENT)
    page.get_by_label("加签人").select_option(label=_person(world.operator))
    page.get_by_label("加签位置").select_option("before")
    submit(page, "请先核对救助资金数据。", verb="加签")
    expect(page.get_by_text(f"已加签：{world.operator}")).to_be_visible()

    sign_in(page, live_server, world.operator)
    open_task(page, DOCUMENT)
    expect(page.locator("#wf-current-step")).to_contain_text("核稿（加签）")
    submit(page, "数据已核对无误。")

    sign_in(page, live_server, world.office_director)
    open_task(page, DOCUMENT)
    page.get_by_label("传阅给").select_option([str(world.dispatcher.pk)])
    submit(page, "请派单组周知。", verb="传阅")
    expect(page.get_by_text("已传阅给 1 人。")).to_be_visible()
    submit(page, "核稿无误，请会签。")

    sign_in(page, live_server, world.dispatcher)
    open_task(page, DOCUMENT, tab="to_read")
    axe(page)
    submit(page, "已阅。", verb="阅知")
    expect(page.get_by_text("已阅知。")).to_be_visible()
    page.goto("/staff/inbox/?tab=read")
    expect(page.get_by_role("link", name=DOCUMENT, exact=True)).to_be_visible()

    # 会签: 铁力 sends it back from inside the countersign; 核稿 again; then three votes.
    sign_in(page, live_server, world.tieli_leader)
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect_diagram(page, current=["countersign"], done=["draft", "review"])
    open_task(page, DOCUMENT)
    page.get_by_label("退回至").select_option("previous")
    submit(page, "请补充铁力市的救助数据。", verb="退回")
    expect(page.get_by_text("已退回。")).to_be_visible()

    sign_in(page, live_server, world.office_director)
    open_task(page, DOCUMENT)
    submit(page, "已补充铁力市数据。")

    # 委托: the 局长 delegates to the drafter, who votes on his behalf.
    sign_in(page, live_server, world.leader)
    page.goto("/staff/inbox/?tab=delegations")
    axe(page)
    today = timezone.localdate()
    page.get_by_label("受托人").select_option(label=_person(world.city_clerk))
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("结束日期").fill((today + timedelta(days=3)).isoformat())
    page.get_by_label("事由").fill("赴省厅开会")
    page.get_by_role("button", name="委托", exact=True).click()
    expect(page.get_by_text("已委托")).to_be_visible()

    sign_in(page, live_server, world.city_clerk)
    page.goto("/staff/inbox/")
    expect(page.get_by_text(f"代 {world.leader} 办理")).to_be_visible()
    open_task(page, DOCUMENT)
    submit(page, "同意（代局长）。")

    # 转办: 嘉荫 hands the vote to its clerk, who votes.
    sign_in(page, live_server, world.jiayin_leader)
    open_task(page, DOCUMENT)
    page.get_by_label("转办给").select_option(label=_person(world.jiayin_clerk))
    submit(page, "请刘洋核对后会签。", verb="转办")
    expect(page.get_by_text(f"已转办给 {world.jiayin_clerk}。")).to_be_visible()

    sign_in(page, live_server, world.jiayin_clerk)
    open_task(page, DOCUMENT)
    submit(page, "嘉荫县无意见。")

    sign_in(page, live_server, world.tieli_leader)
    open_task(page, DOCUMENT)
    submit(page, "铁力市同意。")

    # 签发: the 局长 takes the delegation back and signs off.
    sign_in(page, live_server, world.leader)
    page.goto("/staff/inbox/?tab=delegations")
    page.get_by_role("button", name=f"撤销对 {world.city_clerk} 的委托").click()
    expect(page.get_by_text("已撤销对").first).to_be_visible()
    open_task(page, DOCUMENT)
    expect(page.get_by_label("同意", exact=True)).to_be_checked()
    submit(page, "同意签发。")

    # 复核 by the reviewer, then 印发 (the end).
    sign_in(page, live_server, world.office_director)
    open_task(page, DOCUMENT)
    submit(page, "复核无误，印发。")

    sign_in(page, live_server, world.city_clerk)
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect(page.locator("#wf-status")).to_contain_text("已办结")
    expect_diagram(
        page, current=[], done=["start", "draft", "review", "countersign", "sign", "sign_decision", "recheck", "issue"]
    )
    axe(page)
    verbs = set(Step.objects.filter(instance=instance).values_list("verb", flat=True))
    assert {"complete", "withdraw", "urge", "add_signer", "circulate", "mark_read", "send_back", "reassign"} <= verbs
    assert Step.objects.filter(instance=instance, on_behalf_of=world.leader, actor=world.city_clerk).exists()


def test_ticket_is_claimed_handled_sent_back_redispatched_answered_and_reviewed(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, processes: Any
) -> None:
    sign_in(page, live_server, world.operator)
    page.goto("/staff/workflow/start/")
    page.locator("#id_definition").select_option(label="示例：诉求办理（core.sample_ticket v1）")
    page.locator("#id_title").fill(TICKET)
    page.locator("#id_urgency").select_option("very_urgent")
    page.get_by_label("发起单位").select_option(str(world.city_office.pk))
    page.get_by_label("承办单位").select_option(str(world.city_civil_affairs.pk))
    page.get_by_role("button", name="发起").click()
    expect_diagram(page, current=["dispatch"])
    instance = ProcessInstance.objects.get(title=TICKET)

    # 派单: a group task; the dispatcher claims it from the inbox (特急 filter), then dispatches.
    sign_in(page, live_server, world.dispatcher)
    page.goto("/staff/inbox/")
    page.get_by_label("紧急程度", exact=True).select_option("very_urgent")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("组任务，需认领")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=f"认领：{TICKET}").click()
    expect(page.get_by_text("已认领，请办理。")).to_be_visible()
    submit(page, "派市民政局办理。")

    # 办理 → 退回 to 派单; 派单 again; 办理 again.
    sign_in(page, live_server, world.city_clerk)
    open_task(page, TICKET)
    page.get_by_label("退回至").select_option("previous")
    submit(page, "供暖问题请先联系供热公司核实。", verb="退回")
    expect(page.get_by_text("已退回。")).to_be_visible()

    sign_in(page, live_server, world.dispatcher)
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect_diagram(page, current=["dispatch"], done=["handle"])
    open_task(page, TICKET)
    submit(page, "已核实，仍派市民政局。")

    sign_in(page, live_server, world.city_clerk)
    open_task(page, TICKET)
    submit(page, "已协调供热公司上门检修。")
    open_task(page, TICKET)
    expect(page.locator("#wf-current-step")).to_contain_text("答复")
    submit(page, "已电话答复市民，市民表示满意。")

    sign_in(page, live_server, world.leader)
    open_task(page, TICKET)
    submit(page, "同意办结。")
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect(page.locator("#wf-status")).to_contain_text("已办结")
    expect_diagram(page, current=[], done=["start", "dispatch", "handle", "reply", "approve", "done"])
    log = page.locator("#wf-log")
    expect(log).to_contain_text("认领")
    expect(log).to_contain_text("退回")


def test_process_administrator_terminates_an_instance_and_keeps_the_definitions(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, processes: Any
) -> None:
    instance = services.start(
        key="core.sample_ticket",
        title="重复来电：同一供暖问题",
        initiator=world.operator,
        agency=world.city_office,
        variables={"handling_agency": world.city_civil_affairs.pk},
    )

    sign_in(page, live_server, world.system_admin)
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect_diagram(page, current=["dispatch"])
    page.get_by_role("button", name="终止", exact=True).click()  # no reason given
    expect(page.get_by_text("请填写终止理由")).to_be_visible()
    page.get_by_label("终止理由").fill("与已受理诉求重复，合并办理。")
    page.get_by_role("button", name="终止", exact=True).click()
    expect(page.get_by_text("流程已终止。")).to_be_visible()
    expect(page.locator("#wf-status")).to_contain_text("已终止：与已受理诉求重复")
    expect_diagram(page, current=[])
    axe(page)

    # The definitions screen: versions, a version's diagram, and a refused upload keeps the form.
    page.goto("/staff/workflow/definitions/")
    axe(page)
    page.get_by_role("link", name="示例：诉求办理").click()
    expect(page.locator("#wf-diagram")).to_have_attribute("data-wf-rendered", "true")
    axe(page)
    page.goto("/staff/workflow/definitions/upload/")
    page.get_by_label("流程标识").fill("core.sample_ticket")
    page.get_by_label("流程名称").fill("示例：诉求办理")
    page.get_by_label("BPMN 2.0 文件").set_input_files(
        files=[{"name": "bad.bpmn", "mimeType": "application/xml", "buffer": b"<definitions>"}]
    )
    page.get_by_role("button", name="上传并发布").click()
    expect(page.locator("#wf-problems")).to_be_visible()
    expect(page.get_by_label("流程标识")).to_have_value("core.sample_ticket")
    axe(page)

    # A good upload becomes version 2; the administrator then makes version 1 current again.
    page.get_by_label("BPMN 2.0 文件").set_input_files(
        files=[{"name": "ticket.bpmn", "mimeType": "application/xml", "buffer": instance.definition.bpmn_xml.encode()}]
    )
    page.get_by_role("button", name="上传并发布").click()
    expect(page.get_by_text("已发布 示例：诉求办理 第 2 版")).to_be_visible()
    page.goto(f"/staff/workflow/definitions/{instance.definition.pk}/")
    page.get_by_role("button", name="设为当前版本").click()
    expect(page.get_by_text("第 1 版已设为当前版本")).to_be_visible()
    expect(page.get_by_role("button", name="设为当前版本")).to_have_count(0)
    axe(page)
