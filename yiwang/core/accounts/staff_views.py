"""工作人员账户管理 — the system administrator's staff screens in the workspace (Wagtail shell).

Staff never register themselves (GB/T 22239 L3-CES1-05): accounts are created here, each for one
named person, with a one-time initial password that must be changed at first login.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.core.orgs.models import Membership, Role
from yiwang.core.permissions.access import can
from yiwang.core.privacy import exports
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import otp, selectors, services, webauthn
from .forms import AdminRoleForm, ExportPurposeForm, MembershipForm, StaffCreateForm
from .models import RoleKeyRequirement, SecurityKey, User
from .reauth import demand_recent_authentication

VERB = "core.manage_users"


def _require_manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can(user, VERB):
        raise PermissionDenied("仅系统管理员可管理工作人员账户。 (System administrator only.)")
    return user


@access_policy(verb=VERB)
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    staff = selectors.list_staff()
    enrolled = set(TOTPDevice.objects.filter(user__in=staff, confirmed=True).values_list("user_id", flat=True))
    with_keys = set(SecurityKey.objects.filter(user__in=staff, confirmed=True).values_list("user_id", flat=True))
    rows = [
        {"user": u, "totp": u.pk in enrolled, "key": u.pk in with_keys, "locked": selectors.is_locked(u)} for u in staff
    ]
    return TemplateResponse(request, "accounts/staff/list.html", {"rows": rows})


@access_policy(verb=VERB, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, initial = services.create_staff_user(
                actor=actor,
                username=data["username"],
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
                ip=client_ip(request),
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            # Shown once, never stored in clear: the new colleague changes it at first login.
            return TemplateResponse(
                request, "accounts/staff/created.html", {"new_user": user, "initial_password": initial}
            )
    return TemplateResponse(request, "accounts/staff/create.html", {"form": form})


@access_policy(verb=VERB, methods=("POST",))
@require_POST
def staff_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_manager(request)
    user = get_object_or_404(User, pk=user_id, kind=User.Kind.STAFF)
    services.unlock_user(actor=actor, user=user, ip=client_ip(request))
    return redirect("accounts_staff:staff_list")


@access_policy(verb=VERB, methods=("POST",))
@require_POST
def staff_reset_totp(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_manager(request)
    user = get_object_or_404(User, pk=user_id, kind=User.Kind.STAFF)
    otp.reset_second_factor(actor=actor, user=user, ip=client_ip(request))
    return redirect("accounts_staff:staff_list")


# --- one staff member: roles and memberships (三权分立 enforced by the services) ---------------------


@access_policy(verb=VERB)
def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_manager(request)
    user = get_object_or_404(User, pk=user_id, kind=User.Kind.STAFF)
    return TemplateResponse(request, "accounts/staff/detail.html", _detail_context(actor, user))


def _detail_context(actor: User, user: User, **forms: Any) -> dict[str, Any]:
    return {
        "staff_user": user,
        "is_self": actor.pk == user.pk,
        "memberships": user.memberships.select_related("agency", "role").order_by("agency__path", "role__code"),
        "membership_form": forms.get("membership_form") or MembershipForm(),
        "key_count": len(webauthn.list_keys(user)),
        "key_required": webauthn.key_required(user),
    }


# --- 管理员角色 (三员: the security administrator's decision, never the system administrator's) -------


def _admin_roles_context(**extra: Any) -> dict[str, Any]:
    staff = selectors.list_staff()
    return {"staff": staff, "choices": User.AdminRole.choices, **extra}


@access_policy(verb="core.manage_security")
def admin_roles(request: HttpRequest) -> HttpResponse:
    """管理员角色 — the security administrator assigns and revokes the three administrators' roles."""
    _require_security_admin(request)
    return TemplateResponse(request, "accounts/staff/admin_roles.html", _admin_roles_context())


@access_policy(verb="core.manage_security", methods=("POST",))
@require_POST
def staff_admin_role(request: HttpRequest, user_id: int) -> HttpResponse:
    """Set one account's admin role. The service refuses (and audits) anyone but the security
    administrator — a system administrator who made the account knows its initial password —
    then re-authentication: a role change is sensitive."""
    actor = request.user
    if not isinstance(actor, User):
        raise PermissionDenied
    user = User.objects.filter(pk=user_id, kind=User.Kind.STAFF).first()
    if user is None:
        if not can(actor, "core.manage_security"):
            raise PermissionDenied
        raise Http404
    services.require_admin_role_manager(
        actor, user=user, ip=client_ip(request), wanted=request.POST.get("admin_role", "")
    )
    if (detour := demand_recent_authentication(request)) is not None:
        return detour
    form = AdminRoleForm(request.POST)
    if form.is_valid():
        try:
            services.assign_admin_role(
                actor=actor, user=user, admin_role=form.cleaned_data["admin_role"], ip=client_ip(request)
            )
        except (services.RoleSeparationError, services.AccountError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存 {user.display_name} 的管理员角色。")
            return redirect("accounts_admin_roles")
    errors = [str(e) for e in form.non_field_errors()] + [str(e) for e in form.errors.get("admin_role", [])]
    return TemplateResponse(
        request,
        "accounts/staff/admin_roles.html",
        _admin_roles_context(errors=errors, error_user=user),
        status=400,
    )


@access_policy(verb=VERB, methods=("POST",))
@require_POST
def staff_grant_membership(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_manager(request)
    if (detour := demand_recent_authentication(request)) is not None:
        return detour
    user = get_object_or_404(User, pk=user_id, kind=User.Kind.STAFF)
    form = MembershipForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_membership(
                actor=actor,
                user=user,
                agency=data["agency"],
                role=data["role"],
                title=data["title"],
                covers_subtree=data["covers_subtree"],
                ip=client_ip(request),
            )
        except services.RoleSeparationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已授予角色：{data['role']}（{data['agency']}）")
            return redirect("accounts_staff:staff_detail", user_id=user.pk)
    return TemplateResponse(
        request, "accounts/staff/detail.html", _detail_context(actor, user, membership_form=form), status=400
    )


@access_policy(verb=VERB, methods=("POST",))
@require_POST
def staff_revoke_membership(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    actor = _require_manager(request)
    if (detour := demand_recent_authentication(request)) is not None:
        return detour
    membership = get_object_or_404(Membership, pk=membership_id, user_id=user_id)
    services.revoke_membership(actor=actor, membership=membership, ip=client_ip(request))
    messages.success(request, "已撤销该任职。")
    return redirect("accounts_staff:staff_detail", user_id=user_id)


# --- 导出工作人员名单 (personal data, with purpose and re-authentication) -------------------------------


@access_policy(verb=VERB, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def staff_export(request: HttpRequest) -> HttpResponse:
    actor = _require_manager(request)
    if (detour := demand_recent_authentication(request)) is not None:
        return detour
    form = ExportPurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff = selectors.list_staff()
        try:
            content = exports.export_csv(
                actor=actor,
                dataset="accounts.staff",
                purpose=form.cleaned_data["purpose"],
                header=["账户名", "姓名", "管理员角色", "电子邮箱", "手机号", "状态"],
                rows=(
                    [
                        u.username,
                        u.display_name,
                        u.get_admin_role_display() if u.admin_role else "",
                        u.email,
                        u.phone,
                        "启用" if u.is_active else "停用",
                    ]
                    for u in staff
                ),
                personal_fields=["display_name", "email", "phone"],
                ip=client_ip(request),
            )
        except exports.ExportError as exc:
            form.add_error("purpose", str(exc))
        else:
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="staff.csv"'
            response["Cache-Control"] = "no-store"
            return response
    return TemplateResponse(request, "accounts/staff/export.html", {"form": form})


# --- 安全密钥要求 (security administrator) ---------------------------------------------------------


def _require_security_admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can(user, "core.manage_security"):
        raise PermissionDenied("仅安全管理员可设置安全策略。 (Security administrator only.)")
    return user


@access_policy(verb="core.manage_security", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def key_policy(request: HttpRequest) -> HttpResponse:
    """Which roles must sign in with a security key (GB/T 22239 L3-CES1-04)."""
    actor = _require_security_admin(request)
    roles = list(Role.objects.order_by("code"))
    required = set(RoleKeyRequirement.objects.values_list("role_id", flat=True))
    if request.method == "POST":
        return demand_recent_authentication(request) or _save_key_policy(request, actor, roles, required)
    return TemplateResponse(request, "accounts/staff/key_policy.html", {"roles": roles, "required": required})


def _save_key_policy(request: HttpRequest, actor: User, roles: list[Role], required: set[int]) -> HttpResponse:
    wanted = {int(pk) for pk in request.POST.getlist("roles") if pk.isdigit()}
    for role in roles:
        if (role.pk in wanted) != (role.pk in required):
            services.set_role_key_requirement(actor=actor, role=role, required=role.pk in wanted, ip=client_ip(request))
    messages.success(request, "已保存安全密钥要求。")
    return redirect("accounts_key_policy")
