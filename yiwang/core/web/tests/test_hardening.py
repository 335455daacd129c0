"""Web hardening over HTTP: security headers and CSP, CSRF on every form and API write, rate
limits answering 429 in Chinese with the user's input kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from yiwang.testing.auth import sign_in
from yiwang.testing.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings: Any) -> Iterator[None]:
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def csp(response: Any) -> dict[str, str]:
    directives = [d.strip() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in directives}


def test_public_pages_get_a_strict_policy_and_the_security_headers(client: Client) -> None:
    response = client.get("/accounts/login/")
    policy = csp(response)
    assert policy["script-src"] == "'self'" and policy["style-src"].startswith("'self'")
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in response["Permissions-Policy"]


def test_the_only_inline_style_allowed_is_the_one_the_vendored_htmx_adds(client: Client) -> None:
    import base64
    import hashlib
    import re
    from pathlib import Path

    from django.conf import settings

    htmx = (Path(settings.BASE_DIR) / "yiwang/static/vendor/htmx/htmx.min.js").read_text()
    template = re.search(r"`<style\$\{e\}>`\+`(.*?)`\+`(.*?)`\+\"</style>\"", htmx)
    assert template, "htmx no longer injects its indicator style this way: review the CSP style-src hash"
    css = (template.group(1) + template.group(2)).replace("${t}", "htmx-indicator").replace("${n}", "htmx-request")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert csp(client.get("/accounts/login/"))["style-src"] == f"'self' 'sha256-{digest}'"


def test_the_staff_workspace_alone_allows_wagtails_inline_scripts(client: Client) -> None:
    sign_in(client, StaffFactory())
    policy = csp(client.get("/staff/"))
    assert "'unsafe-inline'" in policy["script-src"] and policy["frame-ancestors"] == "'self'"
    assert policy["object-src"] == "'none'"


def test_production_sends_hsts_and_secure_cookies() -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yiwang.settings.production",
        "SECRET_KEY": "x" * 60,
        "FIELD_ENCRYPTION_KEYS": "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=",
        "FIELD_HASH_KEY": "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    command = [sys.executable, "-c", code]  # this interpreter, a fixed snippet
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert out.split() == ["31536000", "True", "True", "Lax", "True", "True", "True"]


def _views(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


# Deliberate exemptions, each with its reason. Ninja's views are exempt at the Django layer because
# django-ninja checks CSRF itself for cookie (session) authentication — see the API test below.
CSRF_EXEMPT_ALLOWED = {
    # Wagtail's admin API (read-only, GET): Django REST framework enforces CSRF for session writes.
    "wagtail.admin.api.views.PagesAdminAPIViewSet",
    "wagtail.images.api.admin.views.ImagesAdminAPIViewSet",
    "wagtail.documents.api.admin.views.DocumentsAdminAPIViewSet",
    "yiwang.core.web.views.elder_mode",  # a display preference cookie; anonymous pages carry no token
    "django.views.i18n.set_language",  # the same, for the language switch
}


def test_no_view_is_exempt_from_csrf_unless_listed_with_a_reason() -> None:
    exempt = set()
    for route, view in _views(get_resolver()):
        if not getattr(view, "csrf_exempt", False):
            continue
        name = f"{view.__module__}.{getattr(view, '__name__', type(view).__name__)}"
        if route.startswith("api/") or name.startswith("ninja."):
            continue
        exempt.add(name)
    assert exempt <= CSRF_EXEMPT_ALLOWED, sorted(exempt - CSRF_EXEMPT_ALLOWED)


def test_every_api_write_with_a_session_cookie_but_no_csrf_token_is_refused(world: Any) -> None:
    """Posts every API URL as a signed-in staff member from a page that did not get our CSRF
    token (another site's form): nothing may be accepted or even validated."""
    import re

    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.city_clerk)
    tried = 0
    for route, _view in _views(get_resolver()):
        if not route.startswith("api/") or "docs" in route or "openapi" in route:
            continue
        url = "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
        status = client.post(url, "{}", content_type="application/json").status_code
        assert status in (403, 405), f"{url} answered {status} to a cross-site POST"
        tried += 1
    assert tried > 0


def test_logins_over_the_limit_get_429_in_chinese_with_the_login_name_kept(client: Client, limits_on: None) -> None:
    UserFactory(username="zhangsan")
    for _ in range(10):
        client.post("/accounts/login/", {"username": "zhangsan", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "zhangsan", "password": DEFAULT_PASSWORD})
    body = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"]
    assert "操作过于频繁" in body and 'value="zhangsan"' in body
    assert "_auth_user_id" not in client.session  # the right password did not get through either


def test_one_time_codes_are_limited_per_address_of_the_client(client: Client, limits_on: None) -> None:
    statuses = [client.post("/accounts/register/", {"address": f"1381234{i:04d}"}).status_code for i in range(11)]
    assert statuses[-1] == 429 and 429 not in statuses[:10]
    assert "13812340010" in client.post("/accounts/register/", {"address": "13812340010"}).content.decode()


def test_the_page_mode_answers_429_with_a_chinese_page(rf: Any, limits_on: None) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    from yiwang.core.web.ratelimit import ratelimit

    @ratelimit(group="test.feedback", rate="2/m")
    def feedback(request: Any) -> HttpResponse:
        return HttpResponse("已收到")

    def post() -> Any:
        request = rf.post("/feedback/", {"text": "路灯坏了"})
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        return feedback(request)

    assert [post().status_code for _ in range(2)] == [200, 200]
    limited = post()
    assert limited.status_code == 429 and "操作过于频繁" in limited.content.decode()
    json_request = rf.post("/api/x/", HTTP_ACCEPT="application/json")
    json_request.user = AnonymousUser()
    assert feedback(json_request).status_code == 429
