import django.db.models.deletion
from django.db import migrations, models

import yiwang.core.privacy.fields


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="phone",
            field=yiwang.core.privacy.fields.EncryptedTextField(
                blank=True, purpose="delivery_phone", verbose_name="手机号"
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="template_code",
            field=models.CharField(blank=True, max_length=100, verbose_name="模板代码"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="message",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to="notifications.message",
                verbose_name="消息",
            ),
        ),
    ]
