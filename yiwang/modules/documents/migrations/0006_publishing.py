from django.db import migrations, models


class Migration(migrations.Migration):
    """公开属性 of a 公文 and its one-step publication to the portal's 政务公开."""

    dependencies = [("documents", "0005_archive")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="disclosure",
            field=models.CharField(
                choices=[("主动公开", "主动公开"), ("依申请公开", "依申请公开"), ("不予公开", "不予公开")],
                default="依申请公开",
                max_length=8,
                verbose_name="公开属性",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="non_disclosure_reason",
            field=models.TextField(blank=True, verbose_name="不予公开理由"),
        ),
        migrations.AddField(
            model_name="document",
            name="portal_index_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="索引号"),
        ),
        migrations.AddField(
            model_name="document",
            name="portal_page_ref",
            field=models.CharField(blank=True, max_length=64, verbose_name="网站页面"),
        ),
        migrations.AddField(
            model_name="document",
            name="portal_url",
            field=models.CharField(blank=True, max_length=500, verbose_name="网站地址"),
        ),
        migrations.AddField(
            model_name="document",
            name="publication_error",
            field=models.TextField(blank=True, verbose_name="发布失败原因"),
        ),
        migrations.AddField(
            model_name="document",
            name="publication_requested_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="申请发布时间"),
        ),
        migrations.AddField(
            model_name="document",
            name="publish_on_portal",
            field=models.BooleanField(default=False, verbose_name="此件公开发布"),
        ),
        migrations.AddField(
            model_name="document",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="网站发布时间"),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disclosure", "不予公开"), _negated=True),
                    models.Q(("non_disclosure_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="documents_doc_withheld_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(("publish_on_portal", False), ("disclosure", "主动公开"), _connector="OR"),
                name="documents_doc_publish_proactive",
            ),
        ),
    ]
