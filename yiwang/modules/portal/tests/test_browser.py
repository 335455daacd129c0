"""User journeys on the portal in a real browser, each page checked with axe (WCAG 2.1 AA)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from yiwang.modules.portal import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE_TITLE = "伊春市召开2026年森林草原防灭火工作会议"


@pytest.fixture
def site() -> None:
    demo.load(io.StringIO(), full=False)


def test_home_page_is_accessible(page: Any, axe: Callable[[Any], None], site: None) -> None:
    page.goto("/")

    assert page.locator("h2#home-news").inner_text() == "要闻"
    assert page.locator(".news-lead h3").inner_text() == "汤旺河流域生态保护修复工程通过阶段验收"
    axe(page)


def test_reader_goes_from_home_to_a_section_and_an_article(page: Any, axe: Callable[[Any], None], site: None) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政务动态").click()

    assert page.locator("h1").inner_text() == "政务动态"
    assert page.get_by_role("navigation", name="主导航").locator("[aria-current=page]").inner_text() == "政务动态"
    axe(page)

    page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页").click()
    assert "page=2" in page.url
    axe(page)

    page.get_by_role("link", name="要闻", exact=True).click()
    page.get_by_role("link", name=ARTICLE_TITLE).click()

    assert page.locator("h1").inner_text() == ARTICLE_TITLE
    assert "发布时间：2026-03-12 17:20" in page.get_by_test_id("article-meta").inner_text()
    axe(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Any, site: None) -> None:
    page.goto("/zwdt/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_keyboard_alone_reaches_the_elder_switch_and_the_main_navigation(page: Any, site: None) -> None:
    page.goto("/")
    reached: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))

    assert "长辈版" in reached
    assert "走进伊春" in reached
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus indicator


def test_elder_mode_is_switched_on_and_remembered_across_pages(
    page: Any, axe: Callable[[Any], None], site: None
) -> None:
    page.goto("/zwdt/")
    page.get_by_test_id("elder-toggle").click()

    assert page.url.endswith("/zwdt/")  # back where the reader was
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 22
    axe(page)

    page.goto("/")
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    axe(page)
    page.get_by_role("link", name=ARTICLE_TITLE).click()
    assert page.locator("h1").inner_text() == ARTICLE_TITLE
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    axe(page)

    page.get_by_test_id("elder-toggle").click()
    assert not page.evaluate("document.documentElement.classList.contains('elder')")


def test_english_chrome_is_accessible(page: Any, axe: Callable[[Any], None], site: None) -> None:
    page.goto("/")
    page.get_by_test_id("language-toggle").click()

    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator(".skip-link").inner_text() == "Skip to main content"
    assert page.get_by_test_id("elder-toggle").inner_text() == "Senior mode"
    axe(page)

    page.goto("/zwdt/")
    assert page.evaluate("document.documentElement.lang") == "en"
    axe(page)
