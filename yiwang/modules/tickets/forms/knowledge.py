"""Forms of the 知识库 staff screens: they parse input; the rules and their messages are in services."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Category
from ..selectors import list_active_categories
from ..services.knowledge import BODY_MAX, TITLE_MAX
from . import AgencyChoiceField, CategoryChoiceField


class ArticleForm(forms.Form):
    title = forms.CharField(
        label="标题",
        max_length=TITLE_MAX * 2,
        error_messages={"required": "请填写标题。"},
        help_text="问题的概括，便于检索。",
    )
    body = forms.CharField(
        label="内容",
        max_length=BODY_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "请填写内容。"},
        help_text="答复口径、政策依据和办理渠道。请勿填写诉求人的姓名、电话、地址等个人信息。",
    )
    category = CategoryChoiceField(
        label="诉求分类",
        queryset=Category.objects.none(),
        required=False,
        empty_label="不限",
        error_messages={"invalid_choice": "请选择有效的诉求分类。"},
    )
    review_on = forms.DateField(
        label="复核日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请填写正确的日期，例如 2027-06-30。"},
        help_text="到期后条目标为“待复核”并列入负责人的待复核清单；留空按默认复核周期。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_active_categories()  # type: ignore[attr-defined]


class NewArticleForm(ArticleForm):
    agency = AgencyChoiceField(
        label="所属单位",
        queryset=Category.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择所属单位。", "invalid_choice": "请选择您所在的单位。"},
    )
    field_order = ["agency", "title", "body", "category", "review_on"]

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ArticleFilterForm(forms.Form):
    """The list's search and filters (GET); a bad value is ignored as empty."""

    q = forms.CharField(label="检索知识库", max_length=100, required=False)
    agency = AgencyChoiceField(label="所属单位", queryset=Category.objects.none(), required=False, empty_label="全部")
    due = forms.BooleanField(label="仅看待复核", required=False)
    mine = forms.BooleanField(label="仅看我负责的", required=False)
    archived = forms.BooleanField(label="已归档", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        agency = data.get("agency")
        return {
            "agency_id": agency.pk if agency else None,
            "due": bool(data.get("due")),
            "mine": bool(data.get("mine")),
            "archived": bool(data.get("archived")),
        }

    def query(self) -> str:
        return str((self.cleaned_data.get("q") or "").strip()) if self.is_valid() else ""
