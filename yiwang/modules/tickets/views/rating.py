"""Pages of 回访 and 好差评.

Citizen: 我的诉求 → one ticket (state, reply, earlier rounds and the rating form), and the rating
page the one-time link opens (from the reply notification, the SMS or 诉求查询). Staff never get a
rating form. Hotline office (/staff/tickets/follow-up/): the 回访 list, the call record and 办结;
the agency's 申诉 and the office's decision on the ticket page. Thin: forms parse, services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.ratelimit import limited_message, ratelimit

from .. import selectors, services
from ..forms.rating import REACHED, AppealDecisionForm, AppealForm, CloseForm, FollowUpForm, RatingForm
from ..models import Rating, RatingAppeal, Ticket
from ..rating_link import current_round, rating_path, read_token
from ..selectors import rating as rating_selectors
from ..services import rating as rating_services
from . import staff as staff_views

# --- citizen ----------------------------------------------------------------------------------


def _rating_form_path(request: HttpRequest, ticket: Ticket) -> str:
    """The rating page of the ticket's current round, if the citizen may rate now (never for staff)."""
    if ticket.status != Ticket.Status.REPLIED or rating_services.is_staff_actor(request.user):
        return ""
    return rating_path(ticket, round=current_round(ticket))


@access_policy(audience="authenticated")
@login_required
@never_cache
@require_GET
def my_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """我的诉求 → one ticket: its state, the reply, earlier rounds and their ratings, the rating form."""
    ticket = selectors.get_my_ticket(user=request.user, ticket_id=ticket_id)
    if ticket is None:
        raise Http404("诉求不存在")
    action = _rating_form_path(request, ticket)
    context = {
        "ticket": ticket,
        "category": selectors.category_label(ticket.category),
        "ratings": list(rating_selectors.list_ratings(ticket)),
        "form": RatingForm() if action else None,
        "action": action,
    }
    return render(request, "tickets/rating/my_ticket.html", context)


@access_policy(audience="public", methods=("GET", "POST"))
@never_cache
@ratelimit(group="tickets.rate", rate="30/h", on_limit="form")
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """评价 — the page the one-time link opens: the reply and the rating form, or why it is closed."""
    target = read_token(token)
    ticket = rating_selectors.get_ticket_for_rating(target.ticket_id) if target else None
    if target is None or ticket is None:
        return render(request, "tickets/rating/invalid.html", status=404)
    staff = rating_services.is_staff_actor(request.user)
    given = ticket.ratings.filter(round=target.round).first()
    open_round = ticket.status == Ticket.Status.REPLIED and current_round(ticket) == target.round
    form = RatingForm(request.POST if request.method == "POST" else None) if open_round and not staff else None
    if request.method == "POST" and staff:
        raise PermissionDenied("工作人员不能代替诉求人评价。")
    if form is not None and form.is_bound and not limited_message(request) and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            rating_services.rate_ticket(
                ticket=ticket,
                round=target.round,
                level=form.cleaned_data["level"],
                dimension_levels=form.dimension_levels(),
                comment=form.cleaned_data["comment"],
                actor=user,
                source=Rating.Source.MY_TICKETS if user and ticket.citizen_id == user.pk else Rating.Source.LINK,
                ip=client_ip(request),
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect("tickets:rate", token=token)
    context = {
        "ticket": ticket,
        "round": target.round,
        "rating": given,
        "reply": given.reply if given else ticket.reply,
        "form": form,
        "staff": staff,
        "ratelimit_message": limited_message(request),
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "tickets/rating/rate.html", context, status=status)


# --- staff: 回访 and 办结 --------------------------------------------------------------------------


@access_policy(verb=rating_services.FOLLOW_UP_VERB)
@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """回访 list: replied phone tickets still to be reached, oldest reply first."""
    if not access.can(request.user, rating_services.FOLLOW_UP_VERB):
        raise PermissionDenied
    page = Paginator(rating_selectors.list_follow_up_due(), rating_selectors.FOLLOW_UP_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    may_decide = access.can(request.user, services.DISPATCH_VERB)
    appeals = list(rating_selectors.list_pending_appeals()[:50]) if may_decide else []
    return render(request, "tickets/rating/staff/follow_up_list.html", {"page": page, "appeals": appeals})


def _follow_up_page(
    request: HttpRequest, ticket: Ticket, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    replied = ticket.status == Ticket.Status.REPLIED
    context = {
        "ticket": ticket,
        "follow_ups": list(rating_selectors.list_follow_ups(ticket)),
        "ratings": list(rating_selectors.list_ratings(ticket)),
        "is_phone": rating_selectors.is_phone_ticket(ticket),
        "follow_up_form": bound.get("follow_up_form") or (FollowUpForm() if replied else None),
        "close_form": bound.get("close_form") or (CloseForm() if replied else None),
        "close_refusal": rating_services.can_close(ticket) if replied else "",
    }
    return render(request, "tickets/rating/staff/follow_up.html", context, status=status)


@access_policy(verb=rating_services.FOLLOW_UP_VERB)
@require_GET
def follow_up(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """回访 page of one ticket: the reply, the calls so far, the call record and 办结."""
    if not access.can(request.user, rating_services.FOLLOW_UP_VERB):
        raise PermissionDenied
    return _follow_up_page(request, rating_selectors.get_follow_up_ticket(ticket_id))


@access_policy(verb=rating_services.FOLLOW_UP_VERB, methods=("POST",))
@require_POST
def record_follow_up(request: HttpRequest, ticket_id: int) -> HttpResponse:
    if not access.can(request.user, rating_services.FOLLOW_UP_VERB):
        raise PermissionDenied
    ticket = rating_selectors.get_follow_up_ticket(ticket_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            done = rating_services.record_follow_up(
                ticket=ticket,
                actor=request.user,
                reached=form.cleaned_data["outcome"] == REACHED,
                note=form.cleaned_data["note"],
                send_rating_link=form.cleaned_data["send_rating_link"],
                ip=client_ip(request),
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "回访已记录，评价短信已发送。" if done.sent_rating_link else "回访已记录。")
            return HttpResponseRedirect(reverse("tickets_staff_follow_up", args=[ticket.pk]))
    return _follow_up_page(request, ticket, bound={"follow_up_form": form}, status=400)


@access_policy(verb=rating_services.FOLLOW_UP_VERB, methods=("POST",))
@require_POST
def close(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """办结 a replied ticket the citizen has not rated (a phone ticket after its 回访)."""
    if not access.can(request.user, rating_services.FOLLOW_UP_VERB):
        raise PermissionDenied
    ticket = rating_selectors.get_follow_up_ticket(ticket_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            rating_services.close_ticket(
                ticket=ticket, actor=request.user, note=form.cleaned_data["note"], ip=client_ip(request)
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "诉求已办结。")
            return HttpResponseRedirect(reverse("tickets_staff_follow_up", args=[ticket.pk]))
    return _follow_up_page(request, ticket, bound={"close_form": form}, status=400)


# --- staff: the ticket page's rounds, 申诉 and 复核 -----------------------------------------------


def page_context(request: HttpRequest, ticket: Ticket, bound: dict[str, Any]) -> dict[str, Any]:
    """What the staff ticket page shows of 好差评: every round's rating, with the appeal form for
    the rated agency and the decision form for the hotline office (a refused one bound)."""
    rounds = []
    may_decide = access.can(request.user, services.DISPATCH_VERB)
    for rating in rating_selectors.list_ratings(ticket):
        appeal: RatingAppeal | None = getattr(rating, "appeal", None) if hasattr(rating, "appeal") else None
        appeal_form = decision_form = None
        if appeal is None and rating.is_dissatisfied and rating.agency_id:
            if access.can(request.user, services.HANDLE_VERB, agency_id=rating.agency_id):
                appeal_form = bound.get(f"appeal_form_{rating.pk}") or AppealForm(prefix=f"appeal{rating.pk}")
        elif appeal is not None and appeal.status == RatingAppeal.Status.PENDING and may_decide:
            decision_form = bound.get(f"decision_form_{appeal.pk}") or AppealDecisionForm(prefix=f"decide{appeal.pk}")
        rounds.append({"rating": rating, "appeal": appeal, "appeal_form": appeal_form, "decision_form": decision_form})
    return {
        "rating_rounds": rounds,
        "may_follow_up": access.can(request.user, rating_services.FOLLOW_UP_VERB),
    }


@access_policy(verb="tickets.handle", agency_scoped=True, methods=("POST",))
@require_POST
def appeal(request: HttpRequest, rating_id: int) -> HttpResponse:
    """申诉 by the rated 主办 agency, with a reason; the hotline office decides."""
    rating = rating_selectors.get_rating(rating_id)
    ticket = selectors.get_staff_ticket(request.user, rating.ticket_id)
    if rating.agency_id is None or not access.can(request.user, services.HANDLE_VERB, agency_id=rating.agency_id):
        raise PermissionDenied
    form = AppealForm(request.POST, prefix=f"appeal{rating.pk}")
    if form.is_valid():
        try:
            rating_services.appeal_rating(
                rating=rating, actor=request.user, reason=form.cleaned_data["reason"], ip=client_ip(request)
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "申诉已提交，由热线办复核。")
            return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket.pk]))
    return staff_views._ticket_page(request, ticket, bound={f"appeal_form_{rating.pk}": form}, status=400)


@access_policy(verb="tickets.dispatch", methods=("POST",))
@require_POST
def decide_appeal(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """复核 by the hotline office: 申诉成立 takes the rating out of the statistics."""
    if not access.can(request.user, services.DISPATCH_VERB):
        raise PermissionDenied
    appeal = rating_selectors.get_appeal(appeal_id)
    ticket = selectors.get_staff_ticket(request.user, appeal.rating.ticket_id)
    form = AppealDecisionForm(request.POST, prefix=f"decide{appeal.pk}")
    if form.is_valid():
        upheld = form.cleaned_data["decision"] == "upheld"
        try:
            rating_services.decide_appeal(
                appeal=appeal, actor=request.user, upheld=upheld, note=form.cleaned_data["note"], ip=client_ip(request)
            )
        except services.TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "申诉成立，该评价不计入统计。" if upheld else "申诉不成立，评价保留。")
            return HttpResponseRedirect(reverse("tickets_staff_ticket", args=[ticket.pk]))
    return staff_views._ticket_page(request, ticket, bound={f"decision_form_{appeal.pk}": form}, status=400)
