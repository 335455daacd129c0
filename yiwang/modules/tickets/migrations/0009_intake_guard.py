from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0008_open311"),
    ]

    operations = []
