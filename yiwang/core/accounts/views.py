"""Login, second factor, logout, password change and self-registration pages.

Thin: each view validates with a form and calls a service; audit entries are written there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip
from yiwang.core.web.ratelimit import limited_message, ratelimit

from . import otp, recovery, services, webauthn
from .forms import (
    CitizenRegistrationForm,
    EnterpriseRegistrationForm,
    LoginForm,
    PasswordResetForm,
    RecoveryCodeForm,
    RequestCodeForm,
    TokenForm,
)
from .middleware import KEY_NEEDED_KEY, LAST_ACTIVITY_KEY, NOTICE_KEY
from .models import OneTimeCode, User
from .reauth import mark_authenticated

PENDING_CODE_KEY = "yiwang_registration_code"
PENDING_KIND_KEY = "yiwang_registration_kind"
REGISTERED_KEY = "yiwang_registered_username"
RESET_CODE_KEY = "yiwang_reset_code"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    try:
        return str(resolve_url(settings.LOGIN_REDIRECT_URL))
    except NoReverseMatch:
        return "/"


def _current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@ratelimit(group="accounts.login", rate="30/m", on_limit="form")
@ratelimit(group="accounts.login_name", rate="10/5m", key="post:username", on_limit="form")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """登录 — one page for citizens, enterprises and staff; staff continue to the TOTP step."""
    notice = request.session.pop(NOTICE_KEY, None)
    if notice:
        messages.info(request, notice)
    form = LoginForm(request, request.POST or None)
    limited = limited_message(request)
    if request.method == "POST" and not limited and form.is_valid():
        user = form.user
        assert user is not None
        ip = client_ip(request)
        auth_login(request, user)
        if user.kind == User.Kind.STAFF:
            request.session[LAST_ACTIVITY_KEY] = timezone.now().timestamp()
            services.record_password_step(user=user, ip=ip)
            return _with_next(reverse_otp(), _next_url(request))
        mark_authenticated(request)
        services.record_login_success(user=user, ip=ip, factors=["password"])
        return HttpResponseRedirect(_next_url(request))
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.GET.get("next", request.POST.get("next", "")),
            "oidc_enabled": settings.OIDC_ENABLED,
            "ratelimit_message": limited,
        },
    )


def complete_second_factor(request: HttpRequest, *, user: User, device: Device, factor: str) -> None:
    """The second factor passed: verify the session (django-otp), stamp the time, note whether the
    user still has to register a key their role requires, and audit the login."""
    otp_login(request, device)
    mark_authenticated(request)
    request.session[KEY_NEEDED_KEY] = webauthn.key_required(user) and not webauthn.has_key(user)
    services.record_login_success(user=user, ip=client_ip(request), factors=["password", factor])


def reverse_otp() -> str:
    return str(resolve_url("accounts:otp"))


def _with_next(url: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}")


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@login_required
@ratelimit(group="accounts.second_factor", rate="30/10m", key="user", on_limit="form")
@require_http_methods(["GET", "POST"])
def otp_view(request: HttpRequest) -> HttpResponse:
    """动态口令 — enrol an authenticator at first login, then pass it at every login."""
    user = _current_user(request)
    if user.kind != User.Kind.STAFF:
        return HttpResponseRedirect(_next_url(request))
    if user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(_next_url(request))
    ip = client_ip(request)
    has_key = webauthn.has_key(user)
    # A role that requires a key: once the user has one, a TOTP code alone no longer passes.
    key_only = has_key and webauthn.key_required(user)
    device = otp.confirmed_device(user)
    enrolling = device is None and not has_key
    if enrolling:
        device = otp.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and (key_only or device is None):
        form.add_error(None, "请使用安全密钥或恢复码完成验证。 (Use your security key or a recovery code.)")
    elif request.method == "POST" and limited_message(request):
        form.add_error(None, limited_message(request))
    elif request.method == "POST" and form.is_valid():
        assert device is not None
        token = form.cleaned_data["token"]
        accepted = (
            otp.confirm_enrolment(user=user, device=device, token=token, ip=ip)
            if enrolling
            else otp.verify_totp(user=user, token=token) is not None
        )
        if accepted:
            complete_second_factor(request, user=user, device=device, factor="totp")
            return HttpResponseRedirect(_next_url(request))
        until = services.register_login_failure(user=user, ip=ip, reason="totp")
        if until:
            services.record_logout(user=user, ip=ip, reason="locked")
            auth_logout(request)
            request.session[NOTICE_KEY] = (
                f"动态口令错误次数过多，账户已锁定至 {timezone.localtime(until).strftime('%Y-%m-%d %H:%M')}。"
            )
            return redirect("accounts:login")
        form.add_error("token", "动态口令不正确或已过期，请输入应用中当前显示的数字。 (Wrong or expired code.)")
    context: dict[str, Any] = {
        "form": form,
        "enrolling": enrolling,
        "next": _next_url(request),
        "has_key": has_key,
        "key_only": key_only,
        "has_totp": device is not None and not enrolling,
        "has_recovery": recovery.device_for(user) is not None,
        "recovery_form": RecoveryCodeForm(),
        "show_recovery": bool(request.GET.get("recovery")),
    }
    if enrolling and device is not None:
        context.update(qr_svg=otp.qr_svg(device), secret=otp.secret_base32(device))
    if otp.show_demo_secrets() and device is not None and not key_only:
        context.update(demo_secret=otp.secret_base32(device), demo_code=otp.current_code(device))
    return render(request, "accounts/otp.html", context)


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """退出登录 — POST ends the session; GET asks for confirmation (no logout by link)."""
    if request.method == "POST":
        if request.user.is_authenticated:
            services.record_logout(user=_current_user(request), ip=client_ip(request))
        auth_logout(request)
        messages.info(request, "您已安全退出。 (Signed out.)")
        try:
            return redirect(settings.LOGOUT_REDIRECT_URL)
        except NoReverseMatch:
            return redirect("accounts:login")
    return render(request, "accounts/logout.html")


@access_policy(audience="authenticated", methods=("GET", "POST"))
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """修改密码 — required at first staff login and when the password is older than the policy allows."""
    user = _current_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    form.fields["old_password"].label = "当前密码"
    form.fields["new_password1"].label = "新密码"
    form.fields["new_password2"].label = "确认新密码"
    if request.method == "POST" and form.is_valid():
        services.change_password(user=user, new_password=form.cleaned_data["new_password1"], ip=client_ip(request))
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。 (Password changed.)")
        return HttpResponseRedirect(_next_url(request))
    must = user.must_change_password or services.password_expired(user)
    return render(
        request, "accounts/password_change.html", {"form": form, "must_change": must, "next": _next_url(request)}
    )


# --- self-registration ------------------------------------------------------------------------------


def _request_code_view(request: HttpRequest, *, kind: str) -> HttpResponse:
    phone_only = kind == User.Kind.ENTERPRISE
    form = RequestCodeForm(request.POST or None, phone_only=phone_only)
    if request.method == "POST" and form.is_valid() and limited_message(request):
        form.add_error(None, limited_message(request))
    elif request.method == "POST" and form.is_valid():
        try:
            code = services.request_code(
                channel=form.channel, address=form.cleaned_data["address"], ip=client_ip(request)
            )
        except services.AccountError as exc:
            form.add_error("address", str(exc))
        else:
            request.session[PENDING_CODE_KEY] = code.pk
            request.session[PENDING_KIND_KEY] = kind
            messages.info(
                request,
                f"验证码已发送至 {services.mask_address(code.address)}，{services.policy('ONE_TIME_CODE_MINUTES')} 分钟内有效。",
            )
            return redirect("accounts:register_verify")
    return render(request, "accounts/register_start.html", {"form": form, "kind": kind})


@csrf_protect
@never_cache
@ratelimit(group="accounts.code", rate="10/h", on_limit="form")
@require_http_methods(["GET", "POST"])
def register_view(request: HttpRequest) -> HttpResponse:
    """个人注册，第一步：手机号或邮箱."""
    return _request_code_view(request, kind=User.Kind.CITIZEN)


@csrf_protect
@never_cache
@ratelimit(group="accounts.code", rate="10/h", on_limit="form")
@require_http_methods(["GET", "POST"])
def register_enterprise_view(request: HttpRequest) -> HttpResponse:
    """法人注册，第一步：联系人手机号."""
    return _request_code_view(request, kind=User.Kind.ENTERPRISE)


@sensitive_post_parameters("password1", "password2", "code")
@csrf_protect
@never_cache
@ratelimit(group="accounts.code_check", rate="20/10m", on_limit="form")
@require_http_methods(["GET", "POST"])
def register_verify_view(request: HttpRequest) -> HttpResponse:
    """注册，第二步：验证码与账户信息."""
    code_id = request.session.get(PENDING_CODE_KEY)
    kind = request.session.get(PENDING_KIND_KEY, User.Kind.CITIZEN)
    if not code_id:
        return redirect("accounts:register")
    otc = OneTimeCode.objects.filter(pk=code_id).first()
    enterprise = kind == User.Kind.ENTERPRISE
    form: CitizenRegistrationForm | EnterpriseRegistrationForm = (
        EnterpriseRegistrationForm(request.POST or None)
        if enterprise
        else CitizenRegistrationForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid() and limited_message(request):
        form.add_error(None, limited_message(request))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ip = client_ip(request)
        try:
            if enterprise:
                user = services.register_enterprise(
                    code_id=code_id,
                    code=data["code"],
                    name=data["name"],
                    uscc=data["uscc"],
                    legal_representative=data["legal_representative"],
                    password=data["password1"],
                    ip=ip,
                )
            else:
                user = services.register_citizen(
                    code_id=code_id,
                    code=data["code"],
                    display_name=data["display_name"],
                    password=data["password1"],
                    ip=ip,
                )
        except services.CodeError as exc:
            form.add_error("code", str(exc))
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            for key in (PENDING_CODE_KEY, PENDING_KIND_KEY):
                request.session.pop(key, None)
            request.session[REGISTERED_KEY] = user.get_username()
            return redirect("accounts:register_done")
    sent_to = services.mask_address(otc.address) if otc else ""
    return render(
        request, "accounts/register_verify.html", {"form": form, "enterprise": enterprise, "sent_to": sent_to}
    )


@never_cache
def register_done_view(request: HttpRequest) -> HttpResponse:
    username = request.session.pop(REGISTERED_KEY, None)
    if not username:
        return redirect("accounts:login")
    return render(request, "accounts/register_done.html", {"username": username})


# --- forgotten password (citizens and enterprises) ------------------------------------------------------


@csrf_protect
@never_cache
@ratelimit(group="accounts.code", rate="10/h", on_limit="form")
@require_http_methods(["GET", "POST"])
def password_reset_view(request: HttpRequest) -> HttpResponse:
    """找回密码，第一步：已注册的手机号或邮箱."""
    form = RequestCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and limited_message(request):
        form.add_error(None, limited_message(request))
    elif request.method == "POST" and form.is_valid():
        try:
            code = services.request_code(
                channel=form.channel,
                address=form.cleaned_data["address"],
                ip=client_ip(request),
                purpose=OneTimeCode.Purpose.RESET,
            )
        except services.AccountError as exc:
            form.add_error("address", str(exc))
        else:
            request.session[RESET_CODE_KEY] = code.pk
            messages.info(request, f"验证码已发送至 {services.mask_address(code.address)}。")
            return redirect("accounts:password_reset_verify")
    return render(request, "accounts/password_reset_start.html", {"form": form})


@sensitive_post_parameters("password1", "password2", "code")
@csrf_protect
@never_cache
@ratelimit(group="accounts.code_check", rate="20/10m", on_limit="form")
@require_http_methods(["GET", "POST"])
def password_reset_verify_view(request: HttpRequest) -> HttpResponse:
    """找回密码，第二步：验证码与新密码."""
    code_id = request.session.get(RESET_CODE_KEY)
    if not code_id:
        return redirect("accounts:password_reset")
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and limited_message(request):
        form.add_error(None, limited_message(request))
    elif request.method == "POST" and form.is_valid():
        try:
            services.reset_password(
                code_id=code_id,
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except services.CodeError as exc:
            form.add_error("code", str(exc))
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("password1", message)
        else:
            request.session.pop(RESET_CODE_KEY, None)
            messages.success(request, "密码已重设，请用新密码登录。 (Password reset: please log in.)")
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_verify.html", {"form": form})
