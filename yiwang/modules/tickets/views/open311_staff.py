"""The staff page of Open311 接口密钥 (/staff/tickets/api-keys/): the hotline office creates a key for
a third-party app — shown once, on the answer to the creation — and revokes keys. Thin: the form
parses, `services.open311` decides and audits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core.permissions import access
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from ..forms.open311 import ApiKeyForm
from ..selectors import open311 as selectors
from ..services import TicketRefused
from ..services import open311 as services


def _page(
    request: HttpRequest, *, form: ApiKeyForm, created: Any = None, raw_key: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "keys": selectors.list_api_keys()[:200],
        "created": created,
        "raw_key": raw_key,
        "endpoint": request.build_absolute_uri(reverse("api:open311_services", kwargs={"fmt": "json"})).rsplit(
            "/services.json", 1
        )[0],
    }
    return render(request, "tickets/open311/api_keys.html", context, status=status)


@access_policy(verb="tickets.api_keys", methods=("GET", "POST"))
@never_cache
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    """接口密钥: the list and the form for a new key; the new key is shown on this answer only."""
    if not access.can(request.user, services.API_KEYS_VERB):
        raise PermissionDenied
    if request.method != "POST":
        return _page(request, form=ApiKeyForm())
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            api_key, raw = services.create_api_key(actor=request.user, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except TicketRefused as refused:
            form.add_error(None, refused.message)
        else:
            return _page(request, form=ApiKeyForm(), created=api_key, raw_key=raw)
    return _page(request, form=form, status=400)


@access_policy(verb="tickets.api_keys", methods=("POST",))
@require_POST
def revoke_api_key(request: HttpRequest, key_id: int) -> HttpResponse:
    """停用: the key stops working at once."""
    if not access.can(request.user, services.API_KEYS_VERB):
        raise PermissionDenied
    api_key = selectors.get_api_key(key_id)
    if api_key is None:
        raise Http404("接口密钥不存在")
    try:
        services.revoke_api_key(api_key=api_key, actor=request.user, ip=client_ip(request))
    except TicketRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已停用“{api_key.name}”的接口密钥（{api_key.prefix}…）。")
    return HttpResponseRedirect(reverse("tickets_api_keys"))
