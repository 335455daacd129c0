"""办件 (applications): the application, its materials, notices, 容缺 ledger, 告知承诺 verifications and
特别程序; the 告知承诺 flag on the service item."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import yiwang.core.privacy.fields


class Migration(migrations.Migration):
    dependencies = [
        ("files", "0001_initial"),
        ("orgs", "0001_initial"),
        ("servicehall", "0004_catalogue_guide"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationNumberCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="年度")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="最后序号")),
            ],
            options={
                "verbose_name": "办件编号计数",
                "verbose_name_plural": "办件编号计数",
            },
        ),
        migrations.AddField(
            model_name="serviceitem",
            name="allows_promise",
            field=models.BooleanField(
                default=False, help_text="申请人可以书面承诺代替证明材料", verbose_name="可告知承诺"
            ),
        ),
        migrations.CreateModel(
            name="Application",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="办件编号")),
                (
                    "applicant_kind",
                    models.CharField(
                        choices=[("person", "个人"), ("legal_person", "法人")], max_length=16, verbose_name="申请人类型"
                    ),
                ),
                ("applicant_name", models.CharField(max_length=200, verbose_name="申请人名称")),
                (
                    "form_data_encrypted",
                    yiwang.core.privacy.fields.EncryptedTextField(
                        blank=True, purpose="servicehall.application_form", verbose_name="申请表数据"
                    ),
                ),
                ("form_version", models.PositiveIntegerField(default=1, verbose_name="申请表版本")),
                ("promise_chosen", models.BooleanField(default=False, verbose_name="选择告知承诺")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "已接件"),
                            ("pre_review", "预审中"),
                            ("correction", "待补正"),
                            ("rejected", "不予受理"),
                            ("examining", "审查中"),
                            ("deciding", "待决定"),
                            ("delivering", "制证送达"),
                            ("completed", "已办结"),
                            ("revoked", "已撤销"),
                        ],
                        db_index=True,
                        default="submitted",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("process_id", models.CharField(blank=True, max_length=40, verbose_name="流程实例")),
                ("current_step", models.CharField(blank=True, max_length=60, verbose_name="当前环节")),
                ("review_index", models.PositiveSmallIntegerField(default=0, verbose_name="审查环节序号")),
                ("received_at", models.DateTimeField(verbose_name="接件时间")),
                ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="受理时间")),
                (
                    "decision",
                    models.CharField(
                        blank=True,
                        choices=[("", "未决定"), ("granted", "准予"), ("denied", "不予")],
                        default="",
                        max_length=10,
                        verbose_name="决定",
                    ),
                ),
                ("decision_reasons", models.TextField(blank=True, verbose_name="决定理由")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="决定时间")),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="撤销时间")),
                ("revocation_reasons", models.TextField(blank=True, verbose_name="撤销理由")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="service_applications",
                        to="orgs.agency",
                        verbose_name="实施机关",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="servicehall.serviceitem",
                        verbose_name="事项",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="service_applications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="申请人",
                    ),
                ),
            ],
            options={
                "verbose_name": "办件",
                "verbose_name_plural": "办件",
                "ordering": ["-received_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ApplicationMaterial",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("submitted", "已提交"),
                            ("missing", "未提交"),
                            ("deferred", "容缺后补"),
                            ("promised", "告知承诺"),
                            ("supplied", "已补交"),
                        ],
                        default="missing",
                        max_length=12,
                        verbose_name="状态",
                    ),
                ),
                ("promise_text", models.TextField(blank=True, verbose_name="承诺内容")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="materials",
                        to="servicehall.application",
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
                        verbose_name="文件",
                    ),
                ),
                (
                    "material",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="servicehall.servicematerial",
                        verbose_name="材料",
                    ),
                ),
            ],
            options={
                "verbose_name": "办件材料",
                "verbose_name_plural": "办件材料",
                "ordering": ["application_id", "material__sort_order", "material_id"],
            },
        ),
        migrations.CreateModel(
            name="ApplicationNotice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("receipt", "受理通知书（回执）"),
                            ("correction", "补正告知书"),
                            ("rejection", "不予受理通知书"),
                            ("special", "特别程序告知书"),
                            ("grant", "准予许可决定书"),
                            ("denial", "不予许可决定书"),
                            ("revocation", "撤销决定书"),
                        ],
                        max_length=12,
                        verbose_name="类别",
                    ),
                ),
                ("content", models.JSONField(default=dict, verbose_name="内容")),
                ("issued_at", models.DateTimeField(verbose_name="出具时间")),
                ("resolved_at", models.DateTimeField(blank=True, null=True, verbose_name="补正完成时间")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notices",
                        to="servicehall.application",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "办件文书",
                "verbose_name_plural": "办件文书",
                "ordering": ["application_id", "issued_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="DeferralCommitment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("commitment", models.TextField(verbose_name="承诺补交内容")),
                ("due_date", models.DateField(verbose_name="补交期限")),
                ("recorded_at", models.DateTimeField(verbose_name="登记时间")),
                ("supplied_at", models.DateTimeField(blank=True, null=True, verbose_name="补交时间")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deferrals",
                        to="servicehall.application",
                    ),
                ),
                (
                    "application_material",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deferral",
                        to="servicehall.applicationmaterial",
                        verbose_name="材料",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "容缺受理台账",
                "verbose_name_plural": "容缺受理台账",
                "ordering": ["application_id", "id"],
            },
        ),
        migrations.CreateModel(
            name="PromiseVerification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("promise_text", models.TextField(verbose_name="承诺内容")),
                ("due_date", models.DateField(verbose_name="核查期限")),
                (
                    "result",
                    models.CharField(
                        choices=[("pending", "待核查"), ("true", "承诺属实"), ("false", "承诺不实")],
                        default="pending",
                        max_length=10,
                        verbose_name="核查结果",
                    ),
                ),
                ("findings", models.TextField(blank=True, verbose_name="核查情况")),
                ("verified_at", models.DateTimeField(blank=True, null=True, verbose_name="核查时间")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verifications",
                        to="servicehall.application",
                    ),
                ),
                (
                    "application_material",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="verification",
                        to="servicehall.applicationmaterial",
                        verbose_name="承诺代替的材料",
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "告知承诺核查",
                "verbose_name_plural": "告知承诺核查",
                "ordering": ["application_id", "id"],
            },
        ),
        migrations.CreateModel(
            name="SpecialProcedure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("hearing", "听证"),
                            ("expert", "专家评审"),
                            ("inspection", "现场核查"),
                            ("testing", "检验检测"),
                            ("appraisal", "鉴定"),
                            ("other", "其他"),
                        ],
                        max_length=12,
                        verbose_name="类别",
                    ),
                ),
                ("reason", models.TextField(verbose_name="理由")),
                ("started_at", models.DateTimeField(verbose_name="开始时间")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                ("result", models.TextField(blank=True, verbose_name="结果")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="special_procedures",
                        to="servicehall.application",
                    ),
                ),
                (
                    "approver",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "特别程序",
                "verbose_name_plural": "特别程序",
                "ordering": ["application_id", "started_at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["agency", "status", "-received_at"], name="servicehall_app_agency_status"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["owner", "-received_at"], name="servicehall_app_owner"),
        ),
        migrations.AddConstraint(
            model_name="applicationmaterial",
            constraint=models.UniqueConstraint(
                fields=("application", "material"), name="servicehall_app_material_once"
            ),
        ),
    ]
