"""Writes of 回访 and 好差评: the citizen rates a reply (a 差评 reopens the ticket for a new round
with its own clock), the hotline office records the 回访 call and closes unrated tickets, the 主办
agency appeals a rating and the hotline office decides. One transaction each, audited."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.core.accounts.selectors import is_mobile_number
from yiwang.core.audit import services as audit
from yiwang.core.calendar import services as calendar
from yiwang.core.calendar.models import Clock
from yiwang.core.notifications import services as notifications
from yiwang.core.orgs.models import Membership
from yiwang.core.permissions import access
from yiwang.core.workflow import services as workflow
from yiwang.core.workflow.errors import WorkflowError

from ..models import Ticket
from ..models.rating import FollowUp, Rating, RatingAppeal, RatingLevel
from ..rating_link import PHONE_CHANNELS, REHANDLING_CLOCK, current_round, dimensions, rating_settings, rating_url
from ..selectors import rating as rating_selectors
from . import DISPATCH_VERB, HANDLE_VERB, TicketRefused, _locked, _subject

REHANDLING_PROCESS_KEY = "tickets.rehandling"
FOLLOW_UP_VERB = rating_selectors.FOLLOW_UP_VERB
COMMENT_MAX = 500
NOTE_MAX = 500
INVITE_TEMPLATE = "tickets.rating_invite"


def is_staff_actor(user: Any) -> bool:
    """Staff may never rate on the citizen's behalf (domain-rules §6.4: no coercion, no suggestion):
    a staff account, a Django staff flag or any 任职 counts."""
    if user is None or not getattr(user, "pk", None):
        return False
    return bool(
        getattr(user, "is_staff_member", False)
        or getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
        or Membership.objects.filter(user_id=user.pk).exists()
    )


def _clean_levels(level: str, dimension_levels: dict[str, str]) -> dict[str, str]:
    errors = []
    if level not in RatingLevel.values:
        errors.append("请选择总体评价。")
    cleaned = {}
    for code, label in dimensions():
        value = dimension_levels.get(code, "")
        if value not in RatingLevel.values:
            errors.append(f"请为“{label}”选择评价。")
        cleaned[code] = value
    if errors:
        raise TicketRefused("".join(errors))
    return cleaned


def rate_ticket(
    *,
    ticket: Ticket,
    round: int,
    level: str,
    dimension_levels: dict[str, str],
    comment: str = "",
    actor: Any = None,
    source: str = Rating.Source.LINK,
    ip: str | None = None,
) -> Rating:
    """好差评: the citizen rates the reply of `round` (the round the page or link was made for).

    非常满意/满意/基本满意 close the ticket (办结); 不满意/非常不满意 reopen it: a new round goes back
    to the same 主办 agency on the re-handling process with its own clock (重办, 济南市12345热线条例:
    dissatisfaction → returned for re-handling). `actor` is the signed-in citizen or None (a link);
    staff are refused whatever they know."""
    if is_staff_actor(actor):
        raise TicketRefused("工作人员不能代替诉求人评价。")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise TicketRefused(f"评价意见不能超过 {COMMENT_MAX} 个字（现为 {len(comment)} 个字）。")
    cleaned = _clean_levels(level, dimension_levels)
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.REPLIED or current_round(ticket) != round:
            raise TicketRefused("该答复已评价过或暂不能评价。")
        now = timezone.now()
        try:
            with transaction.atomic():  # the round's one rating: a second submission collides here
                rating = Rating.objects.create(
                    ticket=ticket,
                    round=round,
                    agency=ticket.agency,
                    reply=ticket.reply,
                    replied_at=ticket.replied_at,
                    level=level,
                    dimensions=cleaned,
                    comment=comment,
                    rated_by=actor if getattr(actor, "pk", None) else None,
                    source=source,
                    rated_at=now,
                )
        except IntegrityError:
            raise TicketRefused("该答复已评价过或暂不能评价。") from None
        if rating.is_dissatisfied:
            _reopen(ticket, round=round + 1, at=now, ip=ip)
        else:
            ticket.status = Ticket.Status.CLOSED
            ticket.save(update_fields=["status"])
        audit.record(
            event="tickets.rate",
            actor=rating.rated_by,
            actor_label="" if rating.rated_by else "诉求人（评价链接）",
            obj=ticket,
            ip=ip,
            detail={"round": round, "level": level, "dimensions": cleaned, "reopened": rating.is_dissatisfied},
        )
    return rating


def _reopen(ticket: Ticket, *, round: int, at: Any, ip: str | None) -> None:
    """重办: a new handling instance (办理 → 审核 at the same agency) and the re-handling clock.

    The process is started in the name of the dispatcher of the last 派单 — the hotline office
    returns the ticket for re-handling; the citizen who rated is in the audit entry."""
    assignment = ticket.assignments.select_related("dispatched_by").order_by("-dispatched_at", "-id").first()
    if ticket.agency is None or assignment is None:
        raise TicketRefused("该诉求没有主办单位，无法重新办理。")
    try:
        instance = workflow.start(
            key=REHANDLING_PROCESS_KEY,
            title=f"诉求 {ticket.query_code}（第 {round} 轮重办）：{ticket.title}",
            initiator=assignment.dispatched_by,
            agency=None,
            subject=_subject(ticket),
            variables={"ticket_id": ticket.pk, "handling_agency": ticket.agency_id, "round": round},
            ip=ip,
        )
    except WorkflowError as error:
        raise TicketRefused(error.message) from error
    clock = calendar.start_clock(
        obj=ticket,
        kind=REHANDLING_CLOCK,
        unit=Clock.Unit.WORKING_DAYS,
        limit=int(rating_settings()["REHANDLING_DAYS"]),
        start=at,
        basis="差评重办时限（好差评制度：差评整改；天数按本地规定配置）",
        responsible_agency=ticket.agency,
    )
    # The new round's reply starts empty; the old one is kept on its rating.
    ticket.status, ticket.process_id, ticket.due_at = Ticket.Status.HANDLING, str(instance.pk), clock.due_at
    ticket.reply, ticket.replied_at, ticket.return_closed = "", None, True
    # A new round, a new clock: 督办 of the last round does not carry over, so the sweep flags this one anew.
    ticket.supervised_at, ticket.supervision_note = None, ""
    ticket.save(
        update_fields=[
            "status", "process_id", "due_at", "reply", "replied_at", "return_closed", "supervised_at",
            "supervision_note",
        ]
    )  # fmt: skip


# --- 回访 by the hotline office -----------------------------------------------------------------


def _invite_to_rate(ticket: Ticket, *, round: int, actor: Any) -> bool:
    """The rating link to the citizen: to their account if they have one, else by SMS to the
    contact phone the operator has just called (a mobile only). False if it cannot be sent."""
    context = {"rating_url": rating_url(ticket, round=round), "days": rating_settings()["LINK_MAX_AGE_DAYS"]}
    if ticket.citizen_id:
        notifications.notify(
            recipients=[ticket.citizen], template=INVITE_TEMPLATE, context=context, obj=ticket, actor=actor
        )
        return True
    if not is_mobile_number(ticket.contact_phone or ""):
        return False
    notifications.send_sms(
        phone=ticket.contact_phone, template=INVITE_TEMPLATE, context=context, obj=ticket, actor=actor
    )
    return True


def record_follow_up(
    *,
    ticket: Ticket,
    actor: Any,
    reached: bool,
    note: str = "",
    send_rating_link: bool = False,
    ip: str | None = None,
) -> FollowUp:
    """回访: the operator records the call after a reply (reached or not, with a note) and may send
    the citizen the rating link by SMS. A record of the call, never a rating."""
    if not access.can(actor, FOLLOW_UP_VERB):
        raise TicketRefused("您没有回访权限。")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise TicketRefused(f"回访情况不能超过 {NOTE_MAX} 个字（现为 {len(note)} 个字）。")
    if reached and not note:
        raise TicketRefused("已联系上的，请填写回访情况。")
    with transaction.atomic():
        ticket = _locked(ticket)
        if ticket.status != Ticket.Status.REPLIED:
            raise TicketRefused("只有已答复、尚未办结的诉求才能回访。")
        round = current_round(ticket)
        if send_rating_link and not _invite_to_rate(ticket, round=round, actor=actor):
            raise TicketRefused("该联系电话不是手机号码，无法发送评价短信。")
        follow_up = FollowUp.objects.create(
            ticket=ticket,
            round=round,
            operator=actor,
            reached=reached,
            note=note,
            sent_rating_link=send_rating_link,
            called_at=timezone.now(),
        )
        audit.record(
            event="tickets.follow_up",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={"round": round, "reached": reached, "sent_rating_link": send_rating_link},
        )
    return follow_up


def can_close(ticket: Ticket) -> str:
    """ "" when the hotline office may close this replied, unrated ticket, else why not.

    A phone ticket needs its 回访 first: a call that reached the citizen since the reply, or
    FOLLOW_UP_ATTEMPTS unanswered calls. A web ticket the citizen has not rated may be closed."""
    if ticket.status != Ticket.Status.REPLIED:
        return "只有已答复、尚未评价的诉求才能办结。"
    if ticket.channel not in PHONE_CHANNELS:
        return ""
    calls = FollowUp.objects.filter(ticket=ticket, called_at__gte=ticket.replied_at)
    attempts = int(rating_settings()["FOLLOW_UP_ATTEMPTS"])
    if calls.filter(reached=True).exists() or calls.count() >= attempts:
        return ""
    return f"电话诉求须先回访：联系上诉求人，或 {attempts} 次未接通后方可办结。"


def close_ticket(*, ticket: Ticket, actor: Any, note: str = "", ip: str | None = None) -> Ticket:
    """办结 without a rating: the hotline office closes a replied ticket the citizen has not rated
    (a phone ticket only after its 回访, `can_close`)."""
    if not access.can(actor, FOLLOW_UP_VERB):
        raise TicketRefused("您没有办结权限。")
    with transaction.atomic():
        ticket = _locked(ticket)
        refusal = can_close(ticket)
        if refusal:
            raise TicketRefused(refusal)
        ticket.status = Ticket.Status.CLOSED
        ticket.save(update_fields=["status"])
        audit.record(
            event="tickets.close",
            actor=actor,
            obj=ticket,
            ip=ip,
            detail={"round": current_round(ticket), "note": (note or "").strip()[:NOTE_MAX]},
        )
    return ticket


# --- 差评申诉 -------------------------------------------------------------------------------------


def appeal_rating(*, rating: Rating, actor: Any, reason: str, ip: str | None = None) -> RatingAppeal:
    """申诉: the rated 主办 agency's staff ask the hotline office to set aside a rating they think
    mistaken or malicious, with a reason; once per rating."""
    reason = (reason or "").strip()
    if not reason:
        raise TicketRefused("请填写申诉理由。")
    if len(reason) > NOTE_MAX:
        raise TicketRefused(f"申诉理由不能超过 {NOTE_MAX} 个字（现为 {len(reason)} 个字）。")
    if rating.agency_id is None or not access.can(actor, HANDLE_VERB, agency_id=rating.agency_id):
        raise TicketRefused("只有被评价的主办单位可以申诉。")
    if not rating.is_dissatisfied:
        raise TicketRefused("只能对差评（不满意、非常不满意）申诉。")
    with transaction.atomic():
        rating = Rating.objects.select_for_update().get(pk=rating.pk)
        if RatingAppeal.objects.filter(rating=rating).exists():
            raise TicketRefused("该评价已申诉过，不能重复申诉。")
        assert rating.agency is not None
        appeal = RatingAppeal.objects.create(
            rating=rating, agency=rating.agency, reason=reason, filed_by=actor, filed_at=timezone.now()
        )
        audit.record(
            event="tickets.appeal_rating",
            actor=actor,
            obj=rating.ticket,
            ip=ip,
            detail={"rating": rating.pk, "round": rating.round, "level": rating.level},
        )
    return appeal


def decide_appeal(
    *, appeal: RatingAppeal, actor: Any, upheld: bool, note: str = "", ip: str | None = None
) -> RatingAppeal:
    """复核: the hotline office decides an appeal. Upheld → the rating stays on record but leaves the
    statistics; a re-handling round it opened goes on (the citizen's dissatisfaction is still
    answered; the new round is rated in its turn). Rejected → the rating stands."""
    note = (note or "").strip()
    if not access.can(actor, DISPATCH_VERB):
        raise TicketRefused("您没有复核申诉的权限。")
    if not note:
        raise TicketRefused("请填写复核意见。")
    if len(note) > NOTE_MAX:
        raise TicketRefused(f"复核意见不能超过 {NOTE_MAX} 个字（现为 {len(note)} 个字）。")
    with transaction.atomic():
        appeal = RatingAppeal.objects.select_for_update().select_related("rating").get(pk=appeal.pk)
        if appeal.status != RatingAppeal.Status.PENDING:
            raise TicketRefused("该申诉已复核。")
        appeal.status = RatingAppeal.Status.UPHELD if upheld else RatingAppeal.Status.REJECTED
        appeal.decided_by, appeal.decided_at, appeal.decision_note = actor, timezone.now(), note
        appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if upheld:
            Rating.objects.filter(pk=appeal.rating_id).update(excluded=True)
        audit.record(
            event="tickets.decide_appeal",
            actor=actor,
            obj=appeal.rating.ticket,
            ip=ip,
            detail={"rating": appeal.rating_id, "upheld": upheld},
        )
    return appeal
