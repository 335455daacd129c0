from __future__ import annotations

import pytest

from yiwang.core.files.models import StoredFile
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

from . import samples

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("yiwang.core.files.tests.urls"),
]


def test_a_wrong_file_is_explained_the_form_keeps_the_text_and_a_right_file_is_stored(
    world: World, page, axe, live_server, tmp_path
) -> None:
    sign_in_browser(page, live_server.url, world.citizen)
    page.goto("/upload-test/")
    assert "不超过 20 MB" in page.inner_text("main")
    axe(page)

    fake = tmp_path / "申请表.pdf"
    fake.write_bytes(samples.EXE)
    page.get_by_label("事项名称").fill("最低生活保障申请")
    page.get_by_label("申请材料").set_input_files(str(fake))
    page.get_by_role("button", name="提交").click()
    page.get_by_role("alert").wait_for()
    assert "文件类型" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("事项名称").input_value() == "最低生活保障申请"
    axe(page)
    assert StoredFile.objects.count() == 0

    good = tmp_path / "申请表2.pdf"
    good.write_bytes(samples.PDF)
    page.get_by_label("申请材料").set_input_files(str(good))
    page.get_by_role("button", name="提交").click()
    page.get_by_role("link", name="申请表2.pdf").wait_for()
    assert "PDF" in page.inner_text(".file-list")
    assert StoredFile.objects.get().original_name == "申请表2.pdf"
