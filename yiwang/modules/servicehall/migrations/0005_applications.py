from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("servicehall", "0004_catalogue_guide")]

    operations: list = []
