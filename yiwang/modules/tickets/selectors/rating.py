"""Reads of 回访 and 好差评: a ticket's rounds, the 回访 list, pending appeals, and the satisfaction
figures the statistics pages show (满意率, 差评整改率)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from yiwang.core.permissions import access

from ..models import Ticket
from ..models.rating import DISSATISFIED_LEVELS, SATISFIED_LEVELS, FollowUp, Rating, RatingAppeal, RatingLevel
from ..rating_link import PHONE_CHANNELS, current_round

FOLLOW_UP_PAGE_SIZE = 50
FOLLOW_UP_VERB = "tickets.follow_up"


def _day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the local time zone: both dates inclusive."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def _counted(*, start: date, end: date) -> QuerySet[Rating]:
    """Ratings rated within the dates that count: an upheld appeal's rating is left out."""
    low, high = _day_range(start, end)
    return Rating.objects.filter(excluded=False, rated_at__gte=low, rated_at__lt=high)


def _later_satisfied() -> Exists:
    """The ticket was rated satisfied in a later round (the 差评 was rectified, 整改)."""
    return Exists(
        Rating.objects.filter(
            ticket_id=OuterRef("ticket_id"), round__gt=OuterRef("round"), level__in=SATISFIED_LEVELS, excluded=False
        )
    )


def _figures(by_level: dict[str, int], rectified: int) -> dict[str, Any]:
    levels = {level: by_level.get(level, 0) for level in RatingLevel.values}
    rated = sum(levels.values())
    satisfied = sum(levels[level] for level in SATISFIED_LEVELS)
    dissatisfied = sum(levels[level] for level in DISSATISFIED_LEVELS)
    return {
        "rated": rated,
        "by_level": levels,
        "satisfied": satisfied,
        "dissatisfied": dissatisfied,
        "satisfaction_rate": satisfied / rated if rated else None,
        "rectified": rectified,
        "rectification_rate": rectified / dissatisfied if dissatisfied else None,
    }


def satisfaction_totals(*, start: date, end: date, agency_id: int | None = None) -> dict[str, Any]:
    """满意度 over the ratings given from `start` to `end` (inclusive, local dates), for one 主办
    agency or all: `rated`, `by_level` (level code → count), `satisfied` (非常满意 + 满意 + 基本满意),
    `dissatisfied` (不满意 + 非常不满意), `satisfaction_rate` (0–1, None when nothing was rated),
    `rectified` (差评 whose ticket was rated satisfied in a later round) and `rectification_rate`
    (rectified / dissatisfied, None without 差评). Two queries."""
    ratings = _counted(start=start, end=end)
    if agency_id is not None:
        ratings = ratings.filter(agency_id=agency_id)
    by_level = {row["level"]: row["n"] for row in ratings.values("level").annotate(n=Count("id")).order_by()}
    rectified = ratings.filter(level__in=DISSATISFIED_LEVELS).filter(_later_satisfied()).count()
    return _figures(by_level, rectified)


def satisfaction_by_agency(*, start: date, end: date) -> list[dict[str, Any]]:
    """`satisfaction_totals` for each 主办 agency rated in the dates (`agency_id`, `agency_name` and
    the same keys), ordered by agency name. Two queries, whatever the number of agencies."""
    ratings = _counted(start=start, end=end).filter(agency__isnull=False)
    counts: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for row in ratings.values("agency_id", "agency__full_name", "level").annotate(n=Count("id")).order_by():
        counts.setdefault(row["agency_id"], {})[row["level"]] = row["n"]
        names[row["agency_id"]] = row["agency__full_name"]
    rectified = {
        row["agency_id"]: row["n"]
        for row in ratings.filter(level__in=DISSATISFIED_LEVELS)
        .filter(_later_satisfied())
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        {"agency_id": agency_id, "agency_name": names[agency_id], **_figures(levels, rectified.get(agency_id, 0))}
        for agency_id, levels in counts.items()
    ]
    return sorted(rows, key=lambda row: (row["agency_name"], row["agency_id"]))


# --- one ticket -------------------------------------------------------------------------------


__all__ = ["current_round"]


def list_ratings(ticket: Ticket) -> QuerySet[Rating]:
    """Every round's rating with its appeal, oldest first (the staff page shows the history)."""
    return ticket.ratings.select_related(
        "agency", "rated_by", "appeal", "appeal__filed_by", "appeal__decided_by"
    ).order_by("round")


def list_follow_ups(ticket: Ticket) -> QuerySet[FollowUp]:
    return ticket.follow_ups.select_related("operator").order_by("called_at", "id")


def is_phone_ticket(ticket: Ticket) -> bool:
    return ticket.channel in PHONE_CHANNELS


def can_follow_up(user: Any) -> bool:
    """The hotline office (话务员, 派单员): 回访 and 办结."""
    return access.can(user, FOLLOW_UP_VERB)


def list_follow_up_due() -> QuerySet[Ticket]:
    """回访 list: replied phone tickets (12345热线, 市长专线, 行风热线) nobody has reached by phone
    since the reply, oldest reply first (paginate the result). A replied ticket is unrated in its
    round: a rating either closes it or reopens it."""
    reached = FollowUp.objects.filter(ticket_id=OuterRef("pk"), reached=True, called_at__gte=OuterRef("replied_at"))
    return (
        Ticket.objects.filter(status=Ticket.Status.REPLIED, channel__in=PHONE_CHANNELS)
        .exclude(Exists(reached))
        .select_related("agency")
        .order_by("replied_at", "id")
    )


def list_pending_appeals() -> QuerySet[RatingAppeal]:
    """差评申诉 waiting for the hotline office's decision, oldest first."""
    return (
        RatingAppeal.objects.filter(status=RatingAppeal.Status.PENDING)
        .select_related("rating", "rating__ticket", "agency", "filed_by")
        .order_by("filed_at", "id")
    )


def get_ticket_for_rating(ticket_id: int) -> Ticket | None:
    """The ticket a rating link names, with what the rating page shows."""
    return Ticket.objects.select_related("agency").filter(pk=ticket_id).first()


def get_follow_up_ticket(ticket_id: int) -> Ticket:
    """A ticket for the hotline office's 回访 page (the office follows up every agency's tickets)."""
    ticket = Ticket.objects.select_related("agency", "category").filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404("诉求不存在")
    return ticket


def get_rating(rating_id: int) -> Rating:
    rating = Rating.objects.select_related("ticket", "agency").filter(pk=rating_id).first()
    if rating is None:
        raise Http404("评价不存在")
    return rating


def get_appeal(appeal_id: int) -> RatingAppeal:
    appeal = RatingAppeal.objects.select_related("rating", "rating__ticket").filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404("申诉不存在")
    return appeal
