from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("servicehall", "0003_queue")]

    operations: list = []
