"""The staff screens of 公文 in the workspace: the URLs under /staff/documents/ (the menu entry is
the manifest's)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from wagtail import hooks

from .views import archive as archive_views
from .views import incoming as incoming_views
from .views import publishing, staff


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
        path("documents/<int:document_id>/publish/", publishing.publish, name="documents_staff_publish"),
        path("documents/<int:document_id>/supervise/", staff.flag, name="documents_staff_supervise"),
        path(
            "documents/<int:document_id>/supervise/<int:flag_id>/progress/",
            staff.progress,
            name="documents_staff_progress",
        ),
        *_incoming_urls(),
        *_archive_urls(),
    ]


def _archive_urls() -> list[Any]:
    """归档 under /staff/documents/archive/ and the exchange package of a sealed document."""
    v = archive_views
    return [
        path("documents/archive/", v.archive_list, name="documents_staff_archive_list"),
        path(
            "documents/archive/<int:record_id>/package.zip", v.package_download, name="documents_staff_archive_package"
        ),
        path("documents/archive/export/", v.year_export, name="documents_staff_archive_export"),
        path(
            "documents/archive/exports/<int:export_id>/download/",
            v.export_download,
            name="documents_staff_archive_export_download",
        ),
        path("documents/<int:document_id>/exchange.zip", v.exchange_package, name="documents_staff_exchange"),
    ]


def _incoming_urls() -> list[Any]:
    """收文 under /staff/documents/incoming/."""
    v, prefix = incoming_views, "documents/incoming/<int:incoming_id>/"
    return [
        path("documents/incoming/", v.incoming_list, name="documents_staff_incoming_list"),
        path("documents/incoming/new/", v.incoming_new, name="documents_staff_incoming_new"),
        path(prefix, v.incoming_detail, name="documents_staff_incoming"),
        path(f"{prefix}sign-for/", v.sign_for, name="documents_staff_incoming_sign_for"),
        path(f"{prefix}return/", v.return_before_signing, name="documents_staff_incoming_return"),
        path(f"{prefix}register/", v.register, name="documents_staff_incoming_register"),
        path(f"{prefix}review/", v.review, name="documents_staff_incoming_review"),
        path(f"{prefix}propose/", v.propose, name="documents_staff_incoming_propose"),
        path(f"{prefix}instruct/", v.instruct, name="documents_staff_incoming_instruct"),
        path(f"{prefix}assign/", v.assign, name="documents_staff_incoming_assign"),
        path(f"{prefix}handle/", v.handle, name="documents_staff_incoming_handle"),
        path(f"{prefix}complete/", v.complete, name="documents_staff_incoming_complete"),
        path(f"{prefix}circulate/", v.circulate, name="documents_staff_incoming_circulate"),
        path(f"{prefix}read/", v.mark_read, name="documents_staff_incoming_read"),
        path(f"{prefix}urge/", v.urge, name="documents_staff_incoming_urge"),
        path(f"{prefix}file/", v.incoming_file, name="documents_staff_incoming_file"),
    ]
