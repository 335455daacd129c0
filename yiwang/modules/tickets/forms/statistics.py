"""The statistics page's period (GET): a year and, optionally, one month of it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..selectors.statistics import Period

FIRST_YEAR = 2020


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=(), required=False)
    month = forms.TypedChoiceField(
        label="月份", coerce=int, choices=[("", "全年"), *((m, f"{m}月") for m in range(1, 13))], required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]  # type: ignore[attr-defined]
        self.fields["year"].initial = this_year

    def period(self) -> Period:
        """The chosen period; a bad or missing value falls back to this year."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = data.get("year") or timezone.localdate().year
        month = data.get("month")
        return Period.month(year, month) if month else Period.year(year)
