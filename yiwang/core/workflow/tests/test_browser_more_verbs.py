"""Browser journeys for the office verbs the main journeys (test_browser_journeys.py) leave out:

(a) 后加签: the reviewer adds a signer *after* himself; the signer gets the document only once the
    reviewer has submitted, and when the signer submits the process goes on to 会签;
(b) 退回 from inside the countersign to the initiator (发起人), and later to a named earlier step (核稿),
    each with a reason that the tracking log shows;
(c) 签发 with the decision 不同意: the sample gateway's default branch takes the document back to 拟稿;
(d) 会签 completion rules on small test processes deployed here: "any" closes on the first vote,
    "60%" of three closes on the second vote and not on the first.

Everything is done in the staff UI (the test processes are deployed through the service, as a
process administrator would upload them); the tracking diagram is checked at each stage and axe
runs on every new screen state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.workflow import services
from yiwang.core.workflow.models import ProcessInstance, Step
from yiwang.testing.personas import World

from .test_browser_journeys import _person, expect_diagram, open_task, sign_in, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTGOING = "示例：发文流程（core.sample_outgoing v1）"


def start_document(page: Any, live_server: Any, world: World, title: str, countersigners: list[Any]) -> ProcessInstance:
    """The drafter starts the sample document process from the 发起 screen."""
    sign_in(page, live_server, world.city_clerk)
    page.goto("/staff/workflow/start/")
    page.locator("#id_definition").select_option(label=OUTGOING)
    page.locator("#id_title").fill(title)
    page.get_by_label("发起单位").select_option(str(world.city_civil_affairs.pk))
    page.get_by_label("会签单位").select_option([str(a.pk) for a in countersigners])
    page.get_by_role("button", name="发起").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect_diagram(page, current=["draft"])
    return ProcessInstance.objects.get(title=title)


def track(page: Any, instance: ProcessInstance) -> None:
    page.goto(f"/staff/workflow/instances/{instance.pk}/")
    expect(page.locator("#wf-diagram")).to_have_attribute("data-wf-rendered", "true")


def expect_todo(page: Any, title: str, *, present: bool) -> None:
    """The signed-in user's 待办 tab does (or does not) list this title."""
    page.goto("/staff/inbox/?tab=todo")
    expect(page.locator(".wf-table caption")).to_contain_text("待办")
    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(1 if present else 0)


def log_row(page: Any, *, verb: str, element: str) -> Any:
    return page.locator(f'#wf-log tr[data-verb="{verb}"][data-element-id="{element}"]')


# --- (a) 后加签 ---------------------------------------------------------------------------------


def test_signer_added_after_the_reviewer_gets_the_document_only_once_the_reviewer_submits(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, processes: Any
) -> None:
    title = "关于核拨2026年冬季临时救助资金的请示"
    instance = start_document(page, live_server, world, title, [world.jiayin_civil_affairs])
    open_task(page, title)
    submit(page, "请核稿。")

    # 核稿: the office director adds the operator *after* himself (后加签).
    sign_in(page, live_server, world.office_director)
    open_task(page, title)
    page.get_by_label("加签人").select_option(label=_person(world.operator))
    page.get_by_label("加签位置").select_option("after")
    submit(page, "核稿后请话务员核对来电数据。", verb="加签")
    expect(page.get_by_text(f"已加签：{world.operator}")).to_be_visible()
    axe(page)

    # Until the director submits, the added signer has nothing to do.
    sign_in(page, live_server, world.operator)
    expect_todo(page, title, present=False)
    axe(page)

    sign_in(page, live_server, world.office_director)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("核稿")
    submit(page, "核稿无误。")
    expect(page.get_by_text("已提交：核稿")).to_be_visible()
    track(page, instance)
    expect_diagram(page, current=["review"], done=["draft"])  # still at 核稿: the added signer holds it
    expect(page.locator("#wf-open")).to_contain_text(f"核稿（加签）：{world.operator}")
    expect(log_row(page, verb="add_signer", element="review")).to_contain_text("核稿后请话务员核对来电数据。")
    axe(page)

    # Now the added signer has it, acts, and the process goes on to 会签.
    sign_in(page, live_server, world.operator)
    expect_todo(page, title, present=True)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("核稿（加签）")
    axe(page)
    submit(page, "来电数据已核对。")
    expect(page.get_by_text("已提交：核稿（加签）")).to_be_visible()
    track(page, instance)
    expect_diagram(page, current=["countersign"], done=["draft", "review"])
    expect(page.locator("#wf-open")).to_contain_text(f"会签：{world.jiayin_leader}")
    axe(page)

    sign_in(page, live_server, world.jiayin_leader)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("会签")
    signer_steps = Step.objects.filter(instance=instance, verb="complete", actor=world.operator)
    assert list(signer_steps.values_list("element_id", flat=True)) == ["review"]


# --- (b) 退回 to the initiator and to a named earlier step ------------------------------------------


def test_countersigner_sends_back_to_the_initiator_and_later_to_the_review_step(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, processes: Any
) -> None:
    title = "关于调整城乡低保标准的通知"
    instance = start_document(page, live_server, world, title, [world.jiayin_civil_affairs, world.tieli_civil_affairs])
    open_task(page, title)
    submit(page, "请核稿。")
    sign_in(page, live_server, world.office_director)
    open_task(page, title)
    submit(page, "核稿无误，请会签。")

    # 铁力 sends it back to the initiator (发起人), from inside the countersign.
    sign_in(page, live_server, world.tieli_leader)
    open_task(page, title)
    expect(page.get_by_label("退回至").locator("option")).to_have_text(
        ["上一环节", "发起人", "环节：拟稿", "环节：核稿"]
    )
    page.get_by_label("退回至").select_option("initiator")
    submit(page, "铁力市标准测算有误，请发起人重新拟稿。", verb="退回")
    expect(page.get_by_text("已退回。")).to_be_visible()
    axe(page)
    track(page, instance)
    expect_diagram(page, current=["draft"], done=["review", "countersign"])
    expect(page.locator("#wf-open")).to_contain_text(f"拟稿：{world.city_clerk}")
    back = log_row(page, verb="send_back", element="countersign")
    expect(back).to_have_count(1)
    expect(back).to_contain_text("退回")
    expect(back).to_contain_text("铁力市标准测算有误，请发起人重新拟稿。")
    expect(back).to_contain_text(str(world.tieli_leader))
    axe(page)

    # The other countersigner's vote is gone; the initiator has the document at 拟稿.
    sign_in(page, live_server, world.jiayin_leader)
    expect_todo(page, title, present=False)
    sign_in(page, live_server, world.city_clerk)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("拟稿")
    expect(page.locator(".wf-opinions")).to_contain_text("铁力市标准测算有误，请发起人重新拟稿。")
    axe(page)
    submit(page, "已按铁力市意见重新测算。")
    sign_in(page, live_server, world.office_director)
    open_task(page, title)
    submit(page, "再次核稿无误。")

    # 嘉荫 sends it back to the named step 核稿: it lands with the reviewer, not the initiator.
    sign_in(page, live_server, world.jiayin_leader)
    open_task(page, title)
    page.get_by_label("退回至").select_option(label="环节：核稿")
    submit(page, "嘉荫县数据引用有误，请核稿人核对。", verb="退回")
    expect(page.get_by_text("已退回。")).to_be_visible()
    track(page, instance)
    expect_diagram(page, current=["review"], done=["draft", "countersign"])
    expect(page.locator("#wf-open")).to_contain_text(f"核稿：{world.office_director}")
    back = log_row(page, verb="send_back", element="countersign")
    expect(back).to_have_count(2)
    expect(back.nth(1)).to_contain_text("嘉荫县数据引用有误，请核稿人核对。")
    expect(back.nth(1)).to_contain_text(str(world.jiayin_leader))
    axe(page)

    sign_in(page, live_server, world.city_clerk)
    expect_todo(page, title, present=False)
    sign_in(page, live_server, world.tieli_leader)
    expect_todo(page, title, present=False)
    sign_in(page, live_server, world.office_director)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("核稿")
    expect(page.locator(".wf-opinions")).to_contain_text("嘉荫县数据引用有误，请核稿人核对。")
    axe(page)
    submit(page, "已核对嘉荫县数据。")
    track(page, instance)
    expect_diagram(page, current=["countersign"], done=["draft", "review"])
    sends = Step.objects.filter(instance=instance, verb="send_back").order_by("at")
    assert [s.detail["to"] for s in sends] == ["draft", "review"]


# --- (c) 签发：不同意 ---------------------------------------------------------------------------------


def test_disagreeing_at_sign_off_returns_the_document_to_drafting(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World, processes: Any
) -> None:
    title = "关于开展养老机构安全检查的通知"
    instance = start_document(page, live_server, world, title, [world.jiayin_civil_affairs])
    open_task(page, title)
    submit(page, "请核稿。")
    sign_in(page, live_server, world.office_director)
    open_task(page, title)
    submit(page, "核稿无误。")
    sign_in(page, live_server, world.jiayin_leader)
    open_task(page, title)
    submit(page, "嘉荫县同意。")

    # 签发: the 局长 chooses 不同意; the gateway's default branch (flow_disagree) leads to 拟稿.
    sign_in(page, live_server, world.leader)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("签发")
    agree, disagree = page.get_by_label("同意", exact=True), page.get_by_label("不同意", exact=True)
    expect(agree).to_be_checked()
    disagree.check()
    expect(disagree).to_be_checked()
    expect(agree).not_to_be_checked()
    axe(page)
    submit(page, "检查范围不全，请补充农村敬老院。")
    expect(page.get_by_text("已提交：签发（不同意）")).to_be_visible()
    track(page, instance)
    expect_diagram(page, current=["draft"], done=["review", "countersign", "sign", "sign_decision"])
    expect(page.locator("#wf-open")).to_contain_text(f"拟稿：{world.city_clerk}")
    signed = log_row(page, verb="complete", element="sign")
    expect(signed).to_have_count(1)
    expect(signed.get_by_role("cell").nth(3)).to_have_text("同意/提交（不同意）")
    expect(signed).to_contain_text("检查范围不全，请补充农村敬老院。")
    axe(page)

    # The drafter has it again; the recheck step (复核, the 同意 branch) was never reached.
    sign_in(page, live_server, world.city_clerk)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("拟稿")
    expect(page.locator(".wf-opinions")).to_contain_text(f"签发 · {world.leader} · 同意/提交（不同意）")
    axe(page)
    sign_in(page, live_server, world.office_director)
    expect_todo(page, title, present=False)
    instance.refresh_from_db()
    assert instance.variables["decision"] == "不同意"
    assert not instance.items.filter(element_id="recheck").exists()


# --- (d) 会签 completion: any, 60% -------------------------------------------------------------------


def countersign_bpmn(key: str, name: str, completion: str) -> str:
    """start → 会签 (leaders of the 会签单位, parallel) → 汇总 (the initiator) → end, with a diagram."""

    def shape(element: str, x: int, width: int = 100, height: int = 80) -> str:
        y = 122 if width == 36 else 100
        return (
            f'<bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}">'
            f'<dc:Bounds x="{x}" y="{y}" width="{width}" height="{height}" /></bpmndi:BPMNShape>'
        )

    def edge(flow: str, x1: int, x2: int) -> str:
        return (
            f'<bpmndi:BPMNEdge id="{flow}_di" bpmnElement="{flow}">'
            f'<di:waypoint x="{x1}" y="140" /><di:waypoint x="{x2}" y="140" /></bpmndi:BPMNEdge>'
        )

    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:yw="urn:yiwang:bpmn:1" '
        f'id="Definitions_test" targetNamespace="urn:test"><bpmn:process id="{key}" name="{name}" isExecutable="true">'
        '<bpmn:startEvent id="start" name="开始"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>'
        '<bpmn:userTask id="sign" name="会签"><bpmn:extensionElements>'
        '<yw:assignee rule="leader" agency="var:countersign_agencies" />'
        "<yw:verbs>complete send_back withdraw urge</yw:verbs>"
        f'<yw:countersign completion="{completion}" /></bpmn:extensionElements>'
        "<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>"
        '<bpmn:multiInstanceLoopCharacteristics isSequential="false" /></bpmn:userTask>'
        '<bpmn:userTask id="after" name="汇总"><bpmn:extensionElements><yw:assignee rule="initiator" />'
        "<yw:verbs>complete</yw:verbs></bpmn:extensionElements>"
        "<bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>"
        '<bpmn:endEvent id="end" name="结束"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>'
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="after" />'
        '<bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end" />'
        "</bpmn:process>"
        f'<bpmndi:BPMNDiagram id="Diagram_test"><bpmndi:BPMNPlane id="Plane_test" bpmnElement="{key}">'
        + shape("start", 152, 36, 36)
        + shape("sign", 240)
        + shape("after", 400)
        + shape("end", 562, 36, 36)
        + edge("f1", 188, 240)
        + edge("f2", 340, 400)
        + edge("f3", 500, 562)
        + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>"
    )


def start_countersign(
    page: Any, live_server: Any, world: World, *, key: str, name: str, completion: str, title: str
) -> ProcessInstance:
    """Deploy the test process, then the clerk starts it with the three 民政局 as 会签单位."""
    services.deploy_definition(key=key, name=name, module="core", bpmn_xml=countersign_bpmn(key, name, completion))
    sign_in(page, live_server, world.city_clerk)
    page.goto("/staff/workflow/start/")
    page.locator("#id_definition").select_option(label=f"{name}（{key} v1）")
    page.locator("#id_title").fill(title)
    page.get_by_label("发起单位").select_option(str(world.city_civil_affairs.pk))
    page.get_by_label("会签单位").select_option(
        [str(a.pk) for a in (world.city_civil_affairs, world.jiayin_civil_affairs, world.tieli_civil_affairs)]
    )
    page.get_by_role("button", name="发起").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect_diagram(page, current=["sign"])
    for leader in (world.leader, world.jiayin_leader, world.tieli_leader):
        expect(page.locator("#wf-open")).to_contain_text(f"会签：{leader}")
    return ProcessInstance.objects.get(title=title)


def vote(page: Any, live_server: Any, user: Any, title: str, opinion: str) -> None:
    sign_in(page, live_server, user)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("会签")
    submit(page, opinion)
    expect(page.get_by_text("已提交：会签")).to_be_visible()


def test_any_countersign_closes_on_the_first_vote_and_the_other_votes_leave_the_inbox(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World
) -> None:
    title = "三局联合开展冬季救助专项行动（任一会签）"
    instance = start_countersign(
        page, live_server, world, key="test.countersign_any", name="测试：任一会签", completion="any", title=title
    )
    axe(page)

    vote(page, live_server, world.jiayin_leader, title, "嘉荫县同意。")
    axe(page)
    track(page, instance)
    expect_diagram(page, current=["after"], done=["sign"])
    expect(page.locator("#wf-open")).to_contain_text(f"汇总：{world.city_clerk}")
    expect(page.locator("#wf-open")).not_to_contain_text("会签：")
    axe(page)

    for other in (world.leader, world.tieli_leader):
        sign_in(page, live_server, other)
        expect_todo(page, title, present=False)
    axe(page)

    sign_in(page, live_server, world.city_clerk)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("汇总")
    expect(page.locator(".wf-opinions")).to_contain_text("嘉荫县同意。")
    axe(page)
    submit(page, "会签完成，汇总归档。")
    track(page, instance)
    expect(page.locator("#wf-status")).to_contain_text("已办结")
    expect_diagram(page, current=[], done=["start", "sign", "after", "end"])
    axe(page)
    assert Step.objects.filter(instance=instance, verb="complete", element_id="sign").count() == 1


def test_sixty_percent_countersign_stays_open_after_one_vote_and_closes_on_the_second(
    page: Any, live_server: Any, axe: Callable[[Any], None], world: World
) -> None:
    title = "三局联合开展冬季救助专项行动（六成会签）"
    instance = start_countersign(
        page, live_server, world, key="test.countersign_60", name="测试：六成会签", completion="60%", title=title
    )
    axe(page)

    # First vote (1 of 3 = 33%): still collecting; the other two still have it, no 汇总 yet.
    vote(page, live_server, world.leader, title, "市民政局同意。")
    track(page, instance)
    expect_diagram(page, current=["sign"])
    expect(page.locator("#wf-open")).not_to_contain_text(f"会签：{world.leader}")
    expect(page.locator("#wf-open")).to_contain_text(f"会签：{world.jiayin_leader}")
    expect(page.locator("#wf-open")).to_contain_text(f"会签：{world.tieli_leader}")
    axe(page)
    sign_in(page, live_server, world.tieli_leader)
    expect_todo(page, title, present=True)
    axe(page)
    sign_in(page, live_server, world.city_clerk)
    expect_todo(page, title, present=False)

    # Second vote (2 of 3 = 67% ≥ 60%): the countersign closes; 铁力's vote leaves the inbox.
    vote(page, live_server, world.jiayin_leader, title, "嘉荫县同意。")
    track(page, instance)
    expect_diagram(page, current=["after"], done=["sign"])
    expect(page.locator("#wf-open")).to_contain_text(f"汇总：{world.city_clerk}")
    expect(page.locator("#wf-open")).not_to_contain_text("会签：")
    axe(page)
    sign_in(page, live_server, world.tieli_leader)
    expect_todo(page, title, present=False)
    axe(page)

    sign_in(page, live_server, world.city_clerk)
    open_task(page, title)
    expect(page.locator("#wf-current-step")).to_have_text("汇总")
    opinions = page.locator(".wf-opinions")
    expect(opinions).to_contain_text("市民政局同意。")
    expect(opinions).to_contain_text("嘉荫县同意。")
    axe(page)
    assert Step.objects.filter(instance=instance, verb="complete", element_id="sign").count() == 2
