"""Forms of 回访 and 好差评: they parse input; the rules and their messages are in services.rating."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models.rating import RatingLevel
from ..rating_link import dimensions
from ..services.rating import COMMENT_MAX, NOTE_MAX

DIMENSION_PREFIX = "dimension_"


def _levels(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=RatingLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": f"请为“{label}”选择评价。", "invalid_choice": f"请为“{label}”选择评价。"},
    )


class RatingForm(forms.Form):
    """好差评: the overall level, one level per configured dimension, an optional comment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.ChoiceField(
            label="总体评价",
            choices=RatingLevel.choices,
            widget=forms.RadioSelect,
            help_text="选择“不满意”或“非常不满意”的，诉求将退回承办单位重新办理。",
            error_messages={"required": "请选择总体评价。", "invalid_choice": "请选择总体评价。"},
        )
        for code, label in dimensions():
            self.fields[DIMENSION_PREFIX + code] = _levels(label)
        self.fields["comment"] = forms.CharField(
            label="评价意见",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
            max_length=COMMENT_MAX,
            error_messages={"max_length": f"评价意见不能超过 {COMMENT_MAX} 个字。"},
        )

    def dimension_levels(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(DIMENSION_PREFIX + code, "") for code, _label in dimensions()}


REACHED, NOT_REACHED = "reached", "not_reached"


class FollowUpForm(forms.Form):
    """回访记录: whether the citizen was reached, what they said, and the rating SMS."""

    outcome = forms.ChoiceField(
        label="回访结果",
        choices=[(REACHED, "已联系上"), (NOT_REACHED, "未联系上")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择回访结果。"},
    )
    note = forms.CharField(
        label="回访情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX,
        help_text="记录诉求人对答复的意见。回访不代替诉求人评价。",
        error_messages={"max_length": f"回访情况不能超过 {NOTE_MAX} 个字。"},
    )
    send_rating_link = forms.BooleanField(label="向诉求人发送评价短信", required=False)


class CloseForm(forms.Form):
    note = forms.CharField(label="办结说明", required=False, max_length=NOTE_MAX)


class AppealForm(forms.Form):
    reason = forms.CharField(
        label="申诉理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        help_text="评价有误或属恶意评价的，说明事实和依据，由热线办复核。",
        error_messages={"required": "请填写申诉理由。", "max_length": f"申诉理由不能超过 {NOTE_MAX} 个字。"},
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="复核结果",
        choices=[("upheld", "申诉成立（该评价不计入统计）"), ("rejected", "申诉不成立（评价保留）")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择复核结果。"},
    )
    note = forms.CharField(
        label="复核意见",
        max_length=NOTE_MAX,
        error_messages={"required": "请填写复核意见。", "max_length": f"复核意见不能超过 {NOTE_MAX} 个字。"},
    )
