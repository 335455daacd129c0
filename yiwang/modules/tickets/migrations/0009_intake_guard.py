from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0008_open311"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="phone_verified",
            field=models.BooleanField(default=False, verbose_name="电话已验证"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="needs_review",
            field=models.BooleanField(default=False, verbose_name="待审核"),
        ),
        migrations.AddField(
            model_name="ticket",
            name="review_reason",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="待审核原因"),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("needs_review", True)), fields=["-created_at"], name="tickets_ticket_review"
            ),
        ),
    ]
