from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("servicehall", "0001_catalogue")]

    operations: list = []
