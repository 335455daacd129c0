"""脱敏 (masking) by kind of personal data, for templates, lists and exports.

`mask(value, kind)` is the one helper; the template filter `{{ value|masked:"phone" }}`
(`{% load privacy %}`) calls it. Public pages always show masked values; staff screens show them
masked unless the screen's purpose needs the full value (and then the access is audited, as the
personal-data export does). The per-kind rules are in `yiwang.common.masking`.
"""

from __future__ import annotations

from collections.abc import Callable

from yiwang.common.masking import MASK, mask_email, mask_id_number, mask_name, mask_phone


def mask_address(address: str) -> str:
    """地址: keep the first 6 characters (province/city/district), hide the street and number —
    "黑龙江省伊春市伊美区新兴路12号" -> "黑龙江省伊春******"."""
    value = (address or "").strip()
    if len(value) <= 6:
        return MASK * len(value)
    return value[:6] + MASK * min(len(value) - 6, 8)


MASKERS: dict[str, Callable[[str], str]] = {
    "phone": mask_phone,
    "id_number": mask_id_number,
    "name": mask_name,
    "email": mask_email,
    "address": mask_address,
}


def mask(value: object, kind: str) -> str:
    """Mask `value` as personal data of `kind` (phone, id_number, name, email, address). An
    unknown kind masks everything: failing closed is the safe default."""
    text = "" if value is None else str(value)
    masker = MASKERS.get(kind)
    return masker(text) if masker else MASK * len(text)
