from __future__ import annotations

import pytest

from yiwang.testing.auth import sign_in_browser
from yiwang.testing.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_system_admin_reads_the_jobs_page_and_runs_a_job(world: World, page, axe, live_server) -> None:
    sign_in_browser(page, live_server.url, world.system_admin)
    page.goto("/staff/jobs/")
    page.get_by_role("heading", name="定时任务").first.wait_for()
    axe(page)
    page.get_by_role("button", name="立即执行 jobs.prune_runs").click()
    page.get_by_text("已将 jobs.prune_runs 放入后台队列").wait_for()
