"""Security headers for every response (GB/T 22239 L3-CES1-20; OWASP secure headers).

- Content-Security-Policy (django-csp, `settings.CONTENT_SECURITY_POLICY`): strict everywhere —
  scripts and styles only from this server, no inline script, no `eval`, no plugins, framing
  refused. Pages load their behaviour from static files (`accounts/webauthn.js`, htmx, bpmn-js).
- `/staff/` (the Wagtail workspace) gets a relaxed policy, `STAFF_CSP_RELAXED` below: Wagtail 8's
  admin still renders inline `<script>` blocks (inline panels, date/time widgets) and sets
  `style` attributes from its editors, so the workspace needs 'unsafe-inline' for scripts and
  styles, and `frame-ancestors 'self'` for its page preview iframe. That surface is reachable
  only by signed-in staff past the second factor; everything public stays strict.
- Permissions-Policy turns off browser features no page uses; Cross-Origin-Resource-Policy keeps
  other sites from embedding our responses. HSTS, nosniff, Referrer-Policy and
  Cross-Origin-Opener-Policy come from Django's SecurityMiddleware (see settings).
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

STAFF_PREFIX = "/staff/"
STAFF_CSP_RELAXED: dict[str, list[str]] = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), publickey-credentials-get=(self), "
    "publickey-credentials-create=(self)"
)


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the workspace's relaxed directives under /staff/."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(STAFF_PREFIX):
            parts.replace = {**STAFF_CSP_RELAXED, **(parts.replace or {})}
        return parts


class SecurityHeadersMiddleware:
    """The headers Django does not set itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
