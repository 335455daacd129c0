"""Reads of 办件 (applications)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yiwang.core.calendar import selectors as calendar_selectors
from yiwang.core.calendar.models import Clock
from yiwang.core.permissions import access

from ..models import Application, ApplicationNotice

VIEW_VERB = "servicehall.view"
CLOCK_KINDS = ("statutory", "promised", "delivery")


def get_application(pk: int) -> Application:
    return Application.objects.select_related("item", "agency", "owner").get(pk=pk)


def get_by_number(number: str) -> Application | None:
    return Application.objects.select_related("item", "agency").filter(number=(number or "").strip().upper()).first()


def list_for_staff(user: Any, *, status: str = "") -> QuerySet[Application]:
    """The applications of the agencies where `user` may view 办件, newest first."""
    qs = access.filter_permitted(
        user, VIEW_VERB, Application.objects.select_related("item", "agency"), agency_field="agency"
    )
    return qs.filter(status=status) if status else qs


def list_for_owner(user: Any) -> QuerySet[Application]:
    """我的办件."""
    return Application.objects.select_related("item", "agency").filter(owner_id=user.pk)


def clocks(application: Application) -> dict[str, Clock]:
    """The application's newest clock of each kind (statutory, promised, delivery, pre-review-N, verify-N)."""
    found: dict[str, Clock] = {}
    for clock in calendar_selectors.list_clocks_for(application):
        found[clock.kind] = clock
    return found


def pre_review_clock(application: Application) -> Clock | None:
    """The running 预审 clock (行政许可法第三十二条), if the application waits for 预审."""
    return (
        calendar_selectors.list_clocks_for(application)
        .filter(kind__startswith="pre-review-", state__in=Clock.OPEN_STATES)
        .last()
    )


def list_notices(application: Application) -> QuerySet[ApplicationNotice]:
    return application.notices.select_related("issued_by").order_by("issued_at", "id")


def open_correction(application: Application) -> ApplicationNotice | None:
    return application.notices.filter(kind=ApplicationNotice.Kind.CORRECTION, resolved_at__isnull=True).last()


def pending_deferrals(application: Application) -> QuerySet[Any]:
    return application.deferrals.filter(supplied_at__isnull=True).select_related("application_material__material")
