"""Masking (脱敏) of personal data for display on public pages and in lists.

个人信息保护法 Art. 51 and GB/T 22239 L3-CES1-34/35: show only what the reader needs. Each helper
keeps just enough to recognise the value and never raises on odd input (empty, short, spaced).
"""

from __future__ import annotations

MASK = "*"


def mask_name(name: str) -> str:
    """姓名: keep the first character (the surname) — "王小明" -> "王**", "王伟" -> "王*"."""
    name = (name or "").strip()
    if len(name) <= 1:
        return MASK * len(name)
    return name[0] + MASK * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """手机号/电话: "13812341234" -> "138****1234"; short numbers keep only their last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return f"{phone[:3]}{MASK * (len(phone) - 7)}{phone[-4:]}"
    if len(phone) <= 2:
        return MASK * len(phone)
    return MASK * (len(phone) - 2) + phone[-2:]


def mask_id_number(id_number: str) -> str:
    """居民身份证号码: keep the first 4 and last 4 — the birth date is hidden.
    "230702199001011234" -> "2307**********1234"."""
    value = (id_number or "").strip()
    if len(value) <= 8:
        return MASK * len(value)
    return f"{value[:4]}{MASK * (len(value) - 8)}{value[-4:]}"


def mask_email(email: str) -> str:
    """电子邮箱: keep the first character of the local part and the domain — "zhangwei@163.com" -> "z***@163.com"."""
    value = (email or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return mask_name(value)
    shown = local[:1]
    return f"{shown}***@{domain}"
