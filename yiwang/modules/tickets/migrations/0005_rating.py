import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("tickets", "0004_reply"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FollowUp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("round", models.PositiveSmallIntegerField(verbose_name="办理轮次")),
                ("reached", models.BooleanField(verbose_name="已联系上")),
                ("note", models.CharField(blank=True, default="", max_length=500, verbose_name="回访情况")),
                ("sent_rating_link", models.BooleanField(default=False, verbose_name="已发送评价短信")),
                ("called_at", models.DateTimeField(verbose_name="回访时间")),
            ],
            options={
                "verbose_name": "回访记录",
                "verbose_name_plural": "回访记录",
                "ordering": ["ticket", "called_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Rating",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("round", models.PositiveSmallIntegerField(verbose_name="办理轮次")),
                ("reply", models.TextField(verbose_name="被评价的答复")),
                ("replied_at", models.DateTimeField(blank=True, null=True, verbose_name="答复时间")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("very_satisfied", "非常满意"),
                            ("satisfied", "满意"),
                            ("basically_satisfied", "基本满意"),
                            ("dissatisfied", "不满意"),
                            ("very_dissatisfied", "非常不满意"),
                        ],
                        max_length=24,
                        verbose_name="总体评价",
                    ),
                ),
                ("dimensions", models.JSONField(blank=True, default=dict, verbose_name="分项评价")),
                ("comment", models.TextField(blank=True, default="", verbose_name="评价意见")),
                (
                    "source",
                    models.CharField(
                        choices=[("mine", "我的诉求"), ("link", "评价链接（短信、查询）")],
                        max_length=8,
                        verbose_name="评价途径",
                    ),
                ),
                ("rated_at", models.DateTimeField(verbose_name="评价时间")),
                ("excluded", models.BooleanField(default=False, verbose_name="不计入统计")),
            ],
            options={
                "verbose_name": "好差评",
                "verbose_name_plural": "好差评",
                "ordering": ["ticket", "round"],
            },
        ),
        migrations.CreateModel(
            name="RatingAppeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(verbose_name="申诉理由")),
                ("filed_at", models.DateTimeField(verbose_name="申诉时间")),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "待复核"), ("upheld", "申诉成立"), ("rejected", "申诉不成立")],
                        default="pending",
                        max_length=8,
                        verbose_name="复核结果",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="复核时间")),
                ("decision_note", models.CharField(blank=True, default="", max_length=500, verbose_name="复核意见")),
            ],
            options={
                "verbose_name": "差评申诉",
                "verbose_name_plural": "差评申诉",
                "ordering": ["-filed_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="followup",
            name="operator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="回访人",
            ),
        ),
        migrations.AddField(
            model_name="followup",
            name="ticket",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="tickets.ticket",
                verbose_name="工单",
            ),
        ),
        migrations.AddField(
            model_name="rating",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.agency",
                verbose_name="主办单位",
            ),
        ),
        migrations.AddField(
            model_name="rating",
            name="rated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="评价人",
            ),
        ),
        migrations.AddField(
            model_name="rating",
            name="ticket",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="tickets.ticket",
                verbose_name="工单",
            ),
        ),
        migrations.AddField(
            model_name="ratingappeal",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.agency", verbose_name="申诉单位"
            ),
        ),
        migrations.AddField(
            model_name="ratingappeal",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="复核人",
            ),
        ),
        migrations.AddField(
            model_name="ratingappeal",
            name="filed_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="申诉人",
            ),
        ),
        migrations.AddField(
            model_name="ratingappeal",
            name="rating",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="appeal",
                to="tickets.rating",
                verbose_name="评价",
            ),
        ),
        migrations.AddIndex(
            model_name="rating",
            index=models.Index(fields=["rated_at"], name="tickets_rating_rated_at"),
        ),
        migrations.AddIndex(
            model_name="rating",
            index=models.Index(fields=["agency", "rated_at"], name="tickets_rating_agency"),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(fields=("ticket", "round"), name="tickets_rating_one_per_round"),
        ),
        migrations.AddIndex(
            model_name="ratingappeal",
            index=models.Index(fields=["status", "-filed_at"], name="tickets_appeal_status"),
        ),
    ]
