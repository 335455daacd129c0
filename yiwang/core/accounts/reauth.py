"""再次验证身份 (re-authentication) before sensitive actions: changing roles or memberships,
exporting personal data, managing one's own security keys and recovery codes.

Every sign-in step that proves the person (password, TOTP, security key) stamps the session
with the time; `require_recent_authentication` lets a view run only within REAUTH_MINUTES of
that stamp and otherwise sends the user to /accounts/reauth/ to give their password or key again
(the key only, for someone whose role requires a key and who holds one).
A stolen session cookie alone therefore cannot grant roles or carry personal data away.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from yiwang.core.web.views import safe_next

from . import services

AUTHENTICATED_AT_KEY = "yiwang_authenticated_at"


def mark_authenticated(request: HttpRequest) -> None:
    request.session[AUTHENTICATED_AT_KEY] = timezone.now().timestamp()


def is_recent(request: HttpRequest) -> bool:
    stamp = request.session.get(AUTHENTICATED_AT_KEY)
    if stamp is None:
        return False
    return timezone.now().timestamp() - float(stamp) <= services.policy("REAUTH_MINUTES") * 60


def reauth_url(next_url: str) -> str:
    return f"{reverse('accounts:reauth')}?{urlencode({'next': next_url})}"


def demand_recent_authentication(request: HttpRequest) -> HttpResponse | None:
    """None if the user proved who they are within REAUTH_MINUTES; otherwise the response that
    sends them to do so. Views call it *after* their permission check (someone who may not act
    is refused, not asked for their password)."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
    if is_recent(request):
        return None
    if request.method == "GET":
        next_url = request.get_full_path()
    else:
        # A POST comes back to the page the form was on (its URL may accept POST only).
        back = urlsplit(safe_next(request, fallback=request.path))
        next_url = back.path + (f"?{back.query}" if back.query else "")
    wants_json = request.headers.get("HX-Request") or "application/json" in request.headers.get("Accept", "")
    if request.method != "GET" and wants_json:
        return JsonResponse(
            {"detail": "请先再次验证身份。 (Re-authentication required.)", "reauth": reauth_url(next_url)},
            status=403,
        )
    return HttpResponseRedirect(reauth_url(next_url))


def require_recent_authentication(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator: run `view` only if the user proved who they are within REAUTH_MINUTES.

    A GET is sent to the re-authentication page and comes back to the same URL. A POST comes
    back to the page it was posted from (the form is shown again) — or, for scripts and htmx,
    gets 403 with a JSON body naming the re-authentication page. For views with a permission
    check, call `demand_recent_authentication` after it instead."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return demand_recent_authentication(request) or view(request, *args, **kwargs)

    return wrapped
