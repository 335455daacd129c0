from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0010_handling_control"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(fields=["-created_at", "-id"], name="tickets_ticket_newest"),
        ),
    ]
