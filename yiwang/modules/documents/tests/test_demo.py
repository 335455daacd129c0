"""The 公文 demo data over the reference deployment: every step reached — a joint 通知 issued,
sealed, received by the counties and filed; a 函 handled by 市政府办公室 from 签收 to 办结; a 请示
left at 拟稿 — and loading again changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import override_settings

from yiwang.core.orgs import demo as orgs_demo
from yiwang.core.orgs.reference import load_organisations
from yiwang.core.seals.signing.verify import verify_pdf
from yiwang.core.workflow import services as workflow

from .. import demo
from ..models import ArchiveRecord, Distribution, Document, IncomingDocument

pytestmark = pytest.mark.django_db


def _load(var_dir: Path) -> str:
    out = io.StringIO()
    with override_settings(VAR_DIR=var_dir):
        load_organisations()
        workflow.sync_processes()
        orgs_demo.load_people()
        demo.load(out)
    return out.getvalue()


def test_the_demo_documents_reach_every_step_of_issuing_and_receiving_and_load_once(tmp_path):
    said = _load(tmp_path)

    assert Document.objects.filter(title=demo.DRAFTS[0][1]).exists(), said
    notice = Document.objects.get(title=demo.DRAFTS[0][1])
    assert notice.status == Document.Status.ARCHIVED and notice.doc_number.startswith("伊民发〔")
    assert ArchiveRecord.objects.filter(document=notice).exists()
    from django.core.files.storage import default_storage

    with default_storage.open(notice.sealed_file.storage_name, "rb") as handle:
        verification = verify_pdf(handle.read())
    assert verification.ok and len(verification.seals) == 2
    assert set(Distribution.objects.filter(document=notice).values_list("recipient__full_name", flat=True)) == set(
        demo.DEMO_RECIPIENTS
    )
    jiayin = IncomingDocument.objects.get(distribution__document=notice, agency__full_name="嘉荫县民政局")
    assert jiayin.status == IncomingDocument.Status.PROPOSE and jiayin.number, said
    assert Document.objects.get(title=demo.DRAFTS[1][1]).status == Document.Status.DRAFT
    letter = Document.objects.get(title=demo.DEMO_LETTER[1])
    assert letter.status == Document.Status.ARCHIVED
    handled = IncomingDocument.objects.get(distribution__document=letter)
    assert handled.status == IncomingDocument.Status.DONE and handled.reply

    counts = (Document.objects.count(), IncomingDocument.objects.count(), ArchiveRecord.objects.count())
    _load(tmp_path)
    assert (Document.objects.count(), IncomingDocument.objects.count(), ArchiveRecord.objects.count()) == counts
