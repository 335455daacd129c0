"""Browser journey: a calendar manager reads the year and enters an override by keyboard."""

from __future__ import annotations

import json
from typing import Any

import pytest

from yiwang.core.calendar.models import CalendarOverride
from yiwang.testing.auth import sign_in_browser
from yiwang.testing.browser import AXE_JS

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_screen(page: Any) -> None:
    """axe-core on this screen's content (`main#main`), failing on serious or critical findings.

    The workspace chrome (Wagtail's sidebar) is checked by the workspace's own tests: its logo link
    is named "Dashboard" while the logo shows 一网 (label-content-name-mismatch)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run({include: [['#main']]}, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    bad = [
        {"rule": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_calendar_manager_reads_the_year_and_adds_an_override_by_keyboard(page, live_server) -> None:
    from yiwang.testing.personas import build_world

    world = build_world()
    sign_in_browser(page, live_server.url, world.system_admin)
    page.goto("/staff/calendar/?year=2026")
    february = page.locator("table.cal-month", has=page.locator("caption", has_text="2026年2月"))
    assert february.locator("th[scope=col]").count() == 7
    assert "调班" in february.inner_text() and "春节" in february.inner_text()
    axe_screen(page)

    page.get_by_label("日期").fill("2026-06-01")
    page.get_by_label("休息日（放假）").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # a radio group is one tab stop: on to 名称
    page.keyboard.type("临时放假")
    page.keyboard.press("Tab")
    page.keyboard.type("伊政办发〔2026〕9号")
    page.get_by_role("button", name="保存调整").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "已保存" in page.locator(".messages").inner_text()
    # The message fades in; check contrast once it is fully shown.
    page.wait_for_function(
        "() => { const ul = document.querySelector('.messages > ul'); return ul && getComputedStyle(ul).opacity === '1'; }"
    )
    june = page.locator("table.cal-month", has=page.locator("caption", has_text="2026年6月"))
    assert "假*" in june.inner_text()
    row = CalendarOverride.objects.get()
    assert (row.name, row.source, row.is_workday) == ("临时放假", "伊政办发〔2026〕9号", False)
    axe_screen(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_unloaded_year_is_announced_on_the_calendar_screen(page, live_server) -> None:
    from yiwang.testing.personas import build_world

    world = build_world()
    sign_in_browser(page, live_server.url, world.city_clerk)
    page.goto("/staff/calendar/")
    page.get_by_label("查看年度").select_option("2027")
    with page.expect_navigation():
        page.get_by_role("button", name="查看").press("Enter")
    assert "2027年的节假日安排尚未录入" in page.locator("#cal-status-title + p").inner_text()
    axe_screen(page)
