"""The hall's queue (取号叫号): every write to numbers and windows.

Each function is keyword-only, runs in one transaction with its audit entry, and leaves its side
effects (the SMS when a turn is near, dropping the display's cached fragment) to after the commit.

Numbering: the kiosk locks the line's `LineDayCounter` row for the hall's local date and takes the
next sequence, so two kiosks printing at the same moment get A007 and A008, never two A007s and no
gap. Calling: a window takes the oldest waiting number (by its place in the queue) of the lines it
serves; calls in one hall lock the hall's row and so take turns, and no number is called twice.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.notifications import services as notifications
from yiwang.core.permissions import access

from ..models import Hall, LineDayCounter, QueueTicket, ServiceLine, ServiceWindow

CALL_VERB = "servicehall.call_queue"
NEAR_AHEAD = 3  # an SMS when no more than this many people are ahead
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
DISPLAY_CACHE_KEY = "servicehall:display:{hall_id}"


class QueueError(ValueError):
    """A queue action that cannot be done now; the message is for the person at the screen."""


def hall_today(hall: Hall, *, now: datetime | None = None) -> date:
    """The hall's local date: the counters reset at midnight in the hall's time zone (Asia/Shanghai)."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(hall.time_zone)).date()


def display_cache_key(hall_id: int) -> str:
    return DISPLAY_CACHE_KEY.format(hall_id=hall_id)


def _after_commit_refresh(hall_id: int) -> None:
    transaction.on_commit(lambda: cache.delete(display_cache_key(hall_id)))


def _ensure_may_call(by: Any, hall: Hall) -> None:
    if not access.can(by, CALL_VERB, agency_id=hall.agency_id):
        raise QueueError("您没有在该大厅叫号的权限。")


def _ensure_at_window(by: Any, window: ServiceWindow) -> None:
    _ensure_may_call(by, window.hall)
    if window.staff_id != by.pk or not window.is_open:
        raise QueueError("请先在本窗口签到开窗，再叫号。")


def _current(window: ServiceWindow) -> QueueTicket | None:
    return (
        QueueTicket.objects.select_for_update()
        .filter(window=window, state__in=(QueueTicket.State.CALLED, QueueTicket.State.SERVING))
        .order_by("-announced_at", "-id")
        .first()
    )


def normalise_phone(phone: str) -> str:
    """The optional mobile number for the SMS; "" when left empty. Raises QueueError if not a mobile."""
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone and not MOBILE_RE.match(phone):
        raise QueueError("手机号应为 11 位数字，以 1 开头；不需要短信提醒可以不填。")
    return phone


def take_number(*, line: ServiceLine, phone: str = "", ip: str | None = None) -> QueueTicket:
    """取号: the next number of `line` today (A001, A002…), gap-free and unique under concurrent kiosks."""
    phone = normalise_phone(phone)
    hall = line.hall
    if not (hall.is_active and line.is_active):
        raise QueueError("该业务暂停取号，请咨询导办台。")
    now = timezone.now()
    day = hall_today(hall, now=now)
    with transaction.atomic():
        counter = _locked_counter(line=line, day=day)
        counter.last_seq += 1
        counter.save(update_fields=["last_seq"])
        ticket = QueueTicket.objects.create(
            hall=hall,
            line=line,
            day=day,
            seq=counter.last_seq,
            number=f"{line.prefix}{counter.last_seq:03d}",
            token=secrets.token_urlsafe(18),
            phone=phone,
            queued_at=now,
            issued_at=now,
        )
        audit.record(
            event="servicehall.take_number",
            obj=ticket,
            ip=ip,
            actor_label="取号机",
            detail={"line": line.name, "number": ticket.number, "sms": bool(phone)},
        )
        _after_commit_refresh(hall.pk)
    return ticket


def _locked_counter(*, line: ServiceLine, day: date) -> LineDayCounter:
    """The (line, day) counter row, locked until the caller's transaction ends. The first number of
    the day creates it; a kiosk that loses that race waits on the unique index, then locks the row
    the winner created."""
    counter = LineDayCounter.objects.select_for_update().filter(line=line, day=day).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            return LineDayCounter.objects.create(line=line, day=day, last_seq=0)
    except IntegrityError:
        return LineDayCounter.objects.select_for_update().get(line=line, day=day)


def open_window(*, window: ServiceWindow, by: Any) -> ServiceWindow:
    """签到开窗: `by` sits at the window and it starts calling."""
    _ensure_may_call(by, window.hall)
    with transaction.atomic():
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        if window.is_open and window.staff_id and window.staff_id != by.pk:
            raise QueueError(f"{window}已由其他工作人员签到，请选择其他窗口。")
        ServiceWindow.objects.filter(hall=window.hall, staff=by).exclude(pk=window.pk).update(staff=None, is_open=False)
        window.staff, window.is_open = by, True
        window.save(update_fields=["staff", "is_open"])
        audit.record(event="servicehall.open_window", actor=by, obj=window)
        _after_commit_refresh(window.hall_id)
    return window


def close_window(*, window: ServiceWindow, by: Any) -> ServiceWindow:
    """暂停/关窗: no more calls here; the number being handled must be finished or 过号 first."""
    with transaction.atomic():
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        _ensure_at_window(by, window)
        if _current(window) is not None:
            raise QueueError("请先办结或标记过号当前号码，再关闭窗口。")
        window.staff, window.is_open = None, False
        window.save(update_fields=["staff", "is_open"])
        audit.record(event="servicehall.close_window", actor=by, obj=window)
        _after_commit_refresh(window.hall_id)
    return window


def call_next(*, window: ServiceWindow, by: Any) -> QueueTicket:
    """叫号: the oldest waiting number today of the lines the window serves."""
    with transaction.atomic():
        # Calls in one hall take turns (a few a minute at the busiest): two windows never take the
        # same number, and none skips the oldest because another transaction holds it.
        Hall.objects.select_for_update().filter(pk=window.hall_id).first()
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        _ensure_at_window(by, window)
        if _current(window) is not None:
            raise QueueError("当前号码尚未办结，请先办结或标记过号。")
        day = hall_today(window.hall)
        ticket = (
            QueueTicket.objects.select_for_update()
            .filter(line__in=window.lines.all(), day=day, state=QueueTicket.State.WAITING)
            .order_by("queued_at", "id")
            .first()
        )
        if ticket is None:
            raise QueueError("当前没有等候的号码。")
        now = timezone.now()
        ticket.state = QueueTicket.State.CALLED
        ticket.window = window
        ticket.called_at = ticket.announced_at = now
        ticket.call_count += 1
        ticket.save(update_fields=["state", "window", "called_at", "announced_at", "call_count"])
        audit.record(event="servicehall.call", actor=by, obj=ticket, detail={"window": window.number})
        _text_the_near(ticket.line_id, day)
        _after_commit_refresh(window.hall_id)
    return ticket


def _text_the_near(line_id: int, day: date) -> None:
    """短信提醒: those who left a mobile number and now have at most NEAR_AHEAD people ahead, once."""
    near = (
        QueueTicket.objects.select_for_update()
        .filter(line_id=line_id, day=day, state=QueueTicket.State.WAITING)
        .order_by("queued_at", "id")[: NEAR_AHEAD + 1]
    )
    for ticket in near:
        if ticket.phone and not ticket.near_notified:
            notifications.send_sms(phone=ticket.phone, template="servicehall.turn_near", context={}, obj=ticket)
            ticket.near_notified = True
            ticket.save(update_fields=["near_notified"])


def recall(*, window: ServiceWindow, by: Any) -> QueueTicket:
    """重呼: the called number once more on the display."""
    with transaction.atomic():
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        _ensure_at_window(by, window)
        ticket = _current(window)
        if ticket is None or ticket.state != QueueTicket.State.CALLED:
            raise QueueError("没有可以重呼的号码。")
        ticket.announced_at = timezone.now()
        ticket.call_count += 1
        ticket.save(update_fields=["announced_at", "call_count"])
        audit.record(event="servicehall.recall", actor=by, obj=ticket, detail={"window": window.number})
        _after_commit_refresh(window.hall_id)
    return ticket


def mark_no_show(*, window: ServiceWindow, by: Any) -> QueueTicket:
    """过号: the called number did not come to the window."""
    with transaction.atomic():
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        _ensure_at_window(by, window)
        ticket = _current(window)
        if ticket is None or ticket.state != QueueTicket.State.CALLED:
            raise QueueError("只有已呼叫、尚未开始办理的号码可以标记过号。")
        ticket.state = QueueTicket.State.NO_SHOW
        ticket.save(update_fields=["state"])
        audit.record(event="servicehall.no_show", actor=by, obj=ticket, detail={"window": window.number})
        _after_commit_refresh(window.hall_id)
    return ticket


def requeue(*, ticket: QueueTicket, by: Any) -> QueueTicket:
    """过号重排: a no-show who comes back the same day goes to the end of the line's queue — once."""
    with transaction.atomic():
        ticket = QueueTicket.objects.select_for_update().select_related("hall").get(pk=ticket.pk)
        _ensure_may_call(by, ticket.hall)
        if ticket.state != QueueTicket.State.NO_SHOW:
            raise QueueError("只有过号的号码可以重新排队。")
        if ticket.requeued:
            raise QueueError(f"{ticket.number} 已过号重排过一次，请重新取号。")
        if ticket.day != hall_today(ticket.hall):
            raise QueueError("过号只能在当天重新排队，请重新取号。")
        ticket.state = QueueTicket.State.WAITING
        ticket.requeued = True
        ticket.queued_at = timezone.now()
        ticket.window = None
        ticket.save(update_fields=["state", "requeued", "queued_at", "window"])
        audit.record(event="servicehall.requeue", actor=by, obj=ticket)
        _after_commit_refresh(ticket.hall_id)
    return ticket


def start_service(*, window: ServiceWindow, by: Any) -> QueueTicket:
    """开始办理: the called person is at the window."""
    with transaction.atomic():
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        _ensure_at_window(by, window)
        ticket = _current(window)
        if ticket is None or ticket.state != QueueTicket.State.CALLED:
            raise QueueError("没有已呼叫、待办理的号码。")
        ticket.state = QueueTicket.State.SERVING
        ticket.served_at = timezone.now()
        ticket.save(update_fields=["state", "served_at"])
        audit.record(event="servicehall.start_service", actor=by, obj=ticket, detail={"window": window.number})
        _after_commit_refresh(window.hall_id)
    return ticket


def finish(*, window: ServiceWindow, by: Any) -> QueueTicket:
    """办结: the number being handled at the window is done."""
    with transaction.atomic():
        window = ServiceWindow.objects.select_for_update().select_related("hall").get(pk=window.pk)
        _ensure_at_window(by, window)
        ticket = _current(window)
        if ticket is None or ticket.state != QueueTicket.State.SERVING:
            raise QueueError("请先开始办理，再办结。")
        ticket.state = QueueTicket.State.FINISHED
        ticket.finished_at = timezone.now()
        ticket.save(update_fields=["state", "finished_at"])
        audit.record(event="servicehall.finish", actor=by, obj=ticket, detail={"window": window.number})
        _after_commit_refresh(window.hall_id)
    return ticket


DEMO_LINES = (
    ("A", "综合受理", "企业开办、个体工商户登记及其他综合事项"),
    ("B", "不动产登记", "不动产权证书、抵押、查询"),
    ("C", "社保医保", "社会保险、医疗保险参保、转移、待遇"),
    ("D", "公安服务", "户籍、居民身份证、出入境"),
    ("E", "税务", "发票、申报、税务登记"),
)
DEMO_WINDOWS = (("1", "A"), ("2", "A"), ("3", "B"), ("4", "C"), ("5", "D"), ("6", "E"), ("7", "ABCDE"))


def load_demo_hall(*, agency: Any = None) -> Hall:
    """The demo hall: 伊春市政务服务中心 with five lines and seven windows (7 号为综合窗口).
    Idempotent: a second call returns the hall already there. `agency`: the hall's agency; by default
    the reference data's 伊春市营商环境建设监督局."""
    from yiwang.core.orgs.models import Agency

    name = "伊春市政务服务中心"
    existing = Hall.objects.filter(name=name).first()
    if existing is not None:
        return existing
    if agency is None:
        # The reference data's 市营商局 runs the 政务服务中心; else the city government, else any agency.
        agency = (
            Agency.objects.filter(full_name="伊春市营商环境建设监督局").first()
            or Agency.objects.filter(full_name="伊春市人民政府").first()
            or Agency.objects.order_by("id").first()
        )
    if agency is None:
        raise QueueError("请先建立机构，再生成演示大厅。")
    with transaction.atomic():
        hall = Hall.objects.create(name=name, agency=agency, address="伊春市伊美区新兴中大街 政务服务中心一楼")
        lines = {
            prefix: ServiceLine.objects.create(
                hall=hall, name=line_name, prefix=prefix, description=description, sort_order=i
            )
            for i, (prefix, line_name, description) in enumerate(DEMO_LINES)
        }
        for i, (number, prefixes) in enumerate(DEMO_WINDOWS):
            window = ServiceWindow.objects.create(hall=hall, number=number, sort_order=i)
            window.lines.set([lines[p] for p in prefixes])
        audit.record(event="servicehall.demo_hall", obj=hall, actor_label="演示数据")
    return hall
