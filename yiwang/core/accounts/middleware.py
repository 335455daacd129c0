"""Staff session security (GB/T 22239 L3-CES1-02/04).

For a signed-in staff member, on every request:
1. idle timeout — after STAFF_IDLE_MINUTES without a request the session ends and the login
   page says why ("因长时间未操作，已自动退出");
2. second factor — until TOTP has been passed in this session, every page except the login
   steps sends them to the TOTP step (enrolment first if they have no device); the API answers 403;
3. security key — a member of a role that requires a key (set by the security administrator)
   who has none is kept on the security page until they register one;
4. password change — an initial or expired password must be changed before anything else.

Runs after django_otp's OTPMiddleware (which provides `user.is_verified()`) and before the
messages middleware, so the notice for the login page travels in the new session.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yiwang.core.web.http import client_ip

from . import services
from .models import User

LAST_ACTIVITY_KEY = "yiwang_last_activity"
NOTICE_KEY = "yiwang_login_notice"
# Set when the second factor is passed: the user's role requires a security key they lack.
KEY_NEEDED_KEY = "yiwang_key_needed"
IDLE_NOTICE = "因长时间未操作，已自动退出。 (Signed out after a period of inactivity.)"
# Writing the session on every request would cost a write per page; a minute's slack is harmless.
ACTIVITY_WRITE_SECONDS = 60
ALWAYS_OPEN_PREFIXES = ("/static/", "/media/", "/favicon.ico", "/robots.txt")
API_PREFIX = "/api/"


class StaffSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        detour = _wagtail_entry_detour(request)
        if detour is not None:
            return detour
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "kind", "") == User.Kind.STAFF:
            response = self._check_staff(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _check_staff(self, request: HttpRequest, user: User) -> HttpResponse | None:
        path = request.path
        if path.startswith(ALWAYS_OPEN_PREFIXES):
            return None
        now = timezone.now().timestamp()
        last = request.session.get(LAST_ACTIVITY_KEY)
        idle_seconds = services.policy("STAFF_IDLE_MINUTES") * 60
        if last is not None and now - float(last) > idle_seconds:
            services.record_logout(user=user, ip=client_ip(request), reason="idle")
            logout(request)
            request.session[NOTICE_KEY] = IDLE_NOTICE
            return _to(reverse("accounts:login"), request)
        if last is None or now - float(last) >= ACTIVITY_WRITE_SECONDS:
            request.session[LAST_ACTIVITY_KEY] = now

        login_steps = {
            reverse("accounts:otp"),
            reverse("accounts:logout"),
            reverse("accounts:login"),
            reverse("accounts:key_authenticate_begin"),
            reverse("accounts:key_authenticate_finish"),
            reverse("accounts:recovery_sign_in"),
        }
        is_verified = getattr(user, "is_verified", None)
        if not (callable(is_verified) and is_verified()):
            if path in login_steps:
                return None
            if path.startswith(API_PREFIX):
                return JsonResponse({"detail": "需要完成动态口令验证。 (Second factor required.)"}, status=403)
            return _to(reverse("accounts:otp"), request)
        if request.session.get(KEY_NEEDED_KEY):
            allowed = login_steps | {
                reverse("accounts:security"),
                reverse("accounts:key_register_begin"),
                reverse("accounts:key_register_finish"),
                reverse("accounts:reauth"),
                reverse("accounts:recovery_generate"),
            }
            if path not in allowed:
                if path.startswith(API_PREFIX):
                    return JsonResponse(
                        {"detail": "您的角色要求使用安全密钥，请先登记。 (Register a security key.)"}, status=403
                    )
                return _to(reverse("accounts:security"), request)
        if user.must_change_password or services.password_expired(user):
            allowed = login_steps | {reverse("accounts:password_change")}
            if path not in allowed and not path.startswith(API_PREFIX):
                return _to(reverse("accounts:password_change"), request)
        return None


def _to(url: str, request: HttpRequest) -> HttpResponseRedirect:
    if request.method == "GET" and not request.headers.get("HX-Request"):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(url)


def _wagtail_entry_detour(request: HttpRequest) -> HttpResponse | None:
    """The workspace has one way in and out: ours (lockout, TOTP, audit). Wagtail's own login
    and password-reset pages send people to the platform login (staff passwords are reset by the
    system administrator); its logout is handed to ours with the POST intact (307)."""
    path = request.path
    try:
        login, logout_path, reset = (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_password_reset"),
        )
    except NoReverseMatch:
        return None
    if path == login or path.startswith(reset):
        return HttpResponseRedirect(
            reverse("accounts:login") + "?" + urlencode({"next": request.GET.get("next", "/staff/")})
        )
    if path == logout_path:
        return (
            HttpResponseRedirect(reverse("accounts:logout"), status=307)
            if request.method == "POST"
            else HttpResponseRedirect(reverse("accounts:logout"))
        )
    return None
