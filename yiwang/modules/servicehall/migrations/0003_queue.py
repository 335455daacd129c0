"""The physical hall's queue (取号叫号): halls, service lines, windows, the per-line day counters
and the numbers."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("servicehall", "0002_forms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Hall",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80, verbose_name="名称")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="地址")),
                ("time_zone", models.CharField(default="Asia/Shanghai", max_length=40, verbose_name="时区")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="所属机构",
                    ),
                ),
            ],
            options={
                "verbose_name": "政务服务大厅",
                "verbose_name_plural": "政务服务大厅",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="ServiceLine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, verbose_name="名称")),
                (
                    "prefix",
                    models.CharField(
                        max_length=1,
                        validators=[django.core.validators.RegexValidator("^[A-Z]$", "号码前缀须为一个大写字母。")],
                        verbose_name="号码前缀",
                    ),
                ),
                ("description", models.CharField(blank=True, max_length=120, verbose_name="说明")),
                ("sort_order", models.PositiveIntegerField(default=0, verbose_name="排序")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "hall",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="servicehall.hall",
                        verbose_name="大厅",
                    ),
                ),
            ],
            options={
                "verbose_name": "业务类型",
                "verbose_name_plural": "业务类型",
                "ordering": ["hall", "sort_order", "id"],
            },
        ),
        migrations.CreateModel(
            name="LineDayCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("last_seq", models.PositiveIntegerField(default=0)),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="servicehall.serviceline"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="ServiceWindow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=8, verbose_name="窗口号")),
                ("is_open", models.BooleanField(default=False, verbose_name="开放")),
                ("sort_order", models.PositiveIntegerField(default=0, verbose_name="排序")),
                (
                    "hall",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="windows",
                        to="servicehall.hall",
                        verbose_name="大厅",
                    ),
                ),
                (
                    "lines",
                    models.ManyToManyField(
                        related_name="windows", to="servicehall.serviceline", verbose_name="办理业务"
                    ),
                ),
                (
                    "staff",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="当前工作人员",
                    ),
                ),
            ],
            options={
                "verbose_name": "窗口",
                "verbose_name_plural": "窗口",
                "ordering": ["hall", "sort_order", "id"],
            },
        ),
        migrations.CreateModel(
            name="QueueTicket",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(verbose_name="日期")),
                ("seq", models.PositiveIntegerField(verbose_name="序号")),
                ("number", models.CharField(max_length=8, verbose_name="号码")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("waiting", "等候"),
                            ("called", "已呼叫"),
                            ("serving", "办理中"),
                            ("finished", "已完成"),
                            ("no_show", "过号"),
                        ],
                        default="waiting",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("token", models.CharField(max_length=32, unique=True)),
                ("phone", models.CharField(blank=True, max_length=20, verbose_name="手机号")),
                ("near_notified", models.BooleanField(default=False)),
                ("queued_at", models.DateTimeField(verbose_name="排队时间")),
                ("requeued", models.BooleanField(default=False, verbose_name="过号重排")),
                ("call_count", models.PositiveSmallIntegerField(default=0, verbose_name="呼叫次数")),
                ("issued_at", models.DateTimeField(verbose_name="取号时间")),
                ("called_at", models.DateTimeField(blank=True, null=True, verbose_name="呼叫时间")),
                ("announced_at", models.DateTimeField(blank=True, null=True)),
                ("served_at", models.DateTimeField(blank=True, null=True, verbose_name="开始办理时间")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                (
                    "hall",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="servicehall.hall",
                        verbose_name="大厅",
                    ),
                ),
                (
                    "line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="servicehall.serviceline",
                        verbose_name="业务类型",
                    ),
                ),
                (
                    "window",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="servicehall.servicewindow",
                        verbose_name="窗口",
                    ),
                ),
            ],
            options={
                "verbose_name": "排队号",
                "verbose_name_plural": "排队号",
                "ordering": ["queued_at", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="serviceline",
            constraint=models.UniqueConstraint(fields=("hall", "prefix"), name="servicehall_line_prefix_unique"),
        ),
        migrations.AddConstraint(
            model_name="linedaycounter",
            constraint=models.UniqueConstraint(fields=("line", "day"), name="servicehall_counter_line_day_unique"),
        ),
        migrations.AddConstraint(
            model_name="servicewindow",
            constraint=models.UniqueConstraint(fields=("hall", "number"), name="servicehall_window_number_unique"),
        ),
        migrations.AddIndex(
            model_name="queueticket",
            index=models.Index(fields=["line", "day", "state", "queued_at"], name="sh_ticket_queue_idx"),
        ),
        migrations.AddIndex(
            model_name="queueticket",
            index=models.Index(fields=["hall", "day", "state"], name="sh_ticket_hall_day_idx"),
        ),
        migrations.AddConstraint(
            model_name="queueticket",
            constraint=models.UniqueConstraint(
                fields=("line", "day", "seq"), name="servicehall_ticket_line_day_seq_unique"
            ),
        ),
    ]
