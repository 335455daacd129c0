"""Organisations (组织机构): administrative divisions and agencies in one tree.

The tree is stored as a materialised path (`path`, e.g. "0001.0004.") so that an agency's
subtree is one indexed prefix query, and permission scopes resolve to a set of ids once per
request (see `yiwang.core.permissions`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from stdnum.cn import uscc


class Division(models.Model):
    """行政区划 — GB/T 2260 division (city, district, county, county-level city)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地级"
        COUNTY = "county", "县级"

    code = models.CharField("区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015), checked with its check digit."""
    if value and not uscc.is_valid(value):
        raise ValidationError("统一社会信用代码无效，请核对18位代码及校验位。 (Invalid unified social credit code.)")


class Agency(models.Model):
    """机构 — a government (人民政府) or one of its departments, placed in one tree."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "工作部门"
        OFFICE = "office", "内设机构"
        CENTRE = "centre", "事业单位"

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, unique=True, editable=False)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="agencies")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    full_name = models.CharField("全称", max_length=100)
    short_name = models.CharField("简称", max_length=30)
    code_word = models.CharField("机关代字", max_length=20, blank=True, help_text="用于发文字号，如“伊政发”")
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("办公电话", max_length=40, blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    duties = models.TextField("机构职能", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.full_name


class Role(models.Model):
    """角色 — a named set of permission verbs (verbs are declared by module manifests)."""

    code = models.SlugField("代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=50)
    verbs = models.JSONField("权限", default=list, blank=True)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """任职 — a staff user holds a role in an agency; `covers_subtree` extends it to subordinates."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    title = models.CharField("职务", max_length=50, blank=True)
    covers_subtree = models.BooleanField("含下级机构", default=False)
    is_leader = models.BooleanField("本机构负责人", default=False)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="orgs_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency} ({self.role})"
