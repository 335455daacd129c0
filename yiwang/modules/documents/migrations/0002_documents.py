import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("files", "0001_initial"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "doc_type",
                    models.CharField(
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
                        default="通知",
                        max_length=4,
                        verbose_name="文种",
                    ),
                ),
                ("copy_number", models.CharField(blank=True, max_length=6, verbose_name="份号")),
                (
                    "secrecy",
                    models.CharField(blank=True, choices=[("", "非密")], default="", max_length=4, verbose_name="密级"),
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
                (
                    "issuer_mark",
                    models.CharField(
                        blank=True, help_text="留空则用各发文机关全称", max_length=100, verbose_name="发文机关标志"
                    ),
                ),
                ("number_year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="字号年份")),
                ("number_serial", models.PositiveIntegerField(blank=True, null=True, verbose_name="字号序号")),
                ("doc_number", models.CharField(blank=True, max_length=40, verbose_name="发文字号")),
                ("signers", models.CharField(blank=True, max_length=100, verbose_name="签发人")),
                ("signed_off_at", models.DateTimeField(blank=True, null=True, verbose_name="签发时间")),
                ("title", models.CharField(max_length=200, verbose_name="标题")),
                ("main_to", models.CharField(blank=True, max_length=500, verbose_name="主送机关")),
                ("body", models.TextField(blank=True, verbose_name="正文")),
                (
                    "attachments_note",
                    models.TextField(blank=True, help_text="每行一个附件名称", verbose_name="附件说明"),
                ),
                ("signature", models.CharField(blank=True, max_length=300, verbose_name="发文机关署名")),
                ("written_on", models.DateField(blank=True, null=True, verbose_name="成文日期")),
                ("sealed_at", models.DateTimeField(blank=True, null=True, verbose_name="用印时间")),
                ("pages", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="页数")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="附注")),
                ("cc", models.CharField(blank=True, max_length=500, verbose_name="抄送机关")),
                ("printer", models.CharField(blank=True, max_length=100, verbose_name="印发机关")),
                ("print_date", models.DateField(blank=True, null=True, verbose_name="印发日期")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "拟稿"),
                            ("review", "核稿"),
                            ("countersign", "会签"),
                            ("sign_off", "签发"),
                            ("recheck", "复核"),
                            ("number", "编号"),
                            ("seal", "用印"),
                            ("distribute", "分发"),
                            ("archive", "归档"),
                            ("archived", "已归档"),
                            ("withdrawn", "已撤销"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("process_id", models.CharField(blank=True, max_length=64, verbose_name="流程实例")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="拟稿时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                ("numbered_at", models.DateTimeField(blank=True, null=True, verbose_name="编号时间")),
                ("distributed_at", models.DateTimeField(blank=True, null=True, verbose_name="分发时间")),
                ("archived_at", models.DateTimeField(blank=True, null=True, verbose_name="归档时间")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="orgs.agency",
                        verbose_name="主办机关",
                    ),
                ),
                (
                    "cc_agencies",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="orgs.agency", verbose_name="抄送机关（平台内）"
                    ),
                ),
                (
                    "drafted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "main_to_agencies",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="orgs.agency", verbose_name="主送机关（平台内）"
                    ),
                ),
                (
                    "sealed_file",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="files.storedfile",
                        verbose_name="用印文件",
                    ),
                ),
                (
                    "signed_off_by",
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
                "verbose_name": "公文",
                "verbose_name_plural": "公文",
            },
        ),
        migrations.CreateModel(
            name="DocumentIssuer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="顺序")),
                (
                    "agency",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.agency"),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="issuers", to="documents.document"
                    ),
                ),
            ],
            options={
                "verbose_name": "发文机关",
                "verbose_name_plural": "发文机关",
                "ordering": ["document_id", "order"],
            },
        ),
        migrations.AddField(
            model_name="document",
            name="co_issuers",
            field=models.ManyToManyField(
                related_name="co_issued_documents",
                through="documents.DocumentIssuer",
                to="orgs.agency",
                verbose_name="联合发文机关",
            ),
        ),
        migrations.CreateModel(
            name="IssuerCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=24, unique=True, verbose_name="机关代字")),
                ("label", models.CharField(blank=True, help_text="如“发文”“函”", max_length=50, verbose_name="用途")),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issuer_codes",
                        to="orgs.agency",
                        verbose_name="机关",
                    ),
                ),
            ],
            options={
                "verbose_name": "机关代字",
                "verbose_name_plural": "机关代字",
                "ordering": ["agency_id", "code"],
            },
        ),
        migrations.CreateModel(
            name="DocumentNumberCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年份")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="已用序号")),
                (
                    "issuer_code",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="counters", to="documents.issuercode"
                    ),
                ),
            ],
            options={
                "verbose_name": "发文字号计数",
                "verbose_name_plural": "发文字号计数",
            },
        ),
        migrations.AddField(
            model_name="document",
            name="issuer_code",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="documents.issuercode",
                verbose_name="机关代字",
            ),
        ),
        migrations.CreateModel(
            name="Opinion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=10, verbose_name="环节")),
                ("text", models.TextField(blank=True, verbose_name="意见")),
                (
                    "result",
                    models.CharField(
                        choices=[("同意", "同意"), ("退回", "退回")], default="同意", max_length=2, verbose_name="结果"
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
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="opinions", to="documents.document"
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
                "verbose_name": "审批意见",
                "verbose_name_plural": "审批意见",
                "ordering": ["at", "id"],
            },
        ),
        migrations.CreateModel(
            name="SupervisionFlag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("instruction", models.TextField(verbose_name="督办事项或领导批示")),
                ("deadline", models.DateField(verbose_name="办结期限")),
                ("flagged_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="立项时间")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="supervision_flags",
                        to="documents.document",
                    ),
                ),
                (
                    "flagged_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "responsible_agency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="责任单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "督办",
                "verbose_name_plural": "督办",
                "ordering": ["-flagged_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="SupervisionNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="进展情况")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "flag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="documents.supervisionflag",
                    ),
                ),
            ],
            options={
                "verbose_name": "督办进展",
                "verbose_name_plural": "督办进展",
                "ordering": ["at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Distribution",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(choices=[("main", "主送"), ("cc", "抄送")], max_length=4, verbose_name="方式"),
                ),
                ("sent_at", models.DateTimeField(verbose_name="分发时间")),
                ("signed_for_at", models.DateTimeField(blank=True, null=True, verbose_name="签收时间")),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="received_documents", to="orgs.agency"
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
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
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="distributions",
                        to="documents.document",
                    ),
                ),
            ],
            options={
                "verbose_name": "分发记录",
                "verbose_name_plural": "分发记录",
                "indexes": [models.Index(fields=["recipient", "-sent_at"], name="documents_dist_recipient")],
                "constraints": [
                    models.UniqueConstraint(fields=("document", "recipient"), name="documents_distribution_once")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="documentissuer",
            index=models.Index(fields=["agency", "document"], name="documents_issuer_agency"),
        ),
        migrations.AddConstraint(
            model_name="documentissuer",
            constraint=models.UniqueConstraint(fields=("document", "agency"), name="documents_issuer_once"),
        ),
        migrations.AddConstraint(
            model_name="documentnumbercounter",
            constraint=models.UniqueConstraint(fields=("issuer_code", "year"), name="documents_counter_code_year"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["agency", "-created_at", "-id"], name="documents_doc_agency"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["agency", "status", "-created_at", "-id"], name="documents_doc_agency_status"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["status", "-created_at", "-id"], name="documents_doc_status"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["issuer_code", "year", "-created_at", "-id"], name="documents_doc_code_year"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["doc_type", "year", "-created_at", "-id"], name="documents_doc_type_year"),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(condition=models.Q(("secrecy", "")), name="documents_doc_unclassified"),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number_serial__isnull", False)),
                fields=("issuer_code", "number_year", "number_serial"),
                name="documents_doc_number_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(fields=["document", "at"], name="documents_opinion_doc"),
        ),
        migrations.AddIndex(
            model_name="supervisionflag",
            index=models.Index(
                condition=models.Q(("closed_at__isnull", True)), fields=["deadline"], name="documents_flag_open"
            ),
        ),
    ]
