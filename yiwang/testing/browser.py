"""Browser harness: Playwright (Python) driving Debian's chromium, and axe-core checks.

Fixtures: `browser` (one headless chromium per session), `page` (a fresh context per test) and
`axe` (run axe-core on the current page; fails on serious or critical findings).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[1] / "static" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    # Content-Security-Policy violations are reported (as warnings) for every browser test, so a
    # page that needs an inline script or a foreign source shows up in the suite's summary.
    violations: list[str] = []
    tab.on(
        "console", lambda m: violations.append(f"{tab.url}: {m.text}") if "Content Security Policy" in m.text else None
    )
    yield tab
    context.close()
    for violation in violations:
        warnings.warn(f"CSP violation: {violation}", stacklevel=1)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A/AA rules) and return the serious and critical violations."""
    # Loaded by URL from this server: the Content-Security-Policy forbids an inline script.
    origin = re.match(r"https?://[^/]+", page.url)
    if origin:
        page.add_script_tag(url=f"{origin.group(0)}/static/vendor/axe-core/axe.min.js")
    else:
        page.add_script_tag(path=str(AXE_JS))
    # Colours are measured once finite animations and transitions (a message sliding in) have
    # ended: mid-fade a colour is a blend, and the result would depend on the machine's speed.
    result = page.evaluate(
        """async () => {
            const finite = document.getAnimations().filter(
                (a) => a.effect && Number.isFinite(a.effect.getComputedTiming().endTime));
            await Promise.all(finite.map((a) => a.finished.catch(() => null)));
            return await axe.run(document,
                {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        }"""
    )
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


@pytest.fixture
def axe() -> Callable[[Any], None]:
    def check(page: Any) -> None:
        violations = run_axe(page)
        summary = [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [
                    {"target": n["target"], "html": n["html"][:200], "why": n["failureSummary"]} for n in v["nodes"][:5]
                ],
            }
            for v in violations
        ]
        assert not violations, f"axe found serious/critical problems on {page.url}:\n" + json.dumps(
            summary, ensure_ascii=False, indent=1
        )

    return check
