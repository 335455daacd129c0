from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("servicehall", "0002_forms")]

    operations: list = []
