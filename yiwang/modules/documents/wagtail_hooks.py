"""The staff screens of 公文 in the workspace: the URLs under /staff/documents/ (the menu entry is
the manifest's)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from wagtail import hooks

from .views import staff


@hooks.register("register_admin_urls")
def register_document_urls() -> list[Any]:
    return [
        path("documents/", staff.document_list, name="documents_staff_list"),
        path("documents/new/", staff.new_draft, name="documents_staff_new"),
        path("documents/<int:document_id>/", staff.document_detail, name="documents_staff_document"),
        path("documents/<int:document_id>/edit/", staff.edit_draft, name="documents_staff_edit"),
        path("documents/<int:document_id>/steps/<str:step>/", staff.decide, name="documents_staff_decide"),
        path("documents/<int:document_id>/number/", staff.number, name="documents_staff_number"),
        path("documents/<int:document_id>/seal/", staff.seal, name="documents_staff_seal"),
        path("documents/<int:document_id>/distribute/", staff.distribute, name="documents_staff_distribute"),
        path("documents/<int:document_id>/archive/", staff.archive, name="documents_staff_archive"),
        path("documents/<int:document_id>/sealed.pdf", staff.sealed_pdf, name="documents_staff_pdf"),
        path("documents/<int:document_id>/supervise/", staff.flag, name="documents_staff_supervise"),
        path(
            "documents/<int:document_id>/supervise/<int:flag_id>/progress/",
            staff.progress,
            name="documents_staff_progress",
        ),
    ]
