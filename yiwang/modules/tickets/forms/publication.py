"""Forms of 公开: the public list's filters and the hotline office's 不予公开 reason."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Ticket
from ..selectors.publication import list_replying_agencies
from . import AgencyChoiceField


class PublicFilterForm(forms.Form):
    """The public list's filters (GET): every field optional; a bad value is ignored as empty."""

    channel = forms.ChoiceField(label="渠道", choices=[("", "全部"), *Ticket.Channel.choices], required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), *Ticket.Kind.choices], required=False)
    agency = AgencyChoiceField(label="答复部门", queryset=None, required=False, empty_label="全部")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = list_replying_agencies()  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data  # the fields that are valid; a bad value is left out
        agency = data.get("agency")
        return {
            "channel": data.get("channel", ""),
            "kind": data.get("kind", ""),
            "agency_id": agency.pk if agency else None,
        }


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label="不予公开理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写不予公开的理由。", "max_length": "理由不能超过 300 个字。"},
        help_text="例如：内容涉及他人隐私、涉及国家秘密或正在处理的案件、答复不宜公开。",
    )
