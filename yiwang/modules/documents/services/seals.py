"""Writes of the electronic seals (电子印章): the platform's seal authority, issuing an agency's seal
and revoking it. One transaction each, with its audit entry; keys are encrypted before they are saved.

The staff screen, the API and `manage.py issue_agency_seals` all call these.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency, Division

from ..models import AgencySeal, SealAuthority
from ..sealing.certificates import SEAL_YEARS, create_authority, create_seal_certificate
from ..sealing.image import draw_seal

REVOCATION_REASON_MAX = 200


def _deployment_name() -> str:
    division = Division.objects.filter(code=getattr(settings, "YIWANG_DIVISION_CODE", "")).first()
    return division.name if division is not None else str(getattr(settings, "YIWANG_SITE_NAME", "一网"))


def establish_seal_authority(*, by: Any = None, name: str = "", organisation: str = "") -> SealAuthority:
    """The platform's seal authority (签章根证书), created on first use by the city's IT centre.

    Returns the current one if it exists: a second root would split trust for no reason.
    """
    with transaction.atomic():
        existing = SealAuthority.objects.select_for_update().order_by("-valid_from", "-id").first()
        if existing is not None:
            return existing
        place = _deployment_name()
        organisation = organisation or f"{place}电子政务信息中心"
        name = name or f"{place}电子印章根证书"
        issued = create_authority(name=name, organisation=organisation, now=timezone.now())
        authority = SealAuthority.objects.create(
            name=name,
            certificate_pem=issued.certificate_pem,
            private_key=issued.key_pem,
            serial=issued.serial,
            fingerprint=issued.fingerprint,
            valid_from=issued.valid_from,
            valid_until=issued.valid_until,
        )
        audit.record(
            event="documents.seal_authority.create",
            actor=by,
            obj=authority,
            actor_label="" if by else "system",
            detail={"serial": issued.serial, "fingerprint": issued.fingerprint, "valid_until": issued.valid_until},
        )
    return authority


def issue_agency_seal(
    *, agency: Agency, by: Any = None, name: str = "", years: int = SEAL_YEARS, ip: str | None = None
) -> AgencySeal:
    """制发电子印章: a new key, a certificate from the platform authority and the seal image.

    `name` is the text round the seal (the agency's full name by default). An earlier seal of the
    agency stays valid for what it has already sealed; `current_seal_for` returns the newest.
    """
    name = "".join((name or agency.full_name).split())
    if not name:
        raise ValidationError({"name": "印章文字不能为空。"})
    if len(name) > 24:
        raise ValidationError({"name": "印章文字过长：圆形公章上最多排 24 个字。"})
    if not 1 <= years <= 20:
        raise ValidationError({"years": "印章有效期应为 1 至 20 年。"})
    if not agency.is_active:
        raise ValidationError({"agency": f"“{agency.full_name}”已停用，不能制发印章。"})
    image = draw_seal(name)  # before the transaction: drawing takes a moment and touches no row
    authority = establish_seal_authority(by=by)
    with transaction.atomic():
        issued = create_seal_certificate(
            agency_name=agency.full_name,
            uscc=agency.uscc,
            seal_name=name,
            authority_certificate_pem=authority.certificate_pem,
            authority_key_pem=authority.private_key,
            now=timezone.now(),
            years=years,
        )
        seal = AgencySeal.objects.create(
            agency=agency,
            authority=authority,
            name=name,
            image=image,
            certificate_pem=issued.certificate_pem,
            private_key=issued.key_pem,
            serial=issued.serial,
            fingerprint=issued.fingerprint,
            valid_from=issued.valid_from,
            valid_until=issued.valid_until,
            created_by=by if getattr(by, "pk", None) else None,
        )
        audit.record(
            event="documents.seal.issue",
            actor=by,
            obj=seal,
            ip=ip,
            actor_label="" if by else "system",
            detail={"agency": agency.pk, "serial": issued.serial, "valid_until": issued.valid_until},
        )
    return seal


def revoke_agency_seal(*, seal: AgencySeal, by: Any, reason: str, ip: str | None = None) -> AgencySeal:
    """撤销电子印章: from now on files sealed with it are reported as 印章已被撤销 (those sealed
    before the revocation keep verifying). A seal is revoked once; the reason is required."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销原因。"})
    if len(reason) > REVOCATION_REASON_MAX:
        raise ValidationError({"reason": f"撤销原因不能超过 {REVOCATION_REASON_MAX} 个字。"})
    with transaction.atomic():
        locked = AgencySeal.objects.select_for_update().get(pk=seal.pk)
        if locked.revoked_at is not None:
            raise ValidationError({"seal": f"该印章已于 {timezone.localtime(locked.revoked_at):%Y-%m-%d %H:%M} 撤销。"})
        locked.revoked_at = timezone.now()
        locked.revocation_reason = reason
        locked.revoked_by = by if getattr(by, "pk", None) else None
        locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
        audit.record(
            event="documents.seal.revoke",
            actor=by,
            obj=locked,
            ip=ip,
            actor_label="" if by else "system",
            detail={"serial": locked.serial, "reason": reason},
        )
    return locked
