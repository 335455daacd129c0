"""Accounts (账户). One user table for citizens, enterprises (legal persons) and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django_otp.models import Device, TimestampMixin
from stdnum.cn import uscc as stdnum_uscc

from yiwang.core.orgs.models import Role
from yiwang.core.privacy.fields import EncryptedTextField, KeyedHashField


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    if value and not stdnum_uscc.is_valid(value):
        raise ValidationError(
            "统一社会信用代码无效，请核对18位代码及校验位。 (Invalid unified social credit code.)", code="invalid_uscc"
        )


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp devices: untyped manager
    """A person or legal person who signs in. `kind` decides which doors are open.

    Personal data (phone, ID number, address) is encrypted at rest (个人信息保护法 Art. 51);
    the `*_hash` columns are keyed hashes for exact lookup, set by the services with the value.
    """

    class Kind(models.TextChoices):
        CITIZEN = "citizen", "个人"
        ENTERPRISE = "enterprise", "法人"
        STAFF = "staff", "工作人员"

    class AdminRole(models.TextChoices):
        """三权分立 (GB/T 22239 L3-CES1-08): three administrators, none holding another's power."""

        NONE = "", "无"
        SYSTEM = "system", "系统管理员"
        SECURITY = "security", "安全管理员"
        AUDIT = "audit", "审计管理员"

    kind = models.CharField("账户类型", max_length=16, choices=Kind.choices, default=Kind.CITIZEN)
    display_name = models.CharField("姓名/名称", max_length=100, blank=True)
    admin_role = models.CharField(
        "管理员角色", max_length=16, choices=AdminRole.choices, default=AdminRole.NONE, blank=True
    )
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    phone = EncryptedTextField("手机号", purpose="phone", blank=True, default="")
    phone_hash = KeyedHashField()
    id_number = EncryptedTextField("居民身份证号码", purpose="id_number", blank=True, default="")
    id_number_hash = KeyedHashField()
    address = EncryptedTextField("地址", purpose="address", blank=True, default="")

    # 法人 (kind=enterprise): the enterprise's name is `display_name`, its contact phone `phone`.
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, default="", validators=[validate_uscc])
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True, default="")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.UniqueConstraint(
                fields=["phone_hash"], condition=~Q(phone_hash=""), name="accounts_user_phone_unique"
            ),
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="accounts_user_email_unique"),
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="accounts_user_uscc_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF


class OneTimeCode(models.Model):
    """一次性验证码 — a 6-digit code sent by SMS or email to prove control of an address.

    Only a keyed hash of the code is stored; the address is encrypted (it becomes the new
    account's phone or email once verified).
    """

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        EMAIL = "email", "电子邮件"

    class Purpose(models.TextChoices):
        REGISTER = "register", "注册账户"
        RESET = "reset", "找回密码"
        # Proving a contact phone without an account (e.g. an anonymous citizen's 诉求).
        VERIFY = "verify", "验证联系方式"

    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices, default=Purpose.REGISTER)
    address = EncryptedTextField("手机号或邮箱", purpose="otp_address")
    address_hash = KeyedHashField()
    salt = models.CharField(max_length=32, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    created_at = models.DateTimeField("发送时间", db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "验证码"
        verbose_name_plural = "验证码"
        indexes = [
            models.Index(fields=["address_hash", "created_at"]),
            models.Index(fields=["ip", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}验证码 #{self.pk}"


class SecurityKey(TimestampMixin, Device):
    """安全密钥 — a WebAuthn (FIDO2) authenticator registered as a staff second factor beside TOTP:
    the cryptographic factor GB/T 22239 L3-CES1-04 asks for. A django-otp device, so passing it
    marks the session verified the same way a TOTP code does. Only the public key is stored."""

    credential_id = models.CharField("凭据ID", max_length=512, unique=True)  # base64url
    public_key = models.BinaryField("公钥")
    sign_count = models.PositiveBigIntegerField("签名计数", default=0)
    transports = models.JSONField("传输方式", default=list, blank=True)

    class Meta:
        verbose_name = "安全密钥"
        verbose_name_plural = "安全密钥"

    def verify_token(self, token: object) -> bool:
        return False  # verified by a WebAuthn assertion (accounts.webauthn), never by a typed token


class RecoveryCodeSet(Device):
    """恢复码 — ten single-use codes for a staff member who lost their key and phone. A django-otp
    device (so a code passes the second factor) whose codes are stored as keyed hashes only:
    django-otp's static plugin keeps them in clear. Regenerating replaces the whole set."""

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def verify_token(self, token: object) -> bool:
        from . import recovery

        return recovery.consume(device=self, code=str(token))


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="accounts_recovery_code_unique")]

    def __str__(self) -> str:
        return f"恢复码 #{self.pk}"


class RoleKeyRequirement(models.Model):
    """安全密钥要求 — holders of this role must sign in with a security key. Set by the security
    administrator only (core.manage_security); the system administrator who grants roles cannot
    lift it."""

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="key_requirement")
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色须用安全密钥"
        verbose_name_plural = "角色须用安全密钥"

    def __str__(self) -> str:
        return f"{self.role} 须用安全密钥"
