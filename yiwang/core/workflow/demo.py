"""Demo instances of the two sample processes, so the demo people find work in their inbox after
`make demo`: a document waiting for 核稿 (高峰), one in 会签 (赵刚, 高峰), a circulated one (待阅,
王芳) and a citizen's call waiting for a dispatcher to claim it (周涛). Idempotent: an instance
with the same title is not started twice. Loaded by `manage.py load_reference` outside production,
after `sync_processes` and the demo people."""

from __future__ import annotations

from typing import Any

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency

from . import services
from .errors import WorkflowError
from .models import ProcessInstance, WorkItem

OFFICE = "伊春市人民政府办公室"
CIVIL = "伊春市民政局"
HOTLINE = "伊春市政务服务便民热线中心"


def _open_item(instance: ProcessInstance, element_id: str) -> WorkItem:
    return WorkItem.objects.filter(instance=instance, element_id=element_id, state=WorkItem.State.OPEN).order_by(
        "created_at"
    )[0]


def _document(title: str, *, editor: User, office: Agency, agencies: list[Agency], to_countersign: bool) -> None:
    instance = services.start(
        key="core.sample_outgoing",
        title=title,
        initiator=editor,
        agency=office,
        variables={"countersign_agencies": [a.pk for a in agencies]},
        urgency=ProcessInstance.Urgency.URGENT if to_countersign else ProcessInstance.Urgency.NORMAL,
    )
    services.complete(_open_item(instance, "draft"), actor=editor, opinion="请核稿。")
    if to_countersign:
        review = _open_item(instance, "review")
        services.complete(review, actor=review.assignee, opinion="核稿无误，请各单位会签。")


def load(stdout: Any = None) -> None:
    people = {u.username: u for u in User.objects.filter(username__in=["editor", "operator", "clerk"])}
    agencies = {a.full_name: a for a in Agency.objects.filter(full_name__in=[OFFICE, CIVIL, HOTLINE])}
    if len(people) < 3 or len(agencies) < 3:
        return  # demo people or agencies missing (e.g. --no-demo): nothing to show
    existing = set(ProcessInstance.objects.values_list("title", flat=True))
    editor, office, civil = people["editor"], agencies[OFFICE], agencies[CIVIL]
    plans = [
        (
            "关于做好2026年元旦春节期间值班工作的通知",
            lambda title: _document(
                title, editor=editor, office=office, agencies=[civil, office], to_countersign=False
            ),
        ),
        (
            "关于开展2026年度社会救助专项检查的通知",
            lambda title: _document(title, editor=editor, office=office, agencies=[civil, office], to_countersign=True),
        ),
        ("市民来电：友好区某小区供暖温度不达标", lambda title: _ticket(title, people, agencies)),
    ]
    for title, make in plans:
        if title in existing:
            continue
        try:
            make(title)
        except WorkflowError as exc:  # a demo that cannot start must not stop the reference data
            if stdout is not None:
                stdout.write(f"演示流程未能发起：{title}（{exc.message}）")
            continue
        if stdout is not None:
            stdout.write(f"演示流程：{title}")
    first = ProcessInstance.objects.filter(title=plans[0][0]).first()
    already_circulated = WorkItem.objects.filter(instance=first, kind=WorkItem.Kind.READ).exists()
    if first is not None and not already_circulated:
        services.circulate(first, actor=editor, recipients=[people["clerk"]], note="请民政局提前了解值班安排。")


def _ticket(title: str, people: dict[str, User], agencies: dict[str, Agency]) -> None:
    services.start(
        key="core.sample_ticket",
        title=title,
        initiator=people["operator"],
        agency=agencies[HOTLINE],
        variables={"handling_agency": agencies[CIVIL].pk},
        urgency=ProcessInstance.Urgency.VERY_URGENT,
    )
