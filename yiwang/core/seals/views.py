"""电子印章管理 — the IT centre's screens in the workspace (/staff/seals/): every agency with
its newest seal, 制发 a seal for an agency, 撤销 one with its reason. Gated by
`seals.manage` (the system administrator's); issuing and revoking ask the person to prove
who they are again when their last sign-in is not recent. Thin: the services decide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.core.accounts.reauth import demand_recent_authentication
from yiwang.core.orgs.models import Agency
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import permissions, selectors, services
from .services import REVOCATION_REASON_MAX
from .signing.certificates import SEAL_YEARS


class IssueSealForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        empty_label="请选择机关",
        error_messages={"required": "请选择要制发印章的机关。", "invalid_choice": "请选择列表中的机关。"},
    )
    name = forms.CharField(
        label="印章文字",
        required=False,
        max_length=24,
        help_text="沿印章上弧排列的文字，最多 24 个字；不填则使用机关全称。",
        error_messages={"max_length": "印章文字过长：圆形公章上最多排 24 个字。"},
    )
    years = forms.IntegerField(
        label="有效期（年）",
        min_value=1,
        max_value=20,
        initial=SEAL_YEARS,
        error_messages={
            "required": "请填写有效期。",
            "invalid": "有效期应为整数年。",
            "min_value": "印章有效期应为 1 至 20 年。",
            "max_value": "印章有效期应为 1 至 20 年。",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("path")  # type: ignore[attr-defined]


class RevokeSealForm(forms.Form):
    reason = forms.CharField(
        label="撤销原因",
        max_length=REVOCATION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：印章密钥疑似泄露、机构撤并、印章文字变更。撤销后用该印章新盖的文件将被验证为“印章已吊销”。",
        error_messages={
            "required": "请填写撤销原因。",
            "max_length": f"撤销原因不能超过 {REVOCATION_REASON_MAX} 个字。",
        },
    )


def _require_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_seals(request.user):
        raise PermissionDenied


def _errors_into(form: forms.Form, error: ValidationError) -> None:
    for name, texts in error.message_dict.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


@access_policy(verb="seals.manage")
@require_GET
def seal_list(request: HttpRequest) -> HttpResponse:
    """The agencies with their newest seal: validity, fingerprint, whether revoked or expired."""
    _require_manager(request)
    now = timezone.now()
    rows = []
    for agency, seal in selectors.list_agencies_with_newest_seal():
        if seal is None:
            state = "未制发"
        elif seal.revoked_at is not None:
            state = "已撤销"
        elif seal.valid_until <= now:
            state = "已过期"
        elif seal.valid_from > now:
            state = "未生效"
        else:
            state = "有效"
        rows.append({"agency": agency, "seal": seal, "state": state, "usable": state == "有效"})
    context = {"rows": rows, "authority": selectors.get_current_authority()}
    return render(request, "seals/list.html", context)


@access_policy(verb="seals.manage", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def issue_seal(request: HttpRequest) -> HttpResponse:
    """制发电子印章 for an agency (a new key and certificate; an earlier seal keeps what it sealed)."""
    _require_manager(request)
    if request.method == "POST":
        form = IssueSealForm(request.POST)
        again = demand_recent_authentication(request)
        if again is not None:
            return again
        if form.is_valid():
            try:
                seal = services.issue_agency_seal(
                    agency=form.cleaned_data["agency"],
                    by=request.user,
                    name=form.cleaned_data["name"],
                    years=form.cleaned_data["years"],
                    ip=client_ip(request),
                )
            except ValidationError as refused:
                _errors_into(form, refused)
            else:
                messages.success(
                    request, f"已为“{seal.agency.full_name}”制发电子印章（指纹 {seal.fingerprint[:16]}…）。"
                )
                return HttpResponseRedirect(reverse("seals:list"))
        status = 400
    else:
        form = IssueSealForm(initial={"agency": request.GET.get("agency") or None, "years": SEAL_YEARS})
        status = 200
    return render(request, "seals/issue.html", {"form": form}, status=status)


@access_policy(verb="seals.manage", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def revoke_seal(request: HttpRequest, seal_id: int) -> HttpResponse:
    """撤销电子印章, with the reason; files sealed before keep verifying, later ones are 印章已吊销."""
    _require_manager(request)
    seal = selectors.get_seal(seal_id)
    if request.method == "POST":
        form = RevokeSealForm(request.POST)
        again = demand_recent_authentication(request)
        if again is not None:
            return again
        if form.is_valid():
            try:
                services.revoke_agency_seal(
                    seal=seal, by=request.user, reason=form.cleaned_data["reason"], ip=client_ip(request)
                )
            except ValidationError as refused:
                _errors_into(form, refused)
            else:
                messages.success(request, f"已撤销“{seal.agency.full_name}”的电子印章。")
                return HttpResponseRedirect(reverse("seals:list"))
        status = 400
    else:
        form = RevokeSealForm()
        status = 200
    return render(request, "seals/revoke.html", {"form": form, "seal": seal}, status=status)
