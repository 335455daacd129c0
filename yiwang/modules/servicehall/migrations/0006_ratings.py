from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("servicehall", "0005_applications")]

    operations: list = []
