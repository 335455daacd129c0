"""检查准备 — what the inspection-readiness monitor records per site (国办秘函〔2019〕19号).

`SiteProbe`: one availability probe (the 15 s / 5 % rule). `BrokenLink`: an internal link found
broken by the last link check. `InspectionAlert`: a finding the site's editors have been told about,
so the periodic job tells them once per finding and level, not every hour.
"""

from __future__ import annotations

from django.db import models


class SiteProbe(models.Model):
    """一次可用性探测 — a GET of the site's own address; `ok` = answered 2xx/3xx within the limit."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    url = models.URLField("探测地址", max_length=500)
    started_at = models.DateTimeField("探测时间")
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", null=True, blank=True)
    ok = models.BooleanField("可访问")
    error = models.CharField("错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "可用性探测"
        verbose_name_plural = "可用性探测"
        indexes = [models.Index(fields=["site", "started_at"], name="portal_probe_site_time")]

    def __str__(self) -> str:
        return f"{self.url} {self.started_at:%Y-%m-%d %H:%M} {'正常' if self.ok else '失败'}"


class BrokenLink(models.Model):
    """失效链接 — a link in a published page that leads nowhere (replaced by every link check)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", verbose_name="所在页面", on_delete=models.CASCADE, related_name="+")
    target = models.CharField("链接目标", max_length=500)
    reason = models.CharField("原因", max_length=100)
    found_at = models.DateTimeField("发现时间")

    class Meta:
        verbose_name = "失效链接"
        verbose_name_plural = "失效链接"
        ordering = ["page_id", "target"]

    def __str__(self) -> str:
        return f"{self.target}（{self.reason}）"


class InspectionAlert(models.Model):
    """已发出的检查提醒 — one open finding per site and key; closed when the finding clears."""

    class Level(models.TextChoices):
        AMBER = "amber", "预警"
        RED = "red", "超限"

    site = models.ForeignKey("wagtailcore.Site", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("问题标识", max_length=200)
    level = models.CharField("级别", max_length=8, choices=Level.choices)
    message = models.CharField("内容", max_length=300)
    alerted_at = models.DateTimeField("提醒时间")
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)

    class Meta:
        verbose_name = "检查提醒"
        verbose_name_plural = "检查提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "key"], condition=models.Q(resolved_at__isnull=True), name="portal_alert_one_open"
            )
        ]

    def __str__(self) -> str:
        return self.message
