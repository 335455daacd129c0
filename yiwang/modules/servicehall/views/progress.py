"""办件查询 — the public progress lookup at /services/progress/: the 办件编号 and the last four
digits of the applicant's ID number or phone. Rate-limited per address (and per number); a wrong
number and wrong digits get the same answer. Thin: the form parses, the selector finds."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yiwang.common.masking import mask_name
from yiwang.core.security.policy import access_policy
from yiwang.core.web.ratelimit import limited_message, ratelimit

from ..selectors import progress as selectors


class ProgressLookupForm(forms.Form):
    number = forms.CharField(
        label="办件编号",
        max_length=40,
        error_messages={"required": "请填写办件编号。", "max_length": "办件编号不超过 40 个字符。"},
        help_text="受理通知书（回执）或提交成功页面上的办件编号。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    digits = forms.CharField(
        label="身份证号码或手机号后 4 位",
        max_length=4,
        min_length=4,
        error_messages={
            "required": "请填写申请人身份证号码或手机号的后 4 位。",
            "min_length": "请填写 4 位（身份证号码末位可以是 X）。",
            "max_length": "请填写 4 位（身份证号码末位可以是 X）。",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "size": "6"}),
    )

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip().upper()

    def clean_digits(self) -> str:
        value = str(self.cleaned_data["digits"]).strip().upper()
        if not (value[:3].isdigit() and (value[3:].isdigit() or value[3:] == "X")):
            raise forms.ValidationError("后 4 位只能是数字（身份证号码末位可以是 X）。")
        return value


@access_policy(audience="public", methods=("GET", "POST"))
@never_cache
@ratelimit(group="servicehall.progress", rate="20/h", on_limit="form")
@ratelimit(group="servicehall.progress_number", rate="5/h", key="post:number", on_limit="form")
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """办件查询: the item, agency, masked applicant name, status, timeline and the two clocks."""
    application = None
    not_found = False
    form = ProgressLookupForm(request.POST if request.method == "POST" else None)
    limited = limited_message(request)
    if request.method == "POST" and not limited and form.is_valid():
        application = selectors.find_for_lookup(number=form.cleaned_data["number"], digits=form.cleaned_data["digits"])
        not_found = application is None
        if application is not None:
            form = ProgressLookupForm(initial={"number": application.number})  # the digits are not echoed back
    context = {
        "form": form,
        "application": application,
        "masked_name": mask_name(application.applicant_name) if application else "",
        "timeline": selectors.timeline(application) if application else [],
        "clocks": selectors.clock_rows(application) if application else [],
        "not_found": not_found,
        "ratelimit_message": limited,
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "servicehall/progress/lookup.html", context, status=status)
