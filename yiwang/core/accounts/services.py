"""Writes for accounts (账户): login bookkeeping and lockout, one-time codes, self-registration,
staff accounts and the separation of the three administrators (三权分立).

Every function here runs in one transaction and writes its audit entry; codes leave through the
gateways only after commit. Views and management commands call these — never the models directly.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import string
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from yiwang.common.masking import mask_email, mask_phone
from yiwang.core.audit import services as audit
from yiwang.core.notifications.gateways import get_sms_gateway
from yiwang.core.orgs.models import Agency, Membership, Role
from yiwang.core.permissions.access import can, forget_scope
from yiwang.core.privacy.crypto import keyed_hash, normalise

from . import selectors
from .models import OneTimeCode, RoleKeyRequirement, User, validate_uscc

logger = logging.getLogger(__name__)

# GB/T 22239 L3-CES1-05/06: no default or shared accounts. These names are refused for new
# accounts, refused at login outside development, and reported by `manage.py check --database default`.
RESERVED_USERNAMES = frozenset({"admin", "administrator", "root", "test", "guest", "superuser", "sa"})

_DEFAULTS: dict[str, int] = {
    "LOCKOUT_THRESHOLD": 5,
    "LOCKOUT_MINUTES": 15,
    "STAFF_IDLE_MINUTES": 30,
    "ONE_TIME_CODE_MINUTES": 10,
    "ONE_TIME_CODE_ATTEMPTS": 5,
    "ONE_TIME_CODE_RESEND_SECONDS": 60,
    "ONE_TIME_CODE_PER_ADDRESS_HOUR": 5,
    "ONE_TIME_CODE_PER_IP_HOUR": 20,
    "PASSWORD_MAX_AGE_DAYS": 90,
    # Sensitive actions (role changes, personal-data exports) need a sign-in this recent.
    "REAUTH_MINUTES": 15,
}


def policy(name: str) -> int:
    """A number from settings.YIWANG_SECURITY (configurable: the standard gives no values)."""
    return int(settings.YIWANG_SECURITY.get(name, _DEFAULTS[name]))


class AccountError(ValueError):
    """A request the user can correct; the message is shown as it is (Chinese first)."""


class RateLimited(AccountError):
    pass


class CodeError(AccountError):
    pass


class RoleSeparationError(PermissionDenied):
    """三权分立 would be broken (GB/T 22239 L3-CES1-08)."""


def mask_address(address: str) -> str:
    return mask_email(address) if "@" in address else mask_phone(address)


def set_phone(user: User, phone: str) -> None:
    """Put a phone number on `user` (unsaved) with its lookup hash: the two always change together."""
    phone = normalise(phone, purpose="phone") if phone else ""
    user.phone = phone
    user.phone_hash = keyed_hash(phone, purpose="phone") if phone else ""


def set_id_number(user: User, id_number: str) -> None:
    """Put a 居民身份证号码 on `user` (unsaved) with its lookup hash."""
    id_number = normalise(id_number, purpose="id_number") if id_number else ""
    user.id_number = id_number
    user.id_number_hash = keyed_hash(id_number, purpose="id_number") if id_number else ""


# --- login, lockout, logout -----------------------------------------------------------------------


def _mask_identifier(identifier: str) -> str:
    # People type passwords into the name box; never write an unknown login name in clear.
    identifier = identifier.strip()
    if "@" in identifier:
        return mask_email(identifier)
    if identifier.isdigit():
        return mask_phone(identifier)
    return identifier[:2] + "***"


def record_unknown_login(*, identifier: str, ip: str | None) -> None:
    audit.record(
        event="accounts.login",
        actor_label=_mask_identifier(identifier),
        ip=ip,
        result="failure",
        detail={"reason": "unknown_account"},
    )


def register_login_failure(*, user: User, ip: str | None, reason: str) -> datetime | None:
    """Count a failed password or second-factor attempt (GB/T 22239 L3-CES1-02). After
    LOCKOUT_THRESHOLD consecutive failures the account is locked for LOCKOUT_MINUTES. Attempts
    while locked are recorded but do not extend the lock. Returns `locked_until` if locked."""
    now = timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.locked_until and locked.locked_until > now:
            audit.record(
                event="accounts.login",
                actor=locked,
                obj=locked,
                ip=ip,
                result="failure",
                detail={"reason": "locked", "attempt": reason, "locked_until": locked.locked_until.isoformat()},
            )
            user.locked_until = locked.locked_until
            return locked.locked_until
        locked.failed_login_count += 1
        audit.record(
            event="accounts.login",
            actor=locked,
            obj=locked,
            ip=ip,
            result="failure",
            detail={"reason": reason, "consecutive_failures": locked.failed_login_count},
        )
        if locked.failed_login_count >= policy("LOCKOUT_THRESHOLD"):
            locked.locked_until = now + timedelta(minutes=policy("LOCKOUT_MINUTES"))
            locked.failed_login_count = 0
            audit.record(
                event="accounts.lockout",
                actor=locked,
                obj=locked,
                ip=ip,
                result="success",
                detail={"locked_until": locked.locked_until.isoformat(), "threshold": policy("LOCKOUT_THRESHOLD")},
            )
        locked.save(update_fields=["failed_login_count", "locked_until"])
    user.failed_login_count, user.locked_until = locked.failed_login_count, locked.locked_until
    return locked.locked_until if locked.locked_until and locked.locked_until > now else None


def record_login_refused(*, user: User, ip: str | None, reason: str) -> None:
    """A login refused for a reason that is not a wrong secret (inactive, reserved name)."""
    audit.record(event="accounts.login", actor=user, obj=user, ip=ip, result="failure", detail={"reason": reason})


def record_password_step(*, user: User, ip: str | None, factor: str = "password") -> None:
    """Staff passed the first factor (password, or the provincial OIDC login); the login
    completes only after the second factor."""
    audit.record(
        event="accounts.login.first_factor", actor=user, obj=user, ip=ip, detail={"factor": factor, "next": "totp"}
    )


def record_login_success(*, user: User, ip: str | None, factors: list[str]) -> None:
    """The login is complete: reset the failure count (only now, so a known password cannot be
    used to reset the count of second-factor failures)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None
        audit.record(event="accounts.login", actor=user, obj=user, ip=ip, detail={"factors": factors})


def record_reauthentication(*, user: User, ip: str | None, factor: str) -> None:
    """再次验证身份 passed (password or key again before a sensitive action)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0)
        user.failed_login_count = 0
        audit.record(event="accounts.reauthenticate", actor=user, obj=user, ip=ip, detail={"factor": factor})


def record_logout(*, user: User, ip: str | None, reason: str = "user") -> None:
    audit.record(event="accounts.logout", actor=user, obj=user, ip=ip, detail={"reason": reason})


def unlock_user(*, actor: User, user: User, ip: str | None = None) -> User:
    """An administrator lifts a lockout before it expires."""
    with transaction.atomic():
        before = user.locked_until.isoformat() if user.locked_until else None
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None
        audit.record(event="accounts.unlock", actor=actor, obj=user, ip=ip, detail={"before": {"locked_until": before}})
    return user


def _apply_password(user: User, password: str) -> None:
    """Check `password` against the policy and set it on `user` (unsaved) with the time it was set
    (GB/T 22239 L3-CES1-01: complexity and periodic change)."""
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()


def change_password(*, user: User, new_password: str, ip: str | None) -> User:
    """Set a new password (validated against the policy) and record when (periodic change)."""
    _apply_password(user, new_password)
    with transaction.atomic():
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit.record(event="accounts.password_change", actor=user, obj=user, ip=ip)
    return user


# --- one-time codes --------------------------------------------------------------------------------


def _code_digest(salt: str, code: str) -> str:
    return keyed_hash(f"{salt}:{code}", purpose="one_time_code")


def _deliver_code(channel: str, address: str, code: str) -> None:
    minutes = policy("ONE_TIME_CODE_MINUTES")
    text = f"【{settings.YIWANG_SITE_NAME}】您的验证码是 {code}，{minutes} 分钟内有效。如非本人操作，请忽略。"
    try:
        if channel == OneTimeCode.Channel.SMS:
            get_sms_gateway().send(phone=address, text=text)
        else:
            send_mail(f"{settings.YIWANG_SITE_NAME} 验证码", text, None, [address])
    except Exception:
        # The user can ask again; the failure must not turn a committed request into an error page.
        logger.exception("one-time code delivery failed via %s to %s", channel, mask_address(address))


def request_code(
    *, channel: str, address: str, ip: str | None, purpose: str = OneTimeCode.Purpose.REGISTER
) -> OneTimeCode:
    """Send a 6-digit code valid for ONE_TIME_CODE_MINUTES to a phone (SMS) or email address.

    Rate-limited per address (one per minute, a few per hour) and per IP, counted from the
    database so the limit holds across application servers. Only a keyed hash of the code is kept.
    """
    address = address.strip()
    if channel == OneTimeCode.Channel.SMS:
        if not selectors.is_mobile_number(address):
            raise AccountError("请输入正确的11位手机号码。 (Invalid mobile number.)")
        address = normalise(address, purpose="phone")
        taken = purpose != OneTimeCode.Purpose.VERIFY and selectors.get_user_by_phone(address) is not None
        address_hash = keyed_hash(address, purpose="phone")
    elif channel == OneTimeCode.Channel.EMAIL:
        if "@" not in address or len(address) > 254:
            raise AccountError("请输入正确的电子邮箱地址。 (Invalid email address.)")
        address = normalise(address, purpose="email")
        taken = purpose != OneTimeCode.Purpose.VERIFY and selectors.get_user_by_email(address) is not None
        address_hash = keyed_hash(address, purpose="email")
    else:
        raise AccountError("不支持的发送方式。 (Unknown channel.)")
    if purpose == OneTimeCode.Purpose.REGISTER and taken:
        raise AccountError("该手机号或邮箱已注册，请直接登录。 (Already registered: please log in.)")
    if purpose == OneTimeCode.Purpose.RESET and not taken:
        raise AccountError("该手机号或邮箱尚未注册。 (No account with this phone or email.)")

    now = timezone.now()
    hour_ago = now - timedelta(hours=1)
    with transaction.atomic():
        recent = OneTimeCode.objects.filter(address_hash=address_hash, created_at__gte=hour_ago)
        last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
        if last and (now - last).total_seconds() < policy("ONE_TIME_CODE_RESEND_SECONDS"):
            raise RateLimited(f"验证码发送过于频繁，请 {policy('ONE_TIME_CODE_RESEND_SECONDS')} 秒后再试。 (Too soon.)")
        if recent.count() >= policy("ONE_TIME_CODE_PER_ADDRESS_HOUR"):
            raise RateLimited("该号码或邮箱一小时内获取验证码次数过多，请稍后再试。 (Too many codes for this address.)")
        if ip and OneTimeCode.objects.filter(ip=ip, created_at__gte=hour_ago).count() >= policy(
            "ONE_TIME_CODE_PER_IP_HOUR"
        ):
            raise RateLimited("您所在网络获取验证码次数过多，请稍后再试。 (Too many codes from this network.)")
        code = f"{secrets.randbelow(10**6):06d}"
        salt = secrets.token_hex(8)
        otc = OneTimeCode.objects.create(
            channel=channel,
            purpose=purpose,
            address=address,
            address_hash=address_hash,
            salt=salt,
            code_hash=_code_digest(salt, code),
            ip=ip,
            created_at=now,
            expires_at=now + timedelta(minutes=policy("ONE_TIME_CODE_MINUTES")),
        )
        audit.record(
            event="accounts.code_sent",
            obj=otc,
            ip=ip,
            actor_label=mask_address(address),
            detail={"channel": channel, "purpose": purpose, "to": mask_address(address)},
        )
        transaction.on_commit(lambda: _deliver_code(channel, address, code))
    return otc


def check_code(*, code_id: int, code: str, ip: str | None) -> OneTimeCode:
    """Check a code: unused, unexpired, fewer than ONE_TIME_CODE_ATTEMPTS wrong tries. A wrong
    code is counted (and the count committed) before the error is raised."""
    now = timezone.now()
    error: CodeError | None = None
    with transaction.atomic():
        otc = OneTimeCode.objects.select_for_update().filter(pk=code_id).first()
        if otc is None or otc.used_at is not None:
            raise CodeError("验证码无效，请重新获取。 (Code not valid: request a new one.)")
        if otc.expires_at <= now:
            raise CodeError("验证码已过期，请重新获取。 (Code expired.)")
        max_attempts = policy("ONE_TIME_CODE_ATTEMPTS")
        if otc.attempts >= max_attempts:
            raise CodeError("验证码错误次数过多，请重新获取。 (Too many wrong codes.)")
        if not hmac.compare_digest(otc.code_hash, _code_digest(otc.salt, code.strip())):
            otc.attempts += 1
            otc.save(update_fields=["attempts"])
            audit.record(
                event="accounts.code_check",
                obj=otc,
                ip=ip,
                result="failure",
                actor_label=mask_address(otc.address),
                detail={"attempts": otc.attempts},
            )
            left = max_attempts - otc.attempts
            error = CodeError(
                f"验证码不正确，还可尝试 {left} 次。 (Wrong code.)"
                if left
                else "验证码错误次数过多，请重新获取。 (Too many wrong codes.)"
            )
    if error is not None:
        raise error
    return otc


def prove_address(*, code_id: int, code: str, channel: str, address: str, purpose: str, ip: str | None) -> OneTimeCode:
    """`check_code`, and the code must be one sent for `purpose` to this very phone or email
    (so a code sent to one number cannot prove another). Call it outside the action's
    transaction — a wrong try stays counted — and `use_code` inside it."""
    otc = check_code(code_id=code_id, code=code, ip=ip)
    kind = "phone" if channel == OneTimeCode.Channel.SMS else "email"
    if otc.purpose != purpose or otc.channel != channel or otc.address != normalise(address.strip(), purpose=kind):
        raise CodeError("验证码与填写的号码不符，请重新获取。 (Code was sent to another address.)")
    return otc


def use_code(*, code_id: int) -> OneTimeCode:
    """Mark a checked code used, in the caller's transaction: if the action rolls back, the
    code stays usable for the corrected retry; once it commits the code cannot be used again."""
    with transaction.atomic():  # the caller's transaction if there is one (the row is locked)
        return _consume_code(code_id, timezone.now())


def purge_old_codes(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete one-time codes past use (个人信息保护法 Art. 19: keep no longer than necessary;
    the rate limits look back one hour only)."""
    with transaction.atomic():
        deleted, _ = OneTimeCode.objects.filter(created_at__lt=timezone.now() - older_than).delete()
        if deleted:
            audit.record(event="accounts.codes_purged", actor_label="scheduler", detail={"deleted": deleted})
    return int(deleted)


def _new_username(prefix: str) -> str:
    while True:
        candidate = f"{prefix}{secrets.randbelow(10**9):09d}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def _consume_code(code_id: int, now: datetime) -> OneTimeCode:
    otc = OneTimeCode.objects.select_for_update().get(pk=code_id)
    if otc.used_at is not None:
        raise CodeError("验证码已使用，请重新获取。 (Code already used.)")
    otc.used_at = now
    otc.save(update_fields=["used_at"])
    return otc


def _finish_registration(user: User, password: str, otc: OneTimeCode, ip: str | None) -> User:
    if otc.channel == OneTimeCode.Channel.SMS:
        if selectors.get_user_by_phone(otc.address):
            raise AccountError("该手机号已注册，请直接登录。 (Phone already registered.)")
        set_phone(user, otc.address)
    else:
        if selectors.get_user_by_email(otc.address):
            raise AccountError("该邮箱已注册，请直接登录。 (Email already registered.)")
        user.email = otc.address
    _apply_password(user, password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        event="accounts.register",
        actor=user,
        obj=user,
        ip=ip,
        detail={"after": {"kind": user.kind, "channel": otc.channel, "verified": mask_address(otc.address)}},
    )
    return user


def register_citizen(*, code_id: int, code: str, display_name: str, password: str, ip: str | None) -> User:
    """个人注册: a citizen proves a phone number or email with a one-time code and sets a password."""
    check_code(code_id=code_id, code=code, ip=ip)
    with transaction.atomic():
        otc = _consume_code(code_id, timezone.now())
        user = User(kind=User.Kind.CITIZEN, username=_new_username("c"), display_name=display_name.strip())
        return _finish_registration(user, password, otc, ip)


def register_enterprise(
    *, code_id: int, code: str, name: str, uscc: str, legal_representative: str, password: str, ip: str | None
) -> User:
    """法人注册: an enterprise registers with its 统一社会信用代码 (also its login name), the
    legal representative's name and a contact phone proved by SMS code."""
    uscc = uscc.strip().upper()
    validate_uscc(uscc)
    if User.objects.filter(uscc=uscc).exists() or User.objects.filter(username=uscc).exists():
        raise AccountError("该统一社会信用代码已注册，请直接登录。 (Enterprise already registered.)")
    otc = check_code(code_id=code_id, code=code, ip=ip)
    if otc.channel != OneTimeCode.Channel.SMS:
        raise CodeError("法人注册须验证联系人手机号。 (Enterprises verify a contact phone.)")
    with transaction.atomic():
        otc = _consume_code(code_id, timezone.now())
        user = User(
            kind=User.Kind.ENTERPRISE,
            username=uscc,
            uscc=uscc,
            display_name=name.strip(),
            legal_representative=legal_representative.strip(),
        )
        return _finish_registration(user, password, otc, ip)


def reset_password(*, code_id: int, code: str, new_password: str, ip: str | None) -> User:
    """找回密码: a citizen or enterprise proves their phone or email with a one-time code and sets
    a new password. A lockout stays in force (a reset is no way round it). Staff passwords are
    reset by the system administrator, not here."""
    otc = check_code(code_id=code_id, code=code, ip=ip)
    if otc.purpose != OneTimeCode.Purpose.RESET:
        raise CodeError("验证码无效，请重新获取。 (Code not valid: request a new one.)")
    with transaction.atomic():
        otc = _consume_code(code_id, timezone.now())
        if otc.channel == OneTimeCode.Channel.SMS:
            user = selectors.get_user_by_phone(otc.address)
        else:
            user = selectors.get_user_by_email(otc.address)
        if user is None or not user.is_active:
            raise AccountError("该手机号或邮箱尚未注册。 (No account with this phone or email.)")
        if user.kind == User.Kind.STAFF:
            raise AccountError("工作人员请联系系统管理员重置密码。 (Staff: ask the system administrator.)")
        _apply_password(user, new_password)
        user.save(update_fields=["password", "password_changed_at"])
        audit.record(
            event="accounts.password_reset",
            actor=user,
            obj=user,
            ip=ip,
            detail={"channel": otc.channel, "verified": mask_address(otc.address)},
        )
    return user


# --- staff accounts and 三权分立 --------------------------------------------------------------------


def generate_initial_password() -> str:
    """A random password meeting the policy (all four character classes), shown once."""
    pools = [string.ascii_uppercase, string.ascii_lowercase, string.digits, "#%+-=@"]
    chars = [secrets.choice(pool) for pool in pools] + [secrets.choice("".join(pools)) for _ in range(10)]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _require_user_manager(actor: User | None) -> None:
    # `actor=None` is the deployment's own bootstrap (`manage.py create_staff`), run on the server.
    if actor is not None and not can(actor, "core.manage_users"):
        raise PermissionDenied("只有系统管理员可以管理工作人员账户。 (Only the system administrator manages staff.)")


def create_staff_user(
    *,
    actor: User | None,
    username: str,
    display_name: str,
    email: str = "",
    phone: str = "",
    password: str | None = None,
    ip: str | None = None,
) -> tuple[User, str]:
    """Create a staff account (工作人员账户). Staff never register themselves: the system
    administrator creates them here. Returns the user and the initial password, which the staff
    member must change at first login (after enrolling TOTP)."""
    _require_user_manager(actor)
    username = username.strip()
    if username.lower() in RESERVED_USERNAMES:
        raise AccountError(f"不能使用默认或通用账户名“{username}”。 (Default account names are not allowed.)")
    if User.objects.filter(username=username).exists():
        raise AccountError("该账户名已存在。 (Username taken.)")
    if email and selectors.get_user_by_email(email):
        raise AccountError("该邮箱已被其他账户使用。 (Email in use.)")
    if phone and selectors.get_user_by_phone(phone):
        raise AccountError("该手机号已被其他账户使用。 (Phone in use.)")
    initial = password or generate_initial_password()
    with transaction.atomic():
        user = User(
            kind=User.Kind.STAFF,
            username=username,
            display_name=display_name.strip(),
            email=email.strip(),
            must_change_password=password is None,
        )
        if phone:
            set_phone(user, phone)
        _apply_password(user, initial)
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            event="accounts.staff_create",
            actor=actor,
            actor_label="" if actor else "manage.py",
            obj=user,
            ip=ip,
            detail={"after": {"username": username, "kind": user.kind}},
        )
    return user, initial


def check_role_separation(
    *, actor: User | None, user: User, admin_role: str | None = None, business: bool = False
) -> None:
    """三权分立 (GB/T 22239 L3-CES1-08/09). Raise RoleSeparationError when:
    - anyone grants themselves an admin role or a business role (no self-escalation — the system
      administrator cannot make themselves security administrator, the security administrator
      cannot give themselves 经办 rights);
    - a user would hold a second, different admin role (one role at a time: revoke first);
    - the audit administrator would hold business roles (the auditor only reads the audit log);
    - admin or business roles go to a non-staff account."""
    if actor is not None and actor.pk == user.pk:
        raise RoleSeparationError("不能给自己授予角色或权限。 (You cannot grant yourself a role.)")
    if user.kind != User.Kind.STAFF:
        raise RoleSeparationError("只有工作人员账户可以被授予管理员或业务角色。 (Only staff accounts hold roles.)")
    if admin_role:
        if user.admin_role and user.admin_role != admin_role:
            raise RoleSeparationError(
                f"该用户已是{user.get_admin_role_display()}，一人只能担任一种管理员角色。 (One admin role per user.)"
            )
        if admin_role == User.AdminRole.AUDIT and Membership.objects.filter(user=user).exists():
            raise RoleSeparationError("审计管理员不能同时担任业务角色。 (The auditor holds no business roles.)")
    if business and user.admin_role == User.AdminRole.AUDIT:
        raise RoleSeparationError("审计管理员不能同时担任业务角色。 (The auditor holds no business roles.)")


def _checked_separation(
    event: str,
    *,
    actor: User | None,
    user: User,
    ip: str | None,
    wanted: str,
    admin_role: str | None = None,
    business: bool = False,
) -> None:
    """check_role_separation, with a refused attempt written to the audit log (an escalation
    attempt is a security event, L3-CES1-12)."""
    try:
        check_role_separation(actor=actor, user=user, admin_role=admin_role, business=business)
    except RoleSeparationError as exc:
        audit.record(
            event=event,
            actor=actor,
            actor_label="" if actor else "manage.py",
            obj=user,
            ip=ip,
            result="failure",
            detail={"refused": str(exc), "wanted": wanted},
        )
        raise


def require_admin_role_manager(actor: User | None, *, user: User, ip: str | None, wanted: str) -> None:
    """三员 roles are the security administrator's decision alone (core.manage_security). The system
    administrator creates accounts and so knows their initial passwords: if they could also make
    such an account the audit or security administrator, one person would hold two of the three
    powers through a puppet. A refused attempt is a security event and is audited (L3-CES1-12)."""
    if actor is None or can(actor, "core.manage_security"):
        return
    message = "只有安全管理员可以授予或撤销管理员角色。 (Only the security administrator assigns admin roles.)"
    audit.record(
        event="accounts.admin_role",
        actor=actor,
        obj=user,
        ip=ip,
        result="failure",
        detail={"refused": message, "wanted": wanted},
    )
    raise PermissionDenied(message)


def assign_admin_role(*, actor: User | None, user: User, admin_role: str, ip: str | None = None) -> User:
    """Make `user` the system, security or audit administrator, or ("") revoke their admin role.
    Only the security administrator does this (never for themselves); `actor=None` is the
    deployment's bootstrap on the server (`manage.py create_staff`, demo data)."""
    require_admin_role_manager(actor, user=user, ip=ip, wanted=admin_role)
    if admin_role not in User.AdminRole.values:
        raise AccountError("未知的管理员角色。 (Unknown admin role.)")
    _checked_separation(
        "accounts.admin_role", actor=actor, user=user, ip=ip, admin_role=admin_role or None, wanted=admin_role
    )
    with transaction.atomic():
        before = user.admin_role
        user.admin_role = admin_role
        user.save(update_fields=["admin_role"])
        audit.record(
            event="accounts.admin_role",
            actor=actor,
            actor_label="" if actor else "manage.py",
            obj=user,
            ip=ip,
            detail={"before": {"admin_role": before}, "after": {"admin_role": admin_role}},
        )
    forget_scope(user)
    return user


def grant_membership(
    *,
    actor: User | None,
    user: User,
    agency: Agency,
    role: Role,
    title: str = "",
    covers_subtree: bool = False,
    is_leader: bool = False,
    ip: str | None = None,
) -> Membership:
    """任职: give a staff user a business role in an agency, guarded by 三权分立."""
    _require_user_manager(actor)
    _checked_separation("accounts.grant_role", actor=actor, user=user, ip=ip, business=True, wanted=role.code)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user,
            agency=agency,
            role=role,
            defaults={"title": title, "covers_subtree": covers_subtree, "is_leader": is_leader},
        )
        audit.record(
            event="accounts.grant_role",
            actor=actor,
            actor_label="" if actor else "manage.py",
            obj=membership,
            ip=ip,
            detail={
                "after": {"agency": agency.pk, "role": role.code, "covers_subtree": covers_subtree},
                "created": created,
            },
        )
    forget_scope(user)
    return membership


def revoke_membership(*, actor: User, membership: Membership, ip: str | None = None) -> None:
    """卸任: take a business role away. Nobody changes their own roles, not even to drop one."""
    _require_user_manager(actor)
    if membership.user_id == actor.pk:
        raise RoleSeparationError("不能调整自己的角色。 (You cannot change your own roles.)")
    user = membership.user
    with transaction.atomic():
        audit.record(
            event="accounts.revoke_role",
            actor=actor,
            obj=user,
            ip=ip,
            detail={"before": {"agency": membership.agency_id, "role": membership.role.code}},
        )
        membership.delete()
    forget_scope(user)


def set_role_key_requirement(*, actor: User, role: Role, required: bool, ip: str | None = None) -> None:
    """安全策略: holders of `role` must (or need no longer) sign in with a security key. The security
    administrator's decision alone (core.manage_security): the system administrator, who grants
    roles, cannot relax it."""
    if not can(actor, "core.manage_security"):
        raise PermissionDenied("只有安全管理员可以设置安全密钥要求。 (Only the security administrator.)")
    with transaction.atomic():
        before = RoleKeyRequirement.objects.filter(role=role).exists()
        if required and not before:
            RoleKeyRequirement.objects.create(role=role)
        elif not required and before:
            RoleKeyRequirement.objects.filter(role=role).delete()
        audit.record(
            event="security.key_requirement",
            actor=actor,
            obj=role,
            ip=ip,
            detail={"role": role.code, "before": {"required": before}, "after": {"required": required}},
        )


def deactivate_user(*, actor: User, user: User, ip: str | None = None) -> User:
    """Disable an account that is no longer needed (L3-CES1-07: remove redundant accounts)."""
    _require_user_manager(actor)
    if actor.pk == user.pk:
        raise RoleSeparationError("不能停用自己的账户。 (You cannot disable yourself.)")
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(event="accounts.deactivate", actor=actor, obj=user, ip=ip, detail={"after": {"is_active": False}})
    return user


def password_expired(user: User, *, now: datetime | None = None) -> bool:
    """Staff change passwords at least every PASSWORD_MAX_AGE_DAYS (L3-CES1-01 periodic change)."""
    if user.kind != User.Kind.STAFF or user.password_changed_at is None:
        return False
    now = now or timezone.now()
    return now - user.password_changed_at > timedelta(days=policy("PASSWORD_MAX_AGE_DAYS"))
