"""发布到政务公开: the one button on the document page (此件公开发布 after 用印)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .. import permissions
from ..selectors import documents as selectors
from ..services import publishing
from ..services.errors import DocumentRefused


@access_policy(verb="documents.distribute", agency_scoped=True, methods=("POST",))
@require_POST
def publish(request: HttpRequest, document_id: int) -> HttpResponse:
    """Send the sealed document to the portal; the page then shows 已发布 (or why not)."""
    if not permissions.can_use_documents(request.user):
        raise PermissionDenied
    document = selectors.get_document(request.user, document_id)
    try:
        publishing.publish_to_portal(document=document, by=request.user, ip=client_ip(request))
    except DocumentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "已提交发布到政务公开；发布结果显示在本页“网站发布”一栏。")
    return HttpResponseRedirect(reverse("documents_staff_document", args=[document.pk]))
