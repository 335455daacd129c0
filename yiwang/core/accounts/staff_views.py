"""工作人员账户管理 — the system administrator's staff screens in the workspace (Wagtail shell).

Staff never register themselves (GB/T 22239 L3-CES1-05): accounts are created here, each for one
named person, with a one-time initial password that must be changed at first login.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.core.permissions.access import can
from yiwang.core.web.http import client_ip

from . import otp, selectors, services
from .forms import StaffCreateForm
from .models import User

VERB = "core.manage_users"


def _require_manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can(user, VERB):
        raise PermissionDenied("仅系统管理员可管理工作人员账户。 (System administrator only.)")
    return user


def staff_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    staff = selectors.list_staff()
    enrolled = set(TOTPDevice.objects.filter(user__in=staff, confirmed=True).values_list("user_id", flat=True))
    rows = [{"user": u, "totp": u.pk in enrolled, "locked": selectors.is_locked(u)} for u in staff]
    return TemplateResponse(request, "accounts/staff/list.html", {"rows": rows})


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


@require_POST
def staff_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_manager(request)
    user = get_object_or_404(User, pk=user_id, kind=User.Kind.STAFF)
    services.unlock_user(actor=actor, user=user, ip=client_ip(request))
    return redirect("accounts_staff:staff_list")


@require_POST
def staff_reset_totp(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_manager(request)
    user = get_object_or_404(User, pk=user_id, kind=User.Kind.STAFF)
    otp.reset_second_factor(actor=actor, user=user, ip=client_ip(request))
    return redirect("accounts_staff:staff_list")
