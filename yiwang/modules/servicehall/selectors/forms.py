"""Reads of 申请表单 (application forms defined as data)."""

from __future__ import annotations

from typing import Any

from yiwang.core.permissions import access

from ..models import ServiceForm, ServiceFormVersion, ServiceItem

__all__ = ["MANAGE", "get_form_of", "get_form_version", "get_managed_item"]

MANAGE = "servicehall.manage_catalogue"


def get_managed_item(user: Any, item_id: int) -> ServiceItem:
    """The item whose form `user` may edit (the verb in the item's agency); 404 otherwise."""
    return access.access_by_id(user, MANAGE, ServiceItem.objects.select_related("agency"), item_id)


def get_form_of(item: ServiceItem) -> ServiceForm | None:
    """The item's current form, or None when it has none yet."""
    return ServiceForm.objects.filter(item=item).select_related("updated_by").first()


def get_form_version(item: ServiceItem, version: int) -> ServiceFormVersion | None:
    """One saved version of the item's form — what an application filled with `version` saw."""
    return ServiceFormVersion.objects.filter(form__item=item, version=version).first()
