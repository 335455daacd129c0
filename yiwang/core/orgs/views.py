"""Staff screens for the organisation tree and roles (system administrator: `core.manage_orgs`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from yiwang.core.accounts.reauth import demand_recent_authentication
from yiwang.core.permissions.access import can
from yiwang.core.registry.registry import all_verbs
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from . import services
from .models import Agency, Division, Role

VERB = "core.manage_orgs"


def _require(request: HttpRequest) -> None:
    if not can(request.user, VERB):
        raise PermissionDenied("仅系统管理员可以维护组织机构。")


class AgencyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agency
        fields = ["parent", "division", *services.EDITABLE_AGENCY_FIELDS]


@access_policy(verb=VERB)
def agency_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    agencies = Agency.objects.select_related("division").order_by("path")
    division = request.GET.get("division", "")
    if division:
        agencies = agencies.filter(division__code=division)
    rows = [(agency, agency.path.count(".") - 1) for agency in agencies]
    return TemplateResponse(
        request,
        "orgs/agency_list.html",
        {
            "rows": rows,
            "divisions": Division.objects.all(),
            "division": division,
        },
    )


def _save_agency(request: HttpRequest, form: AgencyForm, agency: Agency | None) -> Agency | None:
    if not form.is_valid():
        return None
    data: dict[str, Any] = dict(form.cleaned_data)
    ip = client_ip(request)
    try:
        if agency is None:
            return services.create_agency(actor=request.user, ip=ip, **data)
        data.pop("parent"), data.pop("division")
        return services.update_agency(agency=agency, actor=request.user, ip=ip, **data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@access_policy(verb=VERB, methods=("GET", "POST"))
def agency_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request)
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    if agency is not None:  # the place in the tree is not edited here
        form.fields["parent"].disabled = True
        form.fields["division"].disabled = True
    if request.method == "POST":
        saved = _save_agency(request, form, agency)
        if saved is not None:
            messages.success(request, f"已保存：{saved.full_name}")
            return redirect("orgs_staff:agencies")
        messages.error(request, "保存失败，请按提示修改后重新提交。")
    title = f"编辑：{agency.full_name}" if agency else "新增机构"
    return TemplateResponse(request, "orgs/agency_form.html", {"form": form, "agency": agency, "page_title": title})


class RoleForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50)
    description = forms.CharField(label="说明", max_length=200, required=False)
    verbs = forms.MultipleChoiceField(label="权限", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        verbs = self.fields["verbs"]
        assert isinstance(verbs, forms.MultipleChoiceField)
        verbs.choices = sorted(
            ((code, f"{label}（{code}）") for code, label in all_verbs().items() if not code.startswith("core."))
        )


@access_policy(verb=VERB)
def role_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    verbs = all_verbs()
    roles = [(role, [verbs.get(v, v) for v in role.verbs]) for role in Role.objects.all()]
    return TemplateResponse(request, "orgs/role_list.html", {"roles": roles})


@access_policy(verb=VERB, methods=("GET", "POST"))
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    role = get_object_or_404(Role, pk=pk)
    form = RoleForm(
        request.POST or None, initial={"name": role.name, "description": role.description, "verbs": role.verbs}
    )
    if request.method == "POST" and (detour := demand_recent_authentication(request)) is not None:
        return detour  # changing what a role grants is a role change: prove who you are first
    if request.method == "POST" and form.is_valid():
        try:
            services.update_role(role=role, actor=request.user, ip=client_ip(request), **form.cleaned_data)
        except (ValueError, ValidationError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存角色：{role.name}")
            return redirect("orgs_staff:roles")
    return TemplateResponse(
        request, "orgs/role_form.html", {"form": form, "role": role, "page_title": f"编辑角色：{role.name}"}
    )
