"""Reads of stored files."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import StoredFile


def list_files_of(owner: models.Model, *, purpose: str | None = None) -> QuerySet[StoredFile]:
    """The files attached to `owner`, oldest first."""
    qs = StoredFile.objects.filter(
        owner_content_type=ContentType.objects.get_for_model(owner), owner_object_id=str(owner.pk)
    )
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.order_by("created_at")
