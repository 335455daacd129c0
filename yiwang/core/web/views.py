"""Views of the public chrome. Thin: they read the request, call selectors and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from yiwang.core.security.policy import access_policy

from . import selectors
from .context_processors import ELDER_COOKIE

ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # remembered for a year (适老化: set once, not every visit)
STAFF_HOME = "wagtailadmin_home"


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """Where to go back to: `next` or the referring page, only if it is on this site."""
    for candidate in (request.POST.get("next"), request.GET.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return fallback


@csrf_exempt  # a display preference in the visitor's own browser; see urls.py
@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """长辈版 on (`enabled=1`) or off (`enabled=0`): a cookie for a year, then back where the user was.

    A plain form POST so it works without JavaScript; htmx requests get the same redirect.
    """
    enabled = request.POST.get("enabled") == "1"
    response = HttpResponseRedirect(safe_next(request))
    response.set_cookie(
        ELDER_COOKIE,
        "1" if enabled else "0",
        max_age=ELDER_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


@login_required
@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """LOGIN_REDIRECT_URL: staff go to the workspace (工作台), everyone else to 我的."""
    user = request.user
    if getattr(user, "kind", "") == "staff":
        return redirect(STAFF_HOME)
    return redirect("web:my")


@access_policy(audience="authenticated")
@login_required
@require_GET
def my_home(request: HttpRequest) -> HttpResponse:
    """我的 — the citizen's (or enterprise's) home: profile summary and messages."""
    user = request.user
    try:
        messages_url = reverse("notifications:box")
    except NoReverseMatch:
        messages_url = ""
    context = {
        "profile": user,
        "unread_count": selectors.count_unread_messages(user),
        "messages_url": messages_url,
        "is_staff_member": getattr(user, "kind", "") == "staff",
    }
    return render(request, "web/my.html", context)
