"""Rate limits (限流) for login, registration, one-time codes and public forms.

One decorator for every module: ``@ratelimit(group="portal.feedback", rate="10/h")``. Counters
live in the cache (django-ratelimit; Redis in production, so every app server shares them). When
a client is over the limit:

- ``on_limit="page"`` (default): the view does not run; the answer is 429 with a Chinese page
  (or JSON for the API and htmx) that says when to try again;
- ``on_limit="form"``: the view runs with ``request.ratelimited`` set to the message, and must
  show its form again *with the user's input* and that message instead of acting on it (the
  login and registration pages do this); the decorator turns the response into a 429.

Rates can be tightened or relaxed per group without a code change: ``RATE_LIMITS`` in the
environment, e.g. ``accounts.login=20/m,accounts.code=10/h``. GB/T 22239 L3-CES1-02/20.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django_ratelimit.core import ALL, get_usage, is_ratelimited

LIMITED_ATTR = "ratelimited"
MESSAGE = "操作过于频繁，请稍后再试。 (Too many requests: please try again later.)"
_UNITS = {"s": "秒", "m": "分钟", "h": "小时", "d": "天"}


def configured_rate(group: str, default: str) -> str:
    """The rate for `group`: RATE_LIMITS from the environment wins over the code's default."""
    return str(getattr(settings, "YIWANG_RATE_LIMITS", {}).get(group, default))


def _key(request: HttpRequest, key: str) -> str:
    if key == "user":
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"ip:{request.META.get('REMOTE_ADDR', '')}"
    if key.startswith("post:"):
        return f"{key}:{request.POST.get(key[5:], '').strip().lower()}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def describe(rate: str) -> str:
    """ "5/m" -> "每分钟 5 次" for the message."""
    count, _, period = rate.partition("/")
    number = period.rstrip("smhd")
    unit = _UNITS.get(period[-1:], period)
    return f"每 {number} {unit} {count} 次" if number and number != "1" else f"每{unit} {count} 次"


def check(request: HttpRequest, *, group: str, rate: str, key: str = "ip", increment: bool = True) -> bool:
    """True when this request is over the limit (and counts it when `increment`)."""
    return bool(
        is_ratelimited(
            request,
            group=group,
            key=lambda _group, req: _key(req, key),
            rate=configured_rate(group, rate),
            method=ALL,
            increment=increment,
        )
    )


def reached(request: HttpRequest, *, group: str, rate: str, key: str = "ip") -> bool:
    """True when `group` has already counted `rate`'s full allowance for this client — without
    counting this request. For a step that appears at a threshold (e.g. a captcha after N
    submissions) rather than a refusal; `check(...)` counts the attempts."""
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, req: _key(req, key),
        rate=configured_rate(group, rate),
        method=ALL,
        increment=False,
    )
    return bool(usage and usage["count"] >= usage["limit"])


def too_many_requests(request: HttpRequest, *, rate: str) -> HttpResponse:
    """The 429 answer: JSON for the API, htmx and scripts; a Chinese page for people."""
    message = f"{MESSAGE}（限制：{describe(rate)}）"
    if (
        request.path.startswith("/api/")
        or request.headers.get("HX-Request")
        or "application/json" in request.headers.get("Accept", "")
    ):
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "web/429.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


def ratelimit(
    *,
    group: str,
    rate: str,
    key: str = "ip",
    methods: tuple[str, ...] = ("POST",),
    on_limit: Literal["page", "form"] = "page",
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit `methods` requests to the view to `rate` ("10/m", "100/h") per `key`:
    "ip" (the client address after the trusted proxy), "user" (the signed-in user, else the
    address) or "post:<field>" (e.g. the login name, so one account is not hammered from many
    addresses)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods or not check(request, group=group, rate=rate, key=key):
                return view(request, *args, **kwargs)
            effective = configured_rate(group, rate)
            if on_limit == "page":
                return too_many_requests(request, rate=effective)
            setattr(request, LIMITED_ATTR, f"{MESSAGE}（限制：{describe(effective)}）")
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response.status_code = 429
                response["Retry-After"] = "60"
            return response

        return wrapped

    return decorator


def limited_message(request: HttpRequest) -> str:
    """The message to show when a form view runs over its limit (on_limit="form"), else ""."""
    return str(getattr(request, LIMITED_ATTR, "") or "")
