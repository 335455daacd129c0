"""The public search form: GET parameters in, `SearchFilters` out; bad input gets a clear message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from .selectors import public_kind_labels
from .text import MAX_QUERY_CHARS
from .types import SearchFilters, Sort


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=MAX_QUERY_CHARS, strip=True)
    # Any well-formed kind filters (facet links name what is in the index); the select offers the
    # kinds the modules declare.
    kind = forms.CharField(
        label="类别",
        required=False,
        max_length=64,
        validators=[RegexValidator(r"^[a-z0-9_]+\.[a-z0-9_]+$", "类别无效。 (Unknown content kind.)")],
    )
    date_from = forms.DateField(label="发布日期起", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="发布日期止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[("relevance", "按相关度"), ("date", "按发布日期")], initial="relevance"
    )
    # Narrowing used by links from sub-sites and columns (not shown as fields).
    site = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    column = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    agency = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.Select(choices=[("", "全部类别"), *sorted(public_kind_labels().items())])
        self.fields["q"].error_messages["max_length"] = f"关键词最多 {MAX_QUERY_CHARS} 个字。 (Query too long.)"
        self.fields["date_from"].error_messages["invalid"] = "请输入有效日期，如 2025-01-31。 (Invalid date.)"
        self.fields["date_to"].error_messages["invalid"] = "请输入有效日期，如 2025-01-31。 (Invalid date.)"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。 (The end date is before the start date.)")
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            kinds=(data["kind"],) if data.get("kind") else (),
            sites=(data["site"],) if data.get("site") else (),
            columns=(data["column"],) if data.get("column") else (),
            agency_ids=(data["agency"],) if data.get("agency") else (),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def sort_order(self) -> Sort:
        return "date" if self.cleaned_data.get("sort") == "date" else "relevance"

    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in ("q", "kind", "date_from", "date_to", "site", "column", "agency"))
