"""Reads of the organisation tree."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Agency, Membership


def list_subtree(agency: Agency) -> QuerySet[Agency]:
    """The agency and everything below it: one indexed prefix query on `path`."""
    return Agency.objects.filter(path__startswith=agency.path)


def list_memberships(user_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user_id).select_related("agency", "role")


def get_leaders(agency: Agency) -> QuerySet[Membership]:
    return Membership.objects.filter(agency=agency, is_leader=True).select_related("user")
