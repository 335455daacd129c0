import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("tickets", "0005_rating"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="KnowledgeArticle",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=100, verbose_name="标题")),
                ("body", models.TextField(verbose_name="内容")),
                ("review_on", models.DateField(verbose_name="复核日期")),
                ("archived_at", models.DateTimeField(blank=True, null=True, verbose_name="归档时间")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.agency",
                        verbose_name="所属单位",
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="tickets.category",
                        verbose_name="诉求分类",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="负责人",
                    ),
                ),
                (
                    "source_ticket",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="tickets.ticket",
                        verbose_name="来源工单",
                    ),
                ),
            ],
            options={
                "verbose_name": "知识库条目",
                "verbose_name_plural": "知识库条目",
                "ordering": ["-updated_at", "-id"],
                "indexes": [
                    models.Index(fields=["agency", "review_on"], name="tickets_knowledge_agency"),
                    models.Index(fields=["owner", "review_on"], name="tickets_knowledge_owner"),
                ],
            },
        ),
    ]
