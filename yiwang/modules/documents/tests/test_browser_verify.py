"""Browser journey of 公文验证: a member of the public opens the page, uploads a sealed 公文 and reads
文件完整 with the agency that sealed it, then uploads a copy with one byte altered and reads 文件已被
篡改; the focus moves to each answer, and axe finds nothing serious on the page or the answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.core.seals.services import issue_agency_seal
from yiwang.core.seals.signing import seal_pdf
from yiwang.core.seals.tests.seal_support import box, flip_byte, signed_ranges, small_pdf
from yiwang.testing.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_checks_an_intact_and_an_altered_copy(page: Any, world: World, axe: Any, tmp_path: Path) -> None:
    seal = issue_agency_seal(agency=world.city_office, by=world.system_admin)
    name = world.city_office.full_name
    sealed = seal_pdf(small_pdf(), boxes=[box(name)], seals={name: seal}, reason="伊政办发〔2026〕3号 用印")
    (_, first_end), _ = signed_ranges(sealed)
    intact = tmp_path / "关于做好冬季供暖工作的通知.pdf"
    intact.write_bytes(sealed)
    altered = tmp_path / "改过的通知.pdf"
    altered.write_bytes(flip_byte(sealed, first_end // 2))

    page.goto("/documents/verify/")
    expect(page.get_by_role("heading", name="公文验证", level=1)).to_be_visible()
    axe(page)

    page.get_by_label("选择要验证的 PDF 文件").set_input_files(str(intact))
    page.get_by_role("button", name="开始验证").click()
    result = page.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-result", "intact")
    expect(page.get_by_test_id("verify-verdict")).to_contain_text("文件完整")
    expect(page.get_by_test_id("verify-signer")).to_have_text(name)
    expect(page.get_by_test_id("verify-doc-number")).to_have_text("伊政办发〔2026〕3号")
    expect(result).to_be_focused()
    axe(page)

    page.get_by_label("选择要验证的 PDF 文件").set_input_files(str(altered))
    page.get_by_role("button", name="开始验证").click()
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-result", "tampered")
    expect(page.get_by_test_id("verify-verdict")).to_contain_text("文件已被篡改")
    expect(page.get_by_test_id("verify-result")).to_be_focused()
    axe(page)


def test_submitting_without_a_file_lands_on_the_error_summary(page: Any, axe: Any) -> None:
    page.goto("/documents/verify/")
    page.get_by_role("button", name="开始验证").click()

    summary = page.get_by_test_id("verify-errors")
    expect(summary).to_contain_text("请选择要验证的 PDF 文件。")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    expect(page.get_by_label("选择要验证的 PDF 文件")).to_be_focused()
    axe(page)
