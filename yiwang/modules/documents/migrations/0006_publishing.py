from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_archive")]

    operations: list = []
