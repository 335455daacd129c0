"""Browser: the archive office finds an archived 件 by its 档号, exports the year and sees the export
ready to download; the filters keep their input. Axe on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from yiwang.testing.auth import sign_in_browser

from ..models import ArchiveRecord
from ..services import outgoing
from .archive_support import at_archive, stub_sealing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_archive_office_searches_by_archive_code_and_exports_the_year(
    page: Any, live_server: Any, axe: Callable[[Any], None], office: Any, monkeypatch: Any
) -> None:
    stub_sealing(monkeypatch)
    director = office.world.office_director
    records = []
    for title in ("关于做好冬季救助工作的通知", "关于开展养老机构安全检查的通知"):
        document = at_archive(office, title=title)
        outgoing.archive_document(document=document, by=director, retention="Y")
        records.append(ArchiveRecord.objects.get(document=document))
    sign_in_browser(page, live_server.url, director)

    page.goto("/staff/documents/archive/")
    axe(page)
    expect(page.get_by_test_id("archive-row")).to_have_count(2)
    page.get_by_label("档号、题名或发文字号").fill(records[1].archive_code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("archive-row")).to_have_count(1)
    expect(page.get_by_test_id("archive-row")).to_contain_text("关于开展养老机构安全检查的通知")
    expect(page.get_by_label("档号、题名或发文字号")).to_have_value(records[1].archive_code)

    page.locator("#id_export-year").fill("2001")
    page.get_by_role("button", name="导出").click()
    expect(page.get_by_text("该年度没有归档文件。")).to_be_visible()
    axe(page)
    page.locator("#id_export-year").fill(str(records[0].year))
    page.get_by_role("button", name="导出").click()
    expect(page.get_by_text("已开始生成年度归档导出")).to_be_visible()
    page.reload()
    expect(page.get_by_role("link", name=f"下载 {records[0].year} 年度归档")).to_be_visible()
    axe(page)
