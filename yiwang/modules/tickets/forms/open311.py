"""The staff form of Open311 接口密钥: a new key for a third-party app."""

from __future__ import annotations

from django import forms


class ApiKeyForm(forms.Form):
    name = forms.CharField(label="应用名称", max_length=100, help_text="使用该密钥的第三方应用，如“伊春掌上12345”。")
    contact = forms.CharField(
        label="联系人及联系方式", max_length=200, required=False, help_text="应用运营方的联系人和电话，出现问题时联系。"
    )
    rate_limit = forms.CharField(
        label="提交频率上限",
        max_length=16,
        required=False,
        help_text="如 600/m（每分钟 600 件）、10000/h（每小时）；不填按系统默认。",
    )
