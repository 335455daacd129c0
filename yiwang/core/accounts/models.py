"""Accounts (账户). One user table for citizens, enterprises (legal persons) and staff."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person or legal person who signs in. `kind` decides which doors are open."""

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

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF
