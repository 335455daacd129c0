from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_documents")]

    operations: list = []
