"""Staff screens of the catalogue (/staff/servicehall/items/): the list with completeness flags,
create and edit with materials and steps as formsets, publish and withdraw.
Thin: forms parse, `services.catalogue` decides, a refusal is shown with the input kept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.files.models import StoredFile
from yiwang.core.files.selectors import list_files_of
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import completeness
from ..catalogue_forms import (
    ItemFilterForm,
    ItemForm,
    MaterialFormSet,
    StepFormSet,
    material_initial,
    step_initial,
    with_added_row,
)
from ..models import ServiceItem
from ..selectors import catalogue as selectors
from ..services import catalogue as services

VIEW = "servicehall.view"
MANAGE = "servicehall.manage_catalogue"


@access_policy(verb=VIEW, or_verbs=(MANAGE,))
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    """事项 list: the items of the user's agencies, each with its count of missing 办事指南 elements."""
    if not selectors.can_use_catalogue(request.user):
        raise PermissionDenied
    form = ItemFilterForm(request.GET or None, agencies=selectors.list_staff_agencies(request.user))
    filters = form.filters() if request.GET else {}
    incomplete_only = bool(form.is_valid() and form.cleaned_data.get("incomplete")) if request.GET else False
    rows = selectors.with_flags(selectors.list_staff_items(request.user, **filters), incomplete_only=incomplete_only)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    may_create = selectors.list_managed_agencies(request.user).exists()
    return render(
        request,
        "servicehall/staff/catalogue/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "may_create": may_create},
    )


def _kept_files(item: ServiceItem | None) -> dict[str, StoredFile]:
    if item is None or item.pk is None:
        return {}
    return {str(f.pk): f for f in list_files_of(item)}


def _rows(formset: Any, kept: dict[str, StoredFile] | None = None) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.initial:
            continue
        if form.cleaned_data.get("DELETE") or form.is_blank():
            continue
        row = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        if kept is not None:
            for kind in ("sample_file", "blank_form_file"):
                row[kind] = kept.get(row.get(kind) or "")
                row[f"{kind}_upload"] = form.cleaned_data.get(f"{kind}_upload") or None
        rows.append(row)
    return rows


def _editor(request: HttpRequest, item: ServiceItem | None) -> HttpResponse:
    agencies = selectors.list_managed_agencies(request.user)
    posting = request.method == "POST"
    data = request.POST if posting else None
    adding = ""
    if posting:
        for prefix in ("materials", "steps"):
            if f"add_{prefix}" in request.POST:
                data, adding = with_added_row(request.POST, prefix), prefix
    files = request.FILES if posting else None
    form = ItemForm(
        data,
        instance=item,
        agencies=agencies,
        initial={"topics": list(item.topics.all()), "life_events": list(item.life_events.all())} if item else None,
    )
    materials = MaterialFormSet(data, files, prefix="materials", initial=material_initial(item))
    steps = StepFormSet(data, prefix="steps", initial=step_initial(item))
    refusal = ""
    status = 200
    if posting and not adding:
        valid = all([form.is_valid(), materials.is_valid(), steps.is_valid()])
        if valid:
            try:
                saved = services.save_item(
                    actor=request.user,
                    item=item,
                    values=form.values(),
                    materials=_rows(materials, _kept_files(item)),
                    steps=_rows(steps),
                    topics=form.cleaned_data.get("topics") or (),
                    life_events=form.cleaned_data.get("life_events") or (),
                    ip=client_ip(request),
                )
            except services.CatalogueRefused as refused:
                refusal = refused.message
                for name, message in refused.errors.items():
                    if name in form.fields:
                        form.add_error(name, message)
            else:
                missing = completeness.missing_elements(
                    saved, materials=list(saved.materials.all()), steps=list(saved.steps.all())
                )
                note = f"，办事指南还缺 {len(missing)} 项要素" if missing else "，办事指南要素齐全，可以发布"
                messages.success(request, f"已保存“{saved.name}”{note}。")
                return HttpResponseRedirect(reverse("servicehall_staff_item_edit", args=[saved.pk]))
        status = 400
    missing = []
    if item is not None:
        missing = completeness.missing_elements(
            item, materials=list(item.materials.all()), steps=list(item.steps.all())
        )
    context = {
        "item": item,
        "form": form,
        "materials": materials,
        "steps": steps,
        "refusal": refusal,
        "missing": missing,
        "kept_files": _kept_files(item),
    }
    return render(request, "servicehall/staff/catalogue/edit.html", context, status=status)


@access_policy(verb=MANAGE, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    if not selectors.list_managed_agencies(request.user).exists():
        raise PermissionDenied
    return _editor(request, None)


def _managed_item(request: HttpRequest, item_id: int) -> ServiceItem:
    item = selectors.get_staff_item(request.user, item_id)
    if not selectors.can_manage(request.user, item):
        raise PermissionDenied
    return item


@access_policy(verb=MANAGE, methods=("GET", "POST"), agency_scoped=True)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    return _editor(request, _managed_item(request, item_id))


@access_policy(verb=MANAGE, methods=("POST",), agency_scoped=True)
@require_POST
def item_publish(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _managed_item(request, item_id)
    try:
        services.publish_item(actor=request.user, item=item, ip=client_ip(request))
    except services.CatalogueRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已发布“{item.name}”，办事指南已在网站上公开。")
    return HttpResponseRedirect(reverse("servicehall_staff_item_edit", args=[item.pk]))


@access_policy(verb=MANAGE, methods=("POST",), agency_scoped=True)
@require_POST
def item_withdraw(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _managed_item(request, item_id)
    try:
        services.withdraw_item(actor=request.user, item=item, ip=client_ip(request))
    except services.CatalogueRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已停用“{item.name}”，办事指南不再公开。")
    return HttpResponseRedirect(reverse("servicehall_staff_item_edit", args=[item.pk]))
