"""Forms for the login steps, self-registration and staff creation. They validate input and
call the services; nothing here writes to the database."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from yiwang.core.orgs.models import Agency, Role

from . import selectors
from .backends import LOGIN_REFUSAL_ATTR, LoginRefusal
from .models import OneTimeCode, User


def _local(value: Any) -> str:
    return str(timezone.localtime(value).strftime("%Y-%m-%d %H:%M"))


class LoginForm(forms.Form):
    username = forms.CharField(
        label="账号",
        max_length=254,
        help_text="用户名、手机号、电子邮箱或统一社会信用代码",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            refusal: LoginRefusal | None = getattr(self.request, LOGIN_REFUSAL_ATTR, None)
            if refusal is not None and refusal.reason == "locked" and refusal.locked_until:
                raise ValidationError(
                    f"连续登录失败次数过多，账户已锁定至 {_local(refusal.locked_until)}，请届时再试。"
                    f" (Account locked until {_local(refusal.locked_until)}.)",
                    code="locked",
                )
            if refusal is not None and refusal.reason == "inactive":
                raise ValidationError("该账户已停用，请联系管理员。 (Account disabled.)", code="inactive")
            raise ValidationError("账号或密码不正确。 (Wrong login name or password.)", code="invalid_login")
        self.user = user
        return data


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令",
        min_length=6,
        max_length=8,
        help_text="打开身份验证器应用，输入显示的6位数字",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class RequestCodeForm(forms.Form):
    """Step 1 of registration: where to send the code."""

    address = forms.CharField(
        label="手机号或电子邮箱", max_length=254, widget=forms.TextInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args: Any, phone_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phone_only = phone_only
        if phone_only:
            self.fields["address"].label = "联系人手机号"
            self.fields["address"].widget.attrs["autocomplete"] = "tel"
            self.fields["address"].widget.attrs["inputmode"] = "tel"

    def clean_address(self) -> str:
        address = str(self.cleaned_data["address"]).strip()
        if "@" in address and not self.phone_only:
            forms.EmailField().clean(address)
            return address
        if not selectors.is_mobile_number(address):
            raise ValidationError("请输入正确的11位手机号码。 (Invalid mobile number.)")
        return address

    @property
    def channel(self) -> str:
        return OneTimeCode.Channel.EMAIL if "@" in self.cleaned_data["address"] else OneTimeCode.Channel.SMS


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label="设置密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label="确认密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def candidate_user(self) -> User:
        return User()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致。 (Passwords differ.)")
        elif p1:
            try:
                password_validation.validate_password(p1, self.candidate_user())
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CitizenRegistrationForm(PasswordPairMixin):
    code = forms.CharField(
        label="验证码",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    display_name = forms.CharField(label="姓名", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    field_order = ["code", "display_name", "password1", "password2"]

    def candidate_user(self) -> User:
        return User(display_name=self.cleaned_data.get("display_name", ""))


class EnterpriseRegistrationForm(PasswordPairMixin):
    code = forms.CharField(
        label="验证码",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label="单位名称", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    uscc = forms.CharField(label="统一社会信用代码", min_length=18, max_length=18)
    legal_representative = forms.CharField(label="法定代表人姓名", max_length=50)
    field_order = ["code", "name", "uscc", "legal_representative", "password1", "password2"]

    def clean_uscc(self) -> str:
        value = str(self.cleaned_data["uscc"]).strip().upper()
        if not stdnum_uscc.is_valid(value):
            raise ValidationError(
                "统一社会信用代码无效，请核对18位代码及校验位。 (Invalid unified social credit code.)"
            )
        return value

    def candidate_user(self) -> User:
        return User(display_name=self.cleaned_data.get("name", ""), username=self.cleaned_data.get("uscc", ""))


class PasswordResetForm(PasswordPairMixin):
    code = forms.CharField(
        label="验证码",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    field_order = ["code", "password1", "password2"]


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label="账户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.\-]+$",
        help_text="字母、数字、下划线、点或连字符；每人一个，不得共用",
        error_messages={"invalid": "账户名只能包含字母、数字、下划线、点或连字符。"},
    )
    display_name = forms.CharField(label="姓名", max_length=100)
    email = forms.EmailField(label="电子邮箱", required=False)
    phone = forms.CharField(label="手机号", required=False, max_length=20)

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        if phone and not selectors.is_mobile_number(phone):
            raise ValidationError("请输入正确的11位手机号码。")
        return phone


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="当前密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="恢复码",
        max_length=20,
        help_text="生成恢复码时记下的一组字母数字，如 ABCDE-23456；每个只能用一次。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class AdminRoleForm(forms.Form):
    admin_role = forms.ChoiceField(label="管理员角色", choices=User.AdminRole.choices, required=False)


class MembershipForm(forms.Form):
    agency = forms.ModelChoiceField(label="机构", queryset=Agency.objects.none())
    role = forms.ModelChoiceField(label="角色", queryset=Role.objects.none())
    title = forms.CharField(label="职务", max_length=50, required=False)
    covers_subtree = forms.BooleanField(label="含下级机构", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        role_field = self.fields["role"]
        assert isinstance(agency_field, forms.ModelChoiceField) and isinstance(role_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.filter(is_active=True).order_by("path")
        role_field.queryset = Role.objects.order_by("code")


class ExportPurposeForm(forms.Form):
    purpose = forms.CharField(
        label="导出用途",
        max_length=200,
        help_text="如“年度人员信息核对”。导出人、时间、用途和条数将写入审计日志。",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
