"""账户安全 (/accounts/security/): a staff member's own security keys and recovery codes, signing in
with a key or a recovery code as the second factor, and re-authentication before sensitive actions.

The browser side is `accounts/webauthn.js` (a static file: the pages carry no inline script),
which talks JSON to the *_begin/*_finish endpoints below. CSRF applies to them like to any form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.ratelimit import ratelimit

from . import recovery, services, webauthn
from .forms import ReauthForm, RecoveryCodeForm
from .middleware import KEY_NEEDED_KEY, NOTICE_KEY
from .models import User
from .reauth import mark_authenticated, require_recent_authentication
from .views import _current_user, _next_url, complete_second_factor


def _staff_only(request: HttpRequest) -> User | None:
    user = _current_user(request)
    return user if user.kind == User.Kind.STAFF else None


# --- the security page -----------------------------------------------------------------------------


@access_policy(audience="authenticated", note="非工作人员被引回其首页")
@never_cache
@login_required
@require_http_methods(["GET"])
def security_page(request: HttpRequest) -> HttpResponse:
    """账户安全 — keys (register, rename, remove) and recovery codes."""
    user = _staff_only(request)
    if user is None:
        return redirect("web:after-login")
    return render(request, "accounts/security.html", _security_context(request, user))


def _security_context(request: HttpRequest, user: User, **extra: Any) -> dict[str, Any]:
    return {
        "keys": webauthn.list_keys(user),
        "key_required": webauthn.key_required(user),
        "key_needed": bool(request.session.get(KEY_NEEDED_KEY)),
        "recovery_remaining": recovery.remaining(user),
        "has_recovery": recovery.device_for(user) is not None,
        "next": _next_url(request) if request.GET.get("next") else "",
        **extra,
    }


@access_policy(audience="staff", methods=("POST",))
@csrf_protect
@login_required
@require_recent_authentication
@require_POST
def key_register_begin(request: HttpRequest) -> HttpResponse:
    user = _staff_only(request)
    if user is None:
        return JsonResponse({"detail": "仅工作人员可登记安全密钥。"}, status=403)
    return HttpResponse(webauthn.begin_registration(request, user=user), content_type="application/json")


@access_policy(audience="staff", methods=("POST",))
@csrf_protect
@login_required
@require_recent_authentication
@require_POST
def key_register_finish(request: HttpRequest) -> HttpResponse:
    user = _staff_only(request)
    if user is None:
        return JsonResponse({"detail": "仅工作人员可登记安全密钥。"}, status=403)
    try:
        credential, name = webauthn.parse_credential(request.body)
        key = webauthn.finish_registration(request, user=user, credential=credential, name=name)
    except webauthn.SecurityKeyError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    request.session[KEY_NEEDED_KEY] = False
    messages.success(request, f"已登记安全密钥“{key.name}”。 (Security key registered.)")
    return JsonResponse({"redirect": reverse("accounts:security")})


@access_policy(audience="authenticated", methods=("POST",), note="本人的安全密钥")
@csrf_protect
@login_required
@require_recent_authentication
@require_POST
def key_rename(request: HttpRequest, key_id: int) -> HttpResponse:
    user = _current_user(request)
    try:
        webauthn.rename_key(user=user, key_id=key_id, name=request.POST.get("name", ""), ip=client_ip(request))
    except webauthn.SecurityKeyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已修改密钥名称。 (Renamed.)")
    return redirect("accounts:security")


@access_policy(audience="authenticated", methods=("POST",), note="本人的安全密钥")
@csrf_protect
@login_required
@require_recent_authentication
@require_POST
def key_remove(request: HttpRequest, key_id: int) -> HttpResponse:
    user = _current_user(request)
    webauthn.remove_key(user=user, key_id=key_id, ip=client_ip(request))
    if webauthn.key_required(user) and not webauthn.has_key(user):
        request.session[KEY_NEEDED_KEY] = True
    messages.success(request, "已删除安全密钥。 (Key removed.)")
    return redirect("accounts:security")


@access_policy(audience="authenticated", methods=("POST",))
@csrf_protect
@never_cache
@login_required
@require_recent_authentication
@require_POST
def recovery_generate(request: HttpRequest) -> HttpResponse:
    """Generate (or regenerate) recovery codes and show them this once; never redirected to, so a
    reload does not show them again."""
    user = _staff_only(request)
    if user is None:
        return redirect("web:after-login")
    codes = recovery.generate(user=user, ip=client_ip(request))
    return render(request, "accounts/security.html", _security_context(request, user, new_codes=codes))


def _failed_and_locked(request: HttpRequest, user: User, *, reason: str) -> bool:
    """Count a failed key, recovery code or re-entered password towards the lockout (L3-CES1-02);
    when it locks the account, end the session and say why on the login page."""
    ip = client_ip(request)
    until = services.register_login_failure(user=user, ip=ip, reason=reason)
    if not until:
        return False
    services.record_logout(user=user, ip=ip, reason="locked")
    auth_logout(request)
    request.session[NOTICE_KEY] = (
        f"验证失败次数过多，账户已锁定至 {timezone.localtime(until).strftime('%Y-%m-%d %H:%M')}。"
    )
    return True


# --- the second factor with a key or a recovery code -------------------------------------------------


def _pending_staff(request: HttpRequest) -> User | None:
    """A staff member past the password step, not yet past the second factor."""
    user = request.user
    if not isinstance(user, User) or user.kind != User.Kind.STAFF:
        return None
    return user


@csrf_protect
@login_required
@ratelimit(group="accounts.second_factor", rate="30/10m", key="user")
@require_POST
def key_authenticate_begin(request: HttpRequest) -> HttpResponse:
    user = _pending_staff(request)
    if user is None:
        return JsonResponse({"detail": "仅工作人员使用安全密钥。"}, status=403)
    try:
        return HttpResponse(webauthn.begin_authentication(request, user=user), content_type="application/json")
    except webauthn.SecurityKeyError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)


@csrf_protect
@login_required
@ratelimit(group="accounts.second_factor", rate="30/10m", key="user")
@require_POST
def key_authenticate_finish(request: HttpRequest) -> HttpResponse:
    """Second factor at login, or re-authentication later in the session: the same assertion."""
    user = _pending_staff(request)
    if user is None:
        return JsonResponse({"detail": "仅工作人员使用安全密钥。"}, status=403)
    ip = client_ip(request)
    try:
        credential, _ = webauthn.parse_credential(request.body)
    except webauthn.SecurityKeyError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    key = webauthn.finish_authentication(request, user=user, credential=credential)
    next_url = _next_url(request)
    if key is None:
        if _failed_and_locked(request, user, reason="security_key"):
            return JsonResponse({"detail": "账户已锁定。", "redirect": reverse("accounts:login")}, status=400)
        return JsonResponse({"detail": "安全密钥验证失败，请重试。 (The key was not accepted.)"}, status=400)
    if user.is_verified():  # type: ignore[attr-defined]
        mark_authenticated(request)
        services.record_reauthentication(user=user, ip=ip, factor="security_key")
    else:
        complete_second_factor(request, user=user, device=key, factor="security_key")
    return JsonResponse({"redirect": next_url})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@login_required
@ratelimit(group="accounts.second_factor", rate="30/10m", key="user")
@require_POST
def recovery_sign_in(request: HttpRequest) -> HttpResponse:
    """Pass the second factor with a recovery code (each works once)."""
    user = _pending_staff(request)
    if user is None:
        return redirect("web:after-login")
    form = RecoveryCodeForm(request.POST)
    device = recovery.device_for(user)
    if form.is_valid() and device is not None and device.verify_token(form.cleaned_data["code"]):
        complete_second_factor(request, user=user, device=device, factor="recovery_code")
        left = recovery.remaining(user)
        messages.warning(
            request,
            f"您使用了一个恢复码，还剩 {left} 个。请尽快登记新的安全密钥或重新生成恢复码。 (Recovery code used.)",
        )
        return HttpResponseRedirect(reverse("accounts:security"))
    if _failed_and_locked(request, user, reason="recovery_code"):
        return redirect("accounts:login")
    messages.error(request, "恢复码不正确或已使用。 (Wrong or used recovery code.)")
    return redirect(f"{reverse('accounts:otp')}?recovery=1")


# --- re-authentication -------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@login_required
@ratelimit(group="accounts.reauth", rate="10/10m", key="user")
@require_http_methods(["GET", "POST"])
def reauth_view(request: HttpRequest) -> HttpResponse:
    """再次验证身份 — the password (or, in the browser, a security key) again before a sensitive action.

    Someone whose role requires a security key and who holds one proves themselves with the key
    only: the password alone is the very factor the requirement says is not enough."""
    user = _current_user(request)
    form = ReauthForm(request.POST or None)
    ip = client_ip(request)
    has_key = user.kind == User.Kind.STAFF and webauthn.has_key(user)
    key_only = has_key and webauthn.key_required(user)
    if request.method == "POST" and key_only:
        form.add_error(
            None, "您的角色要求使用安全密钥再次验证身份，不能只用密码。 (Your role requires a security key.)"
        )
    elif request.method == "POST" and form.is_valid():
        if user.check_password(form.cleaned_data["password"]):
            mark_authenticated(request)
            services.record_reauthentication(user=user, ip=ip, factor="password")
            return HttpResponseRedirect(_next_url(request))
        if _failed_and_locked(request, user, reason="reauth_password"):
            return redirect("accounts:login")
        form.add_error("password", "密码不正确。 (Wrong password.)")
    context = {
        "form": form,
        "next": _next_url(request),
        "has_key": has_key,
        "key_only": key_only,
        "minutes": services.policy("REAUTH_MINUTES"),
    }
    return render(request, "accounts/reauth.html", context)
