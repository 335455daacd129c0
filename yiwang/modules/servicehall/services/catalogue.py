"""Writes to the catalogue of 政务服务事项: an item with its 申请材料 and 办理流程, publishing and
withdrawing it, and the 主题 / 人生事件 it is browsed by.

- `save_item` creates or updates an item and *replaces* its materials and steps with the rows given
  (the edit page's formsets), in one transaction: a refusal leaves the item as it was. Sample and
  blank form files are uploaded through the core file service inside that transaction, owned by the item.
- 承诺办结时限 ≤ 法定办结时限 is refused with a Chinese message before the database constraint
  (`servicehall_item_promise_within_statute`) would refuse it.
- `publish_item` only publishes an item whose 办事指南 is complete (`completeness`); `published_at`
  is the system's time, never an input. An edit of a published item must keep it complete.
- Every write is audited (`servicehall.*`); after commit the search index follows and the public
  pages' content version is bumped (`core.web.fragments`), the portal's publishing path.

Writes need `servicehall.manage_catalogue` in the item's 实施机关 (topics and life events: anywhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.core.audit import services as audit
from yiwang.core.files import services as files
from yiwang.core.files.models import StoredFile
from yiwang.core.permissions import access
from yiwang.core.web.fragments import bump_content_version

from .. import completeness
from ..models import LifeEvent, ServiceItem, ServiceMaterial, ServiceStep, ServiceTopic, validate_item_code
from ..search import reindex_item, remove_item

MANAGE = "servicehall.manage_catalogue"
FORM_FILE_PURPOSE = "servicehall.form_file"

# The item fields an editor sets (status, published_at and created_by are the system's).
ITEM_FIELDS = (
    "code",
    "name",
    "item_type",
    "agency",
    "legal_basis",
    "conditions",
    "statutory_days",
    "promised_days",
    "fee_charged",
    "fee_basis",
    "fee_standard",
    "location",
    "office_hours",
    "consult_phone",
    "supervise_phone",
    "online_depth",
    "visits",
    "for_person",
    "for_legal_person",
    "external_url",
    "allows_promise",
)
MATERIAL_FIELDS = (
    "name",
    "source",
    "form",
    "copies",
    "medium",
    "file_format",
    "required",
    "deferrable",
    "certificate_type",
    "notes",
)
STEP_FIELDS = ("name", "days", "description")
PROMISE_MESSAGE = "承诺办结时限不能超过法定办结时限。"


class CatalogueRefused(Exception):
    """A catalogue write refused with a Chinese message (and per field where known); nothing was written."""

    def __init__(self, message: str, errors: Mapping[str, str] | None = None, missing: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})
        self.missing = list(missing)


def register_form_file_purpose() -> None:
    """示例样表 and 空白表格: what an editor may upload for a material (PDF, Word, Excel, images)."""
    from yiwang.core.files.purposes import MB, register_purpose

    register_purpose(
        FORM_FILE_PURPOSE,
        allowed_types={
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "image/jpeg",
            "image/png",
        },
        max_bytes=20 * MB,
        label="示例样表和空白表格",
    )


# Registered when the catalogue's services are loaded (the staff screens and the seed import them).
register_form_file_purpose()


def _require_manage(actor: Any, agency_id: int | None) -> None:
    if agency_id is None or not access.can(actor, MANAGE, agency_id=agency_id):
        raise CatalogueRefused("您无权编辑该机关的政务服务事项。")


def _after_commit_publicly_changed() -> None:
    transaction.on_commit(bump_content_version, robust=True)


def _check_item(item: ServiceItem) -> None:
    errors: dict[str, str] = {}
    try:
        validate_item_code(item.code)
    except ValidationError as error:
        errors["code"] = error.messages[0]
    if item.code and ServiceItem.objects.filter(code=item.code).exclude(pk=item.pk).exists():
        errors["code"] = f"事项编码 {item.code} 已被其他事项使用。"
    if not (item.name or "").strip():
        errors["name"] = "请填写事项名称。"
    if item.item_type not in ServiceItem.ItemType.values:
        errors["item_type"] = "请选择事项类型。"
    if item.statutory_days is not None and item.promised_days is not None and item.promised_days > item.statutory_days:
        errors["promised_days"] = PROMISE_MESSAGE
    if item.fee_charged is False and (item.fee_basis.strip() or item.fee_standard.strip()):
        errors["fee_charged"] = "填写了收费依据或标准，请勾选“是否收费”，或清空收费依据和标准。"
    if errors:
        raise CatalogueRefused(next(iter(errors.values())), errors)


def _material_rows(item: ServiceItem, rows: Sequence[Mapping[str, Any]], actor: Any, ip: str | None) -> list[Any]:
    built: list[ServiceMaterial] = []
    for index, row in enumerate(rows):
        material = ServiceMaterial(item=item, sort_order=index + 1)
        for field in MATERIAL_FIELDS:
            if field in row:
                setattr(material, field, row[field])
        if not (material.name or "").strip():
            raise CatalogueRefused(f"第 {index + 1} 项申请材料缺少名称。", {"materials": "请填写材料名称。"})
        if material.deferrable and not material.required:
            raise CatalogueRefused(
                f"第 {index + 1} 项申请材料“{material.name}”：只有必要材料才能设为可容缺。",
                {"materials": "只有必要材料才能设为可容缺。"},
            )
        for kind in ("sample_file", "blank_form_file"):
            material_file = _form_file(item, row, kind, actor, ip)
            setattr(material, kind, material_file)
        built.append(material)
    return built


def _form_file(item: ServiceItem, row: Mapping[str, Any], kind: str, actor: Any, ip: str | None) -> StoredFile | None:
    """A new upload (stored now, owned by the item), else the file the row kept, else none."""
    upload: UploadedFile[bytes] | None = row.get(f"{kind}_upload")
    if upload is not None:
        try:
            return files.upload(file=upload, purpose=FORM_FILE_PURPOSE, user=actor, owner=item, ip=ip)
        except files.UploadRejected as rejected:
            raise CatalogueRefused(
                f"“{row.get('name', '')}”的文件未能上传：{rejected}", {"materials": str(rejected)}
            ) from None
    kept = row.get(kind)
    if isinstance(kept, StoredFile):
        return kept
    return None


def _step_rows(item: ServiceItem, rows: Sequence[Mapping[str, Any]]) -> list[ServiceStep]:
    built: list[ServiceStep] = []
    for index, row in enumerate(rows):
        step = ServiceStep(item=item, sort_order=index + 1)
        for field in STEP_FIELDS:
            if field in row:
                setattr(step, field, row[field])
        if not (step.name or "").strip():
            raise CatalogueRefused(f"第 {index + 1} 个办理环节缺少名称。", {"steps": "请填写环节名称。"})
        built.append(step)
    return built


def save_item(
    *,
    actor: Any,
    values: Mapping[str, Any],
    materials: Sequence[Mapping[str, Any]],
    steps: Sequence[Mapping[str, Any]],
    topics: Iterable[ServiceTopic] = (),
    life_events: Iterable[LifeEvent] = (),
    item: ServiceItem | None = None,
    ip: str | None = None,
) -> ServiceItem:
    """Create (`item` None) or update an item, replacing its materials and steps with `materials`
    and `steps` (in order). Refused with `CatalogueRefused`; then nothing is written."""
    creating = item is None
    if item is not None:
        _require_manage(actor, item.agency_id)
    agency = values.get("agency")
    _require_manage(actor, getattr(agency, "pk", None))
    try:
        with transaction.atomic():
            if item is None:
                item = ServiceItem(created_by=actor if getattr(actor, "pk", None) else None)
            else:
                item = ServiceItem.objects.select_for_update().get(pk=item.pk)
            before = {field: str(getattr(item, f"{field}_id" if field == "agency" else field)) for field in ITEM_FIELDS}
            for field in ITEM_FIELDS:
                if field in values:
                    value = values[field]
                    setattr(item, field, "" if value is None and field not in _NULLABLE else value)
            _check_item(item)
            item.save()
            new_materials = _material_rows(item, materials, actor, ip)
            new_steps = _step_rows(item, steps)
            if item.status == ServiceItem.Status.PUBLISHED:
                missing = completeness.missing_elements(item, materials=new_materials, steps=new_steps)
                if missing:
                    raise CatalogueRefused(
                        "该事项已发布，修改后办事指南不完整：" + "；".join(m.message for m in missing),
                        {m.field: m.message for m in missing},
                        missing,
                    )
            ServiceMaterial.objects.filter(item=item).delete()
            ServiceMaterial.objects.bulk_create(new_materials)
            ServiceStep.objects.filter(item=item).delete()
            ServiceStep.objects.bulk_create(new_steps)
            item.topics.set(list(topics))
            item.life_events.set(list(life_events))
            after = {field: str(getattr(item, f"{field}_id" if field == "agency" else field)) for field in ITEM_FIELDS}
            audit.record(
                event="servicehall.item_create" if creating else "servicehall.item_update",
                actor=actor,
                obj=item,
                ip=ip,
                detail={
                    "code": item.code,
                    "changed": sorted(k for k in ITEM_FIELDS if before[k] != after[k]),
                    "materials": len(new_materials),
                    "steps": len(new_steps),
                },
            )
            if item.status == ServiceItem.Status.PUBLISHED:
                reindex_item(item)
                _after_commit_publicly_changed()
    except IntegrityError as error:
        # The database's own check (a race past `_check_item`): the same message, nothing written.
        if "promise_within_statute" in str(error):
            raise CatalogueRefused(PROMISE_MESSAGE, {"promised_days": PROMISE_MESSAGE}) from None
        if "deferrable_required" in str(error):
            raise CatalogueRefused(
                "只有必要材料才能设为可容缺。", {"materials": "只有必要材料才能设为可容缺。"}
            ) from None
        raise CatalogueRefused(
            "事项编码已被其他事项使用，或数据不完整，未保存。", {"code": "请检查事项编码。"}
        ) from None
    return item


_NULLABLE = {"statutory_days", "promised_days", "online_depth", "visits", "agency"}


def publish_item(*, actor: Any, item: ServiceItem, ip: str | None = None) -> ServiceItem:
    """发布: the item's 办事指南 goes on the portal — only when it is complete."""
    _require_manage(actor, item.agency_id)
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        if item.status == ServiceItem.Status.PUBLISHED:
            raise CatalogueRefused("该事项已发布。")
        missing = completeness.missing_elements(
            item, materials=list(item.materials.all()), steps=list(item.steps.all())
        )
        if missing:
            raise CatalogueRefused(
                f"办事指南缺少 {len(missing)} 项要素，不能发布：" + "；".join(m.message for m in missing),
                {m.field: m.message for m in missing},
                missing,
            )
        previous = item.status
        item.status = ServiceItem.Status.PUBLISHED
        item.published_at = timezone.now()  # the system's time: publication cannot be back-dated
        item.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(
            event="servicehall.item_publish",
            actor=actor,
            obj=item,
            ip=ip,
            detail={"code": item.code, "from": previous, "published_at": item.published_at.isoformat()},
        )
        reindex_item(item)
        _after_commit_publicly_changed()
    return item


def withdraw_item(*, actor: Any, item: ServiceItem, ip: str | None = None) -> ServiceItem:
    """停用: the item leaves the portal and the search (its guide page answers 404)."""
    _require_manage(actor, item.agency_id)
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().get(pk=item.pk)
        if item.status != ServiceItem.Status.PUBLISHED:
            raise CatalogueRefused("只有已发布的事项才能停用。")
        item.status = ServiceItem.Status.WITHDRAWN
        item.save(update_fields=["status", "updated_at"])
        audit.record(event="servicehall.item_withdraw", actor=actor, obj=item, ip=ip, detail={"code": item.code})
        remove_item(item)
        _after_commit_publicly_changed()
    return item


# --- 主题 and 人生事件 ---------------------------------------------------------------------------

BrowseGroup = ServiceTopic | LifeEvent


def save_browse_group(
    *,
    actor: Any,
    model: type[ServiceTopic] | type[LifeEvent],
    values: Mapping[str, Any],
    group: BrowseGroup | None = None,
    ip: str | None = None,
) -> BrowseGroup:
    """Create or update a 主题 (`ServiceTopic`) or 人生事件 (`LifeEvent`): code, name, audience, order."""
    if not access.can(actor, MANAGE):
        raise CatalogueRefused("您无权维护服务主题和人生事件。")
    label = model._meta.verbose_name
    code = (values.get("code") or "").strip()
    name = (values.get("name") or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = f"请填写{label}名称。"
    if not code:
        errors["code"] = "请填写代码。"
    elif model.objects.filter(code=code).exclude(pk=group.pk if group is not None else 0).exists():
        errors["code"] = f"代码 {code} 已被使用。"
    if values.get("audience") not in ("person", "legal_person"):
        errors["audience"] = "请选择服务对象（个人或法人）。"
    if errors:
        raise CatalogueRefused(next(iter(errors.values())), errors)
    with transaction.atomic():
        creating = group is None
        target: Any = group if group is not None else model()
        target.code, target.name, target.audience = code, name, values["audience"]
        target.sort_order = int(values.get("sort_order") or 0)
        target.save()
        audit.record(
            event=f"servicehall.{model._meta.model_name}_{'create' if creating else 'update'}",
            actor=actor,
            obj=target,
            ip=ip,
            detail={"code": code, "name": name},
        )
        _after_commit_publicly_changed()
    return target  # type: ignore[no-any-return]


def delete_browse_group(*, actor: Any, group: BrowseGroup, ip: str | None = None) -> None:
    """Remove a 主题 or 人生事件 (its items stay, they are only no longer listed under it)."""
    if not access.can(actor, MANAGE):
        raise CatalogueRefused("您无权维护服务主题和人生事件。")
    with transaction.atomic():
        audit.record(
            event=f"servicehall.{group._meta.model_name}_delete",
            actor=actor,
            obj=group,
            ip=ip,
            detail={"code": group.code, "name": group.name},
        )
        group.delete()
        _after_commit_publicly_changed()
