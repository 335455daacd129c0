"""工作日历与法定时限 — the working-day calendar and statutory clocks.

The calendar is `chinesecalendar` (State Council 调休 notices, 2004–2026 in 1.11.0) plus the
admin-editable `CalendarOverride` table, which wins over the library. A year the library does not
cover becomes usable only when an administrator marks it loaded (`CalendarYear.complete`) after
entering that year's notice as overrides — never a silent Monday–Friday (design.md, Invariants).

A `Clock` (法定时限) is held by any business object through a generic relation. It stores its
unit, its legal basis, its start, its limit and the computed due moment; pauses (中止) and
extensions (延长) are recorded with reason and approver. All writes go through `services.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class CalendarOverride(models.Model):
    """日历调整 — one day whose working status differs from (or is missing in) the library.

    Entered from a 国务院办公厅 notice for a year the library does not cover yet, or for a local
    or extraordinary change (e.g. the 2020 春节 extension)."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如“春节”“国庆节调休上班”")
    source = models.CharField("依据文件", max_length=200, blank=True, help_text="如“国办发明电〔2026〕7号”")
    reason = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "日历调整"
        verbose_name_plural = "日历调整"
        ordering = ["day"]

    def __str__(self) -> str:
        kind = "工作日" if self.is_workday else "休息日"
        return f"{self.day.isoformat()} {kind}{'（' + self.name + '）' if self.name else ''}"


class CalendarYear(models.Model):
    """年度日历 — an administrator's statement that a year's holidays and 调休 are entered.

    A year the library does not cover is usable only when `complete` is set."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据文件", max_length=200, help_text="国务院办公厅关于该年部分节假日安排的通知文号")
    complete = models.BooleanField("已全部录入", default=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="录入人",
    )
    loaded_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "年度日历"
        verbose_name_plural = "年度日历"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"


class CalendarState(models.Model):
    """One row: the calendar data version. Bumped by every override or year change so that each
    process drops its in-memory year tables (see `workcalendar.WorkCalendar`)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "日历版本"

    def __str__(self) -> str:
        return f"v{self.version}"


class UnknownYearAlert(models.Model):
    """未录入年度告警 — one row per (year, day) so calendar managers are told once a day."""

    year = models.PositiveSmallIntegerField()
    alerted_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "未录入年度告警"
        constraints = [models.UniqueConstraint(fields=["year", "alerted_on"], name="calendar_unknown_year_alert_once")]

    def __str__(self) -> str:
        return f"{self.year} @ {self.alerted_on}"


class Clock(models.Model):
    """法定时限 — a statutory deadline held by a business object.

    Day clocks start the day after `start_date` (民法典 Art. 201); `due_date` is the last day
    (ending 24:00) and `due_at` the moment it ends, used for ordering and overdue checks. Hour
    clocks are wall-clock (`due_at` only)."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "工作日"
        CALENDAR_DAYS = "calendar_days", "日"
        HOURS = "hours", "小时"

    class State(models.TextChoices):
        RUNNING = "running", "计时中"
        PAUSED = "paused", "已中止"
        MET = "met", "按期办结"
        LATE = "late", "超期办结"
        STOPPED = "stopped", "已办结（是否超期待定）"

    OPEN_STATES = (State.RUNNING, State.PAUSED)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # An integer like every Yiwang primary key, so holders can join (GenericRelation) on PostgreSQL.
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    kind = models.SlugField(
        "时限类别", max_length=50, default="main", help_text="同一对象的多个时限以此区分，如 reply、correction"
    )

    unit = models.CharField("计时单位", max_length=16, choices=Unit.choices)
    limit = models.PositiveIntegerField("期限")
    basis = models.CharField("法定依据", max_length=200)
    start_at = models.DateTimeField("起算时间")
    start_date = models.DateField("起算日", help_text="期间开始的当日不计入（民法典第二百零一条）")
    remind_before = models.PositiveIntegerField("提前提醒", default=3)

    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.RUNNING, db_index=True)
    due_date = models.DateField("届满日", null=True, blank=True)
    due_at = models.DateTimeField("届满时间", null=True, blank=True, db_index=True)
    remind_at = models.DateTimeField("提醒时间", null=True, blank=True)
    provisional = models.BooleanField("临时（日历未录入）", default=False, db_index=True)
    provisional_note = models.CharField("临时说明", max_length=300, blank=True)
    unknown_year = models.PositiveSmallIntegerField("缺少日历的年度", null=True, blank=True)

    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="责任人",
    )
    responsible_agency = models.ForeignKey(
        "orgs.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="责任机构"
    )

    reminded_at = models.DateTimeField("已提醒", null=True, blank=True)
    escalated_at = models.DateTimeField("已督办", null=True, blank=True)
    stopped_at = models.DateTimeField("停止时间", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "法定时限"
        verbose_name_plural = "法定时限"
        indexes = [
            models.Index(fields=["content_type", "object_id", "kind"], name="calendar_clock_holder"),
            models.Index(fields=["state", "remind_at"], name="calendar_clock_remind"),
        ]

    def __str__(self) -> str:
        return f"{self.basis}：{self.limit}{self.get_unit_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        """逾期 — still open and past its due moment (a paused clock is not overdue)."""
        return self.state == self.State.RUNNING and self.due_at is not None and timezone.now() >= self.due_at

    @property
    def is_due_soon(self) -> bool:
        """即将到期 — running, inside the reminder window and not yet overdue."""
        now = timezone.now()
        return (
            self.state == self.State.RUNNING
            and self.remind_at is not None
            and self.due_at is not None
            and self.remind_at <= now < self.due_at
        )

    def due_display(self) -> str:
        if self.due_at is None:
            return "待定（" + (self.provisional_note or "日历未录入") + "）"
        if self.unit == self.Unit.HOURS:
            return timezone.localtime(self.due_at).strftime("%Y-%m-%d %H:%M")
        assert self.due_date is not None
        return self.due_date.isoformat()


class ClockPause(models.Model):
    """时限中止 — an interval that does not count (e.g. 政府信息公开条例 Art. 32: consulting a
    third party). Requires a reason and an approver."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField("中止时间")
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)
    reason = models.CharField("中止理由", max_length=500)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="批准人"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="恢复人",
    )

    class Meta:
        verbose_name = "时限中止"
        verbose_name_plural = "时限中止"
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.clock_id} 中止于 {self.started_at:%Y-%m-%d}"


class ClockExtension(models.Model):
    """时限延长 — extra units in the clock's own unit (e.g. 政府信息公开条例 Art. 33: +20 working
    days with the approval of the disclosure office's head). Requires a reason and an approver."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="extensions")
    extra = models.PositiveIntegerField("延长")
    reason = models.CharField("延长理由", max_length=500)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="批准人"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    created_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "时限延长"
        verbose_name_plural = "时限延长"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.clock_id} +{self.extra}"
