"""Masking (脱敏) of personal data for display on public pages and in lists.

个人信息保护法 Art. 51 and GB/T 22239 L3-CES1-34/35: show only what the reader needs. Each helper
keeps just enough to recognise the value and never raises on odd input (empty, short, spaced).
"""

from __future__ import annotations

import re

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


# Numbers a citizen may write into free text: 居民身份证号码 (18 digits, the last may be X; the old
# 15-digit form), 手机号, fixed lines with their area code (0458-3612345), and e-mail addresses.
# Digits directly before or after keep a longer number (an account, an order number) whole.
_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_FIXED_LINE_IN_TEXT = re.compile(r"(?<![\d-])0\d{2,3}-?\d{7,8}(?![\d-])")
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def mask_in_text(text: str) -> str:
    """Mask the ID numbers, phone numbers and e-mail addresses written inside free text (a title,
    a letter, a reply) before it is shown publicly — "请回电13812341234" -> "请回电138****1234"."""
    value = text or ""
    value = _ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), value)
    value = _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), value)
    value = _FIXED_LINE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), value)
    return _EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)), value)
