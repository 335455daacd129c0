"""The physical hall's queue (取号叫号): a hall (政务服务中心), its service lines (业务类型), its
windows (窗口) and the numbers (号) a kiosk issues.

Rows are written by `services.queue` only. A number belongs to one line and one day (the hall's
local date, Asia/Shanghai); `LineDayCounter` is the row the kiosk locks to hand out the next
sequence, so numbers are gap-free and unique however many kiosks print at once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

__all__ = ["Hall", "LineDayCounter", "QueueTicket", "ServiceLine", "ServiceWindow"]


class Hall(models.Model):
    """政务服务中心 — one physical hall, belonging to the agency that runs it."""

    name = models.CharField("名称", max_length=80)
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="所属机构")
    address = models.CharField("地址", max_length=200, blank=True)
    time_zone = models.CharField("时区", max_length=40, default="Asia/Shanghai")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "政务服务大厅"
        verbose_name_plural = "政务服务大厅"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ServiceLine(models.Model):
    """业务类型 — a queue of the hall (综合受理、不动产登记…), its numbers prefixed by a letter."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="lines", verbose_name="大厅")
    name = models.CharField("名称", max_length=40)
    prefix = models.CharField(
        "号码前缀",
        max_length=1,
        validators=[RegexValidator(r"^[A-Z]$", "号码前缀须为一个大写字母。")],
    )
    description = models.CharField("说明", max_length=120, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "业务类型"
        verbose_name_plural = "业务类型"
        ordering = ["hall", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["hall", "prefix"], name="servicehall_line_prefix_unique")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class ServiceWindow(models.Model):
    """窗口 — a counter of the hall: the lines it serves, open or closed, who sits at it."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="windows", verbose_name="大厅")
    number = models.CharField("窗口号", max_length=8)
    lines = models.ManyToManyField(ServiceLine, related_name="windows", verbose_name="办理业务")
    is_open = models.BooleanField("开放", default=False)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="当前工作人员",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "窗口"
        verbose_name_plural = "窗口"
        ordering = ["hall", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="servicehall_window_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}号窗口"


class LineDayCounter(models.Model):
    """The last sequence issued on a line on a day — locked (SELECT … FOR UPDATE) to issue the next."""

    line = models.ForeignKey(ServiceLine, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line", "day"], name="servicehall_counter_line_day_unique")]

    def __str__(self) -> str:
        return f"{self.line_id} {self.day}: {self.last_seq}"


class QueueTicket(models.Model):
    """号 — a number taken at the kiosk: A001… per line per day, 等候 → 已呼叫 → 办理中 → 已完成 / 过号."""

    class State(models.TextChoices):
        WAITING = "waiting", "等候"
        CALLED = "called", "已呼叫"
        SERVING = "serving", "办理中"
        FINISHED = "finished", "已完成"
        NO_SHOW = "no_show", "过号"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+", verbose_name="大厅")
    line = models.ForeignKey(ServiceLine, on_delete=models.PROTECT, related_name="tickets", verbose_name="业务类型")
    day = models.DateField("日期")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("号码", max_length=8)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.WAITING)
    # Opaque: the ticket's QR code opens the status page by it; the number alone must not.
    token = models.CharField(max_length=32, unique=True)
    phone = models.CharField("手机号", max_length=20, blank=True)  # optional: an SMS when the turn is near
    near_notified = models.BooleanField(default=False)
    window = models.ForeignKey(
        ServiceWindow, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="窗口"
    )
    # The place in the queue: issued_at, or the moment a no-show was put back (once).
    queued_at = models.DateTimeField("排队时间")
    requeued = models.BooleanField("过号重排", default=False)
    call_count = models.PositiveSmallIntegerField("呼叫次数", default=0)
    issued_at = models.DateTimeField("取号时间")
    called_at = models.DateTimeField("呼叫时间", null=True, blank=True)  # the call that was answered (or missed)
    announced_at = models.DateTimeField(null=True, blank=True)  # the last call or 重呼, for the display
    served_at = models.DateTimeField("开始办理时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "排队号"
        verbose_name_plural = "排队号"
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "day", "seq"], name="servicehall_ticket_line_day_seq_unique")
        ]
        indexes = [
            models.Index(fields=["line", "day", "state", "queued_at"], name="sh_ticket_queue_idx"),
            models.Index(fields=["hall", "day", "state"], name="sh_ticket_hall_day_idx"),
        ]

    def __str__(self) -> str:
        return self.number
