"""Demo data for 政务服务 (manifest `demo_data`): the seeded catalogue of 伊春市 — the real
政务服务事项 with their 办事指南, materials, steps, topics, life events and application forms —
so the portal's 办事指南 and the staff catalogue are not empty.

Idempotent (`services.seeding.load_catalogue`); loaded by `manage.py load_reference` after the
organisations, never under production settings. A production deployment loads the same catalogue
with `manage.py load_service_catalogue` and then maintains it in the staff screens.
"""

from __future__ import annotations

from typing import TextIO

from .services.queue import load_demo_hall
from .services.seeding import load_catalogue


def load(stdout: TextIO | None = None) -> None:
    result = load_catalogue()
    load_demo_hall()  # 取号叫号: 伊春市政务服务中心 with its lines and windows (services.queue)
    if stdout is None:
        return
    stdout.write(
        f"政务服务：事项新增 {result.created} 个、更新 {result.updated} 个、未变 {result.unchanged} 个，"
        f"申请表单保存 {result.forms} 个。\n"
    )
    for name in result.skipped:
        stdout.write(f"政务服务：未加载 {name}。\n")
