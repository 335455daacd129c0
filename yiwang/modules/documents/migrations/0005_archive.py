from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_incoming")]

    operations: list = []
