"""Forms of the citizen pages: they parse input; the rules and their messages are in services."""

from __future__ import annotations

from typing import Any

from django import forms

from yiwang.core.web.widgets import QuickSelect

from ..exclusions import EXCLUSIONS
from ..models import Category, Ticket
from ..selectors import category_label, get_active_category, list_active_categories, list_dispatch_agencies
from ..services import length_limits

# The channels a citizen chooses on the web; 市长专线, 行风热线 and 12345 are taken by operators.
WEB_CHANNELS = (Ticket.Channel.MAYOR_MAILBOX, Ticket.Channel.ONLINE_CONSULTATION)
NOT_EXCLUDED = ""


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    widget = QuickSelect  # the whole tree on every form and filter

    def label_from_instance(self, obj: Category) -> str:
        return category_label(obj)

    def to_python(self, value: Any) -> Category | None:
        """The chosen category from the cached tree (`cached_active_categories`): no query a submission."""
        if value in self.empty_values:
            return None
        category = get_active_category(value)
        if category is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return category


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class TicketForm(forms.Form):
    excluded_matter = forms.ChoiceField(
        label="您反映的是否属于以下事项",
        choices=[(NOT_EXCLUDED, "以上都不是")] + [(e.code, e.label) for e in EXCLUSIONS],
        widget=forms.RadioSelect,
        required=False,
        initial=NOT_EXCLUDED,
        help_text="这些事项有专门的法定渠道，诉求平台不能受理；选择后我们会告诉您应向哪里反映。",
    )
    channel = forms.ChoiceField(
        label="诉求渠道",
        choices=[(c.value, c.label) for c in WEB_CHANNELS],
        initial=Ticket.Channel.MAYOR_MAILBOX,
        error_messages=_required("请选择诉求渠道。"),
    )
    kind = forms.ChoiceField(
        label="诉求类型", choices=Ticket.Kind.choices, error_messages=_required("请选择诉求类型。")
    )
    category = CategoryChoiceField(
        label="诉求分类",
        queryset=Category.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择诉求分类。", "invalid_choice": "请选择有效的诉求分类。"},
    )
    title = forms.CharField(label="标题", max_length=200, error_messages=_required("请填写标题。"), help_text="")
    content = forms.CharField(
        label="诉求内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages=_required("请填写诉求内容。"),
        help_text="",
    )
    address = forms.CharField(label="事发地址", max_length=500, required=False)
    latitude = forms.CharField(label="纬度", max_length=20, required=False, help_text="可选，例如 47.727500")
    longitude = forms.CharField(label="经度", max_length=20, required=False, help_text="可选，例如 128.899400")
    wants_public = forms.TypedChoiceField(
        label="是否同意公开",
        choices=[("no", "不公开"), ("yes", "同意公开（公开时隐去您的个人信息）")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        error_messages=_required("请选择是否同意公开。"),
    )
    confidential = forms.BooleanField(label="要求对我的个人信息保密", required=False)
    contact_name = forms.CharField(label="联系人", max_length=100, error_messages=_required("请填写联系人姓名。"))
    contact_phone = forms.CharField(
        label="联系电话",
        max_length=30,
        error_messages=_required("请填写联系电话。"),
        help_text="用于办理单位联系您；凭查询码和此电话查询办理情况。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_active_categories()  # type: ignore[attr-defined]
        limits = length_limits()  # the service enforces them; the help text states them
        self.fields["title"].help_text = f"{limits['TITLE_MIN']}–{limits['TITLE_MAX']} 个字，概括您的诉求。"
        self.fields[
            "content"
        ].help_text = f"不超过 {limits['CONTENT_MAX']} 个字：事情经过、涉及单位、您的要求。请勿填写涉及国家秘密的内容。"


class LookupForm(forms.Form):
    query_code = forms.CharField(
        label="查询码",
        max_length=10,
        min_length=10,
        error_messages={"required": "请填写 10 位查询码。", "min_length": "查询码为 10 位数字。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        error_messages=_required("请填写提交诉求时留下的联系电话。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_query_code(self) -> str:
        value = str(self.cleaned_data["query_code"]).strip()
        if not value.isdigit():
            raise forms.ValidationError("查询码为 10 位数字。")
        return value


# --- staff ------------------------------------------------------------------------------------


class AgencyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    widget = QuickSelect  # several hundred agencies on the list's filter and the dispatch form

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class StaffFilterForm(forms.Form):
    """The staff list's filters (GET): every field optional; a bad value is ignored as empty."""

    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *Ticket.Status.choices], required=False)
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部"), *Ticket.Channel.choices], required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), *Ticket.Kind.choices], required=False)
    category = CategoryChoiceField(label="分类", queryset=Category.objects.none(), required=False, empty_label="全部")
    agency = AgencyChoiceField(label="主办单位", queryset=Category.objects.none(), required=False, empty_label="全部")
    overdue = forms.BooleanField(label="仅看超期", required=False)
    needs_review = forms.BooleanField(label="仅看待审核（含敏感词）", required=False)
    supervised = forms.BooleanField(label="仅看督办", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = list_active_categories()  # type: ignore[attr-defined]
        self.fields["agency"].queryset = list_dispatch_agencies()  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        category, agency = data.get("category"), data.get("agency")
        return {
            "status": data.get("status", ""),
            "channel": data.get("channel", ""),
            "kind": data.get("kind", ""),
            "category_id": category.pk if category else None,
            "agency_id": agency.pk if agency else None,
            "overdue": bool(data.get("overdue")),
            "needs_review": bool(data.get("needs_review")),
            "supervised": bool(data.get("supervised")),
        }


class DispatchForm(forms.Form):
    agency = AgencyChoiceField(
        label="主办单位",
        queryset=Category.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择主办单位。", "invalid_choice": "请选择有效的主办单位。"},
    )
    co_agencies = forms.ModelMultipleChoiceField(
        label="协办单位（可多选）",
        queryset=Category.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": "请选择有效的协办单位。"},
    )
    note = forms.CharField(label="派单说明", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = list_dispatch_agencies()  # type: ignore[attr-defined]
        self.fields["co_agencies"].queryset = list_dispatch_agencies()  # type: ignore[attr-defined]
        self.fields["co_agencies"].label_from_instance = lambda obj: obj.full_name  # type: ignore[attr-defined]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退单理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退单理由。"},
        help_text="说明为何不属于本单位职责，以及建议的承办单位。",
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="答复内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写答复内容。"},
        help_text="办理结果和依据；经本单位负责人审核后发送给诉求人。",
    )


class ApproveForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核意见",
        choices=[("approve", "同意答复"), ("send_back", "退回修改")],
        widget=forms.RadioSelect,
        initial="approve",
        error_messages={"required": "请选择审核意见。"},
    )
    opinion = forms.CharField(
        label="意见说明",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="退回修改时必填。",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "send_back" and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "退回修改时请说明理由。")
        return data
