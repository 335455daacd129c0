from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_security_keys_and_recovery_codes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="onetimecode",
            name="purpose",
            field=models.CharField(
                choices=[("register", "注册账户"), ("reset", "找回密码"), ("verify", "验证联系方式")],
                default="register",
                max_length=16,
                verbose_name="用途",
            ),
        ),
    ]
