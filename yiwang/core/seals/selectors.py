"""Reads of the electronic seals (电子印章) and the platform's seal authority."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yiwang.core.orgs.models import Agency
from yiwang.core.registry.registry import get_manifests, resolve

from .models import AgencySeal, SealAuthority


def current_seal_for(agency: Agency) -> AgencySeal | None:
    """The agency's seal for 用印 now: the newest that is not revoked and is within its validity."""
    now = timezone.now()
    return (
        AgencySeal.objects.select_related("agency", "authority")
        .filter(agency=agency, revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now)
        .order_by("-valid_from", "-id")
        .first()
    )


def get_current_authority() -> SealAuthority | None:
    """The authority that signs new seals (the newest)."""
    return SealAuthority.objects.order_by("-valid_from", "-id").first()


def list_trust_roots() -> list[str]:
    """The PEM certificates a sealed file must chain to: every authority this platform has had."""
    return list(SealAuthority.objects.order_by("id").values_list("certificate_pem", flat=True))


def get_seals_by_serial(serials: Iterable[str]) -> dict[str, AgencySeal]:
    """The seals whose certificates have these serials (hex), with their agencies."""
    wanted = {serial.lower() for serial in serials if serial}
    if not wanted:
        return {}
    rows = AgencySeal.objects.select_related("agency").filter(serial__in=wanted)
    return {seal.serial: seal for seal in rows}


def list_agencies_without_seal() -> QuerySet[Agency]:
    """Active agencies with no usable seal (never issued, or all revoked or expired)."""
    now = timezone.now()
    usable = AgencySeal.objects.filter(revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now)
    return Agency.objects.filter(is_active=True).exclude(pk__in=usable.values("agency_id")).order_by("path")


def list_seals_for(agency: Agency) -> QuerySet[AgencySeal]:
    """Every seal the agency has had, newest first."""
    return AgencySeal.objects.filter(agency=agency).select_related("created_by", "revoked_by").order_by("-valid_from")


def list_agencies_with_newest_seal() -> list[tuple[Agency, AgencySeal | None]]:
    """For the seal management screen: every active agency with its newest seal (usable or not),
    in tree order. Two queries, whatever the number of agencies."""
    agencies = list(Agency.objects.filter(is_active=True).order_by("path"))
    newest: dict[int, AgencySeal] = {}
    for seal in AgencySeal.objects.filter(agency__is_active=True).order_by("agency_id", "-valid_from", "-id"):
        newest.setdefault(seal.agency_id, seal)
    return [(agency, newest.get(agency.pk)) for agency in agencies]


def module_seal_agencies(code: str = "") -> list[QuerySet[Any]]:
    """The agencies the modules say need a seal (the manifests' `seal_agencies`), one id queryset a
    module; with `code`, the agency each module knows by that code."""
    found = []
    for manifest in get_manifests():
        if manifest.seal_agencies:
            provider = cast(Any, resolve(manifest.seal_agencies))
            found.append(provider(code) if code else provider())
    return found


def get_seal(seal_id: int) -> AgencySeal:
    """One seal with its agency and authority (404 if there is none)."""
    return get_object_or_404(AgencySeal.objects.select_related("agency", "authority", "revoked_by"), pk=seal_id)
