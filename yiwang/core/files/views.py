"""Download (下载) of stored files, through the permission check, audited."""

from __future__ import annotations

import uuid

from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe

from yiwang.core.audit import services as audit
from yiwang.core.security.policy import access_policy
from yiwang.core.web.http import client_ip

from .models import StoredFile
from .permissions import can_download

# Shown in the browser only when asked (?inline=1) and only for types browsers render safely.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp"}


@access_policy(audience="authenticated", note="文件级权限由 files.permissions.can_download 校验（对象级未覆盖）")
@require_safe
def download(request: HttpRequest, file_id: uuid.UUID) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None or not can_download(request.user, stored):
        if stored is not None:
            audit.record(
                event="files.download",
                actor=request.user,
                obj=stored,
                ip=client_ip(request),
                result="failure",
                detail={"reason": "permission_denied"},
            )
        # Missing and not permitted look the same: file ids outside one's scope are not revealed.
        raise Http404("文件不存在或无权查看。")
    try:
        handle = default_storage.open(stored.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("文件内容已不存在。") from exc
    audit.record(
        event="files.download",
        actor=request.user,
        obj=stored,
        ip=client_ip(request),
        detail={"name": stored.original_name},
    )
    inline = request.GET.get("inline") == "1" and stored.content_type in INLINE_TYPES
    # FileResponse writes Content-Disposition with filename*=utf-8''… (RFC 5987) for Chinese names.
    response = FileResponse(
        handle, as_attachment=not inline, filename=stored.original_name, content_type=stored.content_type
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, no-store"
    return response
