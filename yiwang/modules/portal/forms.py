"""Forms of the portal's workspace screens and workflow steps."""

from __future__ import annotations

from django import forms
from wagtail.forms import TaskStateCommentForm

from .models import Validity

DEFAULT_REVIEW_BASIS = "《中华人民共和国政府信息公开条例》第十七条、《中华人民共和国保守国家秘密法》"


class ConfidentialityReviewForm(TaskStateCommentForm):
    conclusion = forms.ChoiceField(
        label="保密审查结论",
        choices=[
            ("public", "可以公开（不涉及国家秘密、工作秘密、商业秘密和个人隐私）"),
            ("redacted", "已删除涉密或敏感内容，可以公开"),
        ],
        widget=forms.RadioSelect,
    )
    basis = forms.CharField(label="审查依据", max_length=200, initial=DEFAULT_REVIEW_BASIS)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    replaced_by = forms.IntegerField(
        label="修改/替代文件（页面编号）", required=False, help_text="已修改或已废止时，填写新文件页面的编号。"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)
