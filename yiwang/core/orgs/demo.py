"""Demo people of the reference deployment: a named user for every role, for trying Yiwang
locally. Never loaded under production settings.

Each person gets their own random password and TOTP secret on first load (no default or
shared accounts); both are kept in var/demo-logins.json (development only) so that
`manage.py demo_logins` — and `make run` — can print how to sign in as each of them.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yiwang.core.accounts import otp
from yiwang.core.accounts import services as accounts
from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit

from .models import Agency, Role


@dataclass(frozen=True)
class Person:
    username: str
    name: str
    what: str  # what to try as this person
    agency: str = ""  # full name
    role: str = ""  # Role.code
    title: str = ""
    covers_subtree: bool = False
    is_leader: bool = False
    admin_role: str = ""
    kind: str = User.Kind.STAFF
    phone: str = ""


PEOPLE: list[Person] = [
    Person("sysadmin", "孙建国", "系统管理员：用户、机构、日历、流程", admin_role="system"),
    Person("secadmin", "周敏", "安全管理员：安全策略", admin_role="security"),
    Person("auditadmin", "吴静", "审计管理员：只读审计日志", admin_role="audit"),
    Person("editor", "李娜", "网站编辑（初审）", "伊春市人民政府办公室", "editor", "信息科科员"),
    Person("reviewer", "陈晨", "网站审核（复审、终审）", "伊春市人民政府办公室", "reviewer", "副主任"),
    Person(
        "office_director",
        "高峰",
        "办公室主任：核稿、收文登记",
        "伊春市人民政府办公室",
        "office_director",
        "主任",
        is_leader=True,
    ),
    Person("leader", "赵刚", "机构负责人：审批、签发（市民政局）", "伊春市民政局", "leader", "局长", is_leader=True),
    Person("clerk", "王芳", "经办人（市民政局）", "伊春市民政局", "clerk", "社会救助科科员"),
    Person("jiayin_clerk", "刘洋", "经办人（嘉荫县民政局），看不到其他县的数据", "嘉荫县民政局", "clerk", "科员"),
    Person("tieli_clerk", "马丽", "经办人（铁力市民政局）", "铁力市民政局", "clerk", "科员"),
    Person("operator", "李小红", "12345 热线话务员", "伊春市政务服务便民热线中心", "operator", "话务员"),
    Person("dispatcher", "周涛", "派单员：全市各机构", "伊春市人民政府", "dispatcher", "派单员", covers_subtree=True),
    Person("zhangwei", "张伟", "市民：网上办事、咨询投诉", kind=User.Kind.CITIZEN, phone="13904581234"),
    Person(
        "linduwood", "伊春林都木业有限公司", "企业（法人）：企业办事", kind=User.Kind.ENTERPRISE, phone="13845881688"
    ),
]


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.json"


def _read_credentials() -> dict[str, dict[str, str]]:
    path = credentials_path()
    return json.loads(path.read_text()) if path.exists() else {}


def _write_credentials(data: dict[str, dict[str, str]]) -> None:
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    os.chmod(path, 0o600)


def demo_allowed() -> bool:
    return bool(settings.YIWANG_SECURITY.get("SHOW_DEMO_SECRETS"))


def _create_public_user(person: Person, password: str) -> User:
    """A demo citizen or enterprise (real ones register themselves with a one-time code)."""
    with transaction.atomic():
        user = User(username=person.username, display_name=person.name, kind=person.kind)
        if person.phone:
            accounts.set_phone(user, person.phone)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.save()
        audit.record(event="accounts.demo_create", actor_label="load_reference", obj=user, detail={"kind": person.kind})
    return user


def load_people() -> list[dict[str, Any]]:
    """Create the demo people (idempotent) and return their sign-in details."""
    stored = _read_credentials()
    rows = []
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        creds = stored.get(person.username, {})
        if user is None or not creds:
            password = accounts.generate_initial_password()
            if user is None and person.kind == User.Kind.STAFF:
                user, _ = accounts.create_staff_user(
                    actor=None,
                    username=person.username,
                    display_name=person.name,
                    phone=person.phone,
                    password=password,
                )
            elif user is None:
                user = _create_public_user(person, password)
            else:  # the credentials file was lost: issue a fresh password
                user.set_password(password)
                user.save(update_fields=["password"])
            creds = {"password": password}
        if person.kind == User.Kind.STAFF:
            secret = creds.get("totp_hex") or secrets.token_hex(20)
            device = otp.ensure_totp_device(user, secret_hex=secret)
            creds["totp_hex"] = secret
            creds["totp_base32"] = otp.secret_base32(device)
            if person.admin_role and user.admin_role != person.admin_role:
                accounts.assign_admin_role(actor=None, user=user, admin_role=person.admin_role)
            if person.agency:
                accounts.grant_membership(
                    actor=None,
                    user=user,
                    agency=Agency.objects.get(full_name=person.agency),
                    role=Role.objects.get(code=person.role),
                    title=person.title,
                    covers_subtree=person.covers_subtree,
                    is_leader=person.is_leader,
                )
        stored[person.username] = creds
        rows.append({"person": person, "user": user, **creds})
    _write_credentials(stored)
    return rows


def sign_in_details() -> list[dict[str, str]]:
    """What `demo_logins` prints: username, name, role, password, TOTP secret and current code."""
    stored = _read_credentials()
    details = []
    for person in PEOPLE:
        creds = stored.get(person.username)
        user = User.objects.filter(username=person.username).first()
        if not creds or user is None:
            continue
        code = ""
        device = otp.confirmed_device(user) if person.kind == User.Kind.STAFF else None
        if device is not None:
            code = otp.current_code(device)
        details.append(
            {
                "username": person.username,
                "name": person.name,
                "what": person.what,
                "password": creds["password"],
                "totp": creds.get("totp_base32", ""),
                "code": code,
            }
        )
    return details
