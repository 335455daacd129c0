import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_seals"),
        ("files", "0001_initial"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="distribution",
            name="return_reason",
            field=models.TextField(blank=True, verbose_name="退回理由"),
        ),
        migrations.AddField(
            model_name="distribution",
            name="returned_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="退回时间"),
        ),
        migrations.CreateModel(
            name="IncomingDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="标题")),
                ("source_name", models.CharField(max_length=100, verbose_name="来文单位")),
                ("source_number", models.CharField(blank=True, max_length=40, verbose_name="来文字号")),
                (
                    "doc_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("决议", "决议"),
                            ("决定", "决定"),
                            ("命令", "命令（令）"),
                            ("公报", "公报"),
                            ("公告", "公告"),
                            ("通告", "通告"),
                            ("意见", "意见"),
                            ("通知", "通知"),
                            ("通报", "通报"),
                            ("报告", "报告"),
                            ("请示", "请示"),
                            ("批复", "批复"),
                            ("议案", "议案"),
                            ("函", "函"),
                            ("纪要", "纪要"),
                        ],
                        max_length=4,
                        verbose_name="文种",
                    ),
                ),
                (
                    "urgency",
                    models.CharField(
                        blank=True,
                        choices=[("", "无"), ("加急", "加急"), ("特急", "特急")],
                        default="",
                        max_length=2,
                        verbose_name="紧急程度",
                    ),
                ),
                ("written_on", models.DateField(blank=True, null=True, verbose_name="成文日期")),
                ("pages", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="页数")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("number_serial", models.PositiveIntegerField(blank=True, null=True, verbose_name="收文序号")),
                ("number", models.CharField(blank=True, max_length=40, verbose_name="收文号")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("sign_for", "待签收"),
                            ("register", "登记"),
                            ("review", "初审"),
                            ("propose", "拟办"),
                            ("instruct", "批办"),
                            ("assign", "分办"),
                            ("handle", "承办"),
                            ("finish", "办结"),
                            ("done", "已办结"),
                            ("returned", "已退回"),
                        ],
                        default="sign_for",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("process_id", models.CharField(blank=True, max_length=64, verbose_name="流程实例")),
                ("received_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="收到时间")),
                ("signed_for_at", models.DateTimeField(blank=True, null=True, verbose_name="签收时间")),
                ("registered_at", models.DateTimeField(blank=True, null=True, verbose_name="登记时间")),
                ("proposal", models.TextField(blank=True, verbose_name="拟办意见")),
                ("proposed_at", models.DateTimeField(blank=True, null=True, verbose_name="拟办时间")),
                ("instruction", models.TextField(blank=True, verbose_name="领导批示")),
                ("circled", models.BooleanField(default=False, verbose_name="圈阅")),
                ("instructed_at", models.DateTimeField(blank=True, null=True, verbose_name="批示时间")),
                ("deadline", models.DateField(blank=True, null=True, verbose_name="办理期限")),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                ("reply", models.TextField(blank=True, verbose_name="答复")),
                ("returned_at", models.DateTimeField(blank=True, null=True, verbose_name="退回时间")),
                ("return_reason", models.TextField(blank=True, verbose_name="退回理由")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="incoming_documents",
                        to="orgs.agency",
                        verbose_name="收文机关",
                    ),
                ),
                (
                    "completed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "distribution",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="incoming",
                        to="documents.distribution",
                    ),
                ),
                (
                    "file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="files.storedfile",
                        verbose_name="来文文件",
                    ),
                ),
                (
                    "instructed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "registered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "returned_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "signed_for_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source_agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="来文机关（平台内）",
                    ),
                ),
            ],
            options={
                "verbose_name": "收文",
                "verbose_name_plural": "收文",
            },
        ),
        migrations.CreateModel(
            name="HandlingAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("main", "主办"), ("assist", "协办")], max_length=8, verbose_name="承办方式"
                    ),
                ),
                ("deadline", models.DateField(blank=True, null=True, verbose_name="办理期限")),
                ("assigned_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="交办时间")),
                ("result", models.TextField(blank=True, verbose_name="办理结果")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="办毕时间")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="承办单位",
                    ),
                ),
                (
                    "assigned_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "incoming",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="assignments",
                        to="documents.incomingdocument",
                    ),
                ),
            ],
            options={
                "verbose_name": "承办",
                "verbose_name_plural": "承办",
                "ordering": ["incoming_id", "role", "id"],
            },
        ),
        migrations.CreateModel(
            name="IncomingNumberCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年份")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="已用序号")),
                (
                    "agency",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.agency"),
                ),
            ],
            options={
                "verbose_name": "收文号计数",
                "verbose_name_plural": "收文号计数",
            },
        ),
        migrations.CreateModel(
            name="IncomingOpinion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=10, verbose_name="环节")),
                ("text", models.TextField(blank=True, verbose_name="意见")),
                (
                    "result",
                    models.CharField(
                        choices=[("办理", "办理"), ("退回", "退回"), ("圈阅", "圈阅")],
                        default="办理",
                        max_length=2,
                        verbose_name="结果",
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                (
                    "agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                    ),
                ),
                (
                    "incoming",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="opinions",
                        to="documents.incomingdocument",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "收文处理意见",
                "verbose_name_plural": "收文处理意见",
                "ordering": ["at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["agency", "-received_at", "-id"], name="documents_in_agency"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["agency", "status", "-received_at", "-id"], name="documents_in_agency_status"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["agency", "year", "-received_at", "-id"], name="documents_in_agency_year"),
        ),
        migrations.AddIndex(
            model_name="incomingdocument",
            index=models.Index(fields=["-received_at", "-id"], name="documents_in_received"),
        ),
        migrations.AddConstraint(
            model_name="incomingdocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number_serial__isnull", False)),
                fields=("agency", "year", "number_serial"),
                name="documents_in_number_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="handlingassignment",
            index=models.Index(fields=["agency", "incoming"], name="documents_handling_agency"),
        ),
        migrations.AddConstraint(
            model_name="handlingassignment",
            constraint=models.UniqueConstraint(fields=("incoming", "agency"), name="documents_handling_once"),
        ),
        migrations.AddConstraint(
            model_name="incomingnumbercounter",
            constraint=models.UniqueConstraint(fields=("agency", "year"), name="documents_in_counter_agency_year"),
        ),
        migrations.AddIndex(
            model_name="incomingopinion",
            index=models.Index(fields=["incoming", "at"], name="documents_in_opinion"),
        ),
    ]
