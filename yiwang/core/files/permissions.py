"""Who may download a stored file: whoever may see the object that owns it (the permission
chokepoint decides), and the uploader while the file is not yet attached to anything."""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions.access import can_view_object

from .models import StoredFile


def can_download(user: Any, stored: StoredFile) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not stored.is_attached:
        return stored.uploaded_by_id is not None and stored.uploaded_by_id == user.pk
    owner = stored.owner
    if owner is None:  # the owning object is gone
        return False
    return can_view_object(user, owner)
