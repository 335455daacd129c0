"""Writes of the electronic seals (电子印章): the platform's seal authority, issuing an agency's seal
and revoking it. One transaction each, with its audit entry; keys are encrypted before they are saved.

The staff screen, the API and `manage.py issue_agency_seals` all call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency, Division

from .models import AgencySeal, SealAuthority
from .selectors import module_seal_agencies
from .signing.certificates import SEAL_YEARS, create_authority, create_seal_certificate
from .signing.image import draw_seal

REVOCATION_REASON_MAX = 200
# The PostgreSQL advisory lock that makes creating the seal authority happen once: a transaction
# holds it until it ends, so a second caller waits, then finds the first one's authority.
AUTHORITY_LOCK = 0x59574E47_5345414C & 0x7FFFFFFFFFFFFFFF  # "YWNG" "SEAL"


def _deployment_name() -> str:
    division = Division.objects.filter(code=getattr(settings, "YIWANG_DIVISION_CODE", "")).first()
    return division.name if division is not None else str(getattr(settings, "YIWANG_SITE_NAME", "一网"))


def establish_seal_authority(*, by: Any = None, name: str = "", organisation: str = "") -> SealAuthority:
    """The platform's seal authority (签章根证书), created on first use by the city's IT centre.

    Returns the current one if it exists: a second root would split trust for no reason.
    """
    existing = SealAuthority.objects.order_by("-valid_from", "-id").first()
    if existing is not None:
        return existing
    with transaction.atomic():
        # No row to lock yet: two first calls at once would both create one. The advisory lock
        # serialises them (SQLite serialises every write transaction by itself).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUTHORITY_LOCK])
        existing = SealAuthority.objects.order_by("-valid_from", "-id").first()
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
            event="seals.authority.create",
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
            event="seals.seal.issue",
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
            event="seals.seal.revoke",
            actor=by,
            obj=locked,
            ip=ip,
            actor_label="" if by else "system",
            detail={"serial": locked.serial, "reason": reason},
        )
    return locked


def agencies_due_a_seal(*, only: Agency | None = None) -> QuerySet[Agency]:
    """Active agencies that write 发文 (a 机关代字 of their own, or one a module knows them by: the
    manifests' `seal_agencies`, e.g. 公文's 代字 table) and have no usable seal; `only` narrows to
    one agency (whether or not it has a 代字)."""
    now = timezone.now()
    usable = AgencySeal.objects.filter(revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now)
    agencies = Agency.objects.filter(is_active=True).exclude(pk__in=usable.values("agency_id"))
    if only is not None:
        return agencies.filter(pk=only.pk)
    with_code = Q(code_word__gt="")
    for agency_ids in module_seal_agencies():
        with_code |= Q(pk__in=agency_ids)
    return agencies.filter(with_code).distinct().order_by("path")


@dataclass(frozen=True)
class SealRun:
    """What `issue_missing_seals` did: the agencies due a seal, the seals issued, the refusals."""

    due: list[Agency]
    issued: list[AgencySeal] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # agency full name -> the reason


def issue_missing_seals(*, by: Any = None, only: Agency | None = None, dry_run: bool = False) -> SealRun:
    """制发 a seal to every agency of `agencies_due_a_seal` (the authority first, if there is none).
    Idempotent: an agency with a usable seal is left alone; one agency refused (a seal text too
    long for the round seal, say) does not stop the others.

    `manage.py issue_agency_seals` and the reference deployment's demo data call this.
    """
    run = SealRun(due=list(agencies_due_a_seal(only=only)))
    if dry_run or not run.due:
        return run
    establish_seal_authority(by=by)
    for agency in run.due:
        try:
            run.issued.append(issue_agency_seal(agency=agency, by=by))
        except ValidationError as refused:
            run.refused[agency.full_name] = "；".join(refused.messages)
    return run
