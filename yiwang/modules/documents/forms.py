"""Forms of the 公文 staff screens: they parse and say what is wrong in Chinese; services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from yiwang.core.orgs.models import Agency

from .models import CLASSIFIED_LEVELS, CLASSIFIED_REFUSAL, Disclosure, Document, DocumentType, IssuerCode, Urgency
from .services.drafting import DraftFields, disclosure_errors


class AgencyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def _agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("path")


class FilterForm(forms.Form):
    """The 发文 list's filters (GET): each optional; a bad value is shown and ignored."""

    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *Document.Status.choices], required=False)
    doc_type = forms.ChoiceField(label="文种", choices=[("", "全部"), *DocumentType.choices], required=False)
    year = forms.IntegerField(
        label="年度", required=False, min_value=2000, max_value=2100, error_messages={"invalid": "请输入四位年份。"}
    )
    issuer_code = forms.ModelChoiceField(
        label="机关代字", queryset=IssuerCode.objects.none(), required=False, empty_label="全部"
    )

    def __init__(self, *args: Any, codes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if codes is not None:
            self.fields["issuer_code"].queryset = codes  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        code = data.get("issuer_code")
        return {
            "status": data.get("status", ""),
            "doc_type": data.get("doc_type", ""),
            "year": data.get("year"),
            "issuer_code_id": code.pk if code else None,
        }


class NewDraftForm(forms.Form):
    doc_type = forms.ChoiceField(
        label="文种",
        choices=[("", "请选择"), *DocumentType.choices],
        error_messages={"required": "请选择文种。", "invalid_choice": "请选择有效的文种。"},
    )
    agency = AgencyChoiceField(
        label="拟稿机关（主办）",
        queryset=Agency.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择拟稿机关。", "invalid_choice": "请选择您所在的机关。"},
    )
    use_template = forms.BooleanField(label="使用该文种的模板", required=False, initial=True)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()


SECRECY_CHOICES = [("", "非密"), *[(level, level) for level in CLASSIFIED_LEVELS]]


class DraftForm(forms.Form):
    """拟稿: every element the drafter sets, each a labelled field."""

    copy_number = forms.CharField(label="份号", max_length=6, required=False, help_text="6 位以内数字，可不填")
    secrecy = forms.ChoiceField(label="密级", choices=SECRECY_CHOICES, required=False)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
    issuer_mark = forms.CharField(
        label="发文机关标志", max_length=100, required=False, help_text="留空则用发文机关全称；联合发文用“、”分隔"
    )
    co_issuers = AgencyMultipleChoiceField(
        label="联合发文机关（会签）", queryset=Agency.objects.none(), required=False, help_text="按住 Ctrl 可多选"
    )
    issuer_code = forms.ModelChoiceField(
        label="机关代字", queryset=IssuerCode.objects.none(), required=False, empty_label="编号时选择"
    )
    signers = forms.CharField(label="签发人", max_length=100, required=False, help_text="上行文（请示、报告）标注")
    title = forms.CharField(
        label="标题",
        max_length=200,
        error_messages={"required": "请填写标题。", "max_length": "标题不能超过 200 个字。"},
    )
    main_to = forms.CharField(label="主送机关", max_length=500, required=False)
    main_to_agencies = AgencyMultipleChoiceField(
        label="主送机关（平台内分发）", queryset=Agency.objects.none(), required=False
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "data-heading-editor": "1", "class": "documents-body"}),
        help_text="层次序数依次为“一、”“（一）”“1.”“（1）”；可用上方按钮插入下一个序号。",
    )
    attachments_note = forms.CharField(
        label="附件说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="每行一个附件名称"
    )
    signature = forms.CharField(label="发文机关署名", max_length=300, required=False, help_text="留空则用发文机关全称")
    note = forms.CharField(label="附注", max_length=200, required=False, help_text="如“（此件公开发布）”")
    cc = forms.CharField(label="抄送机关", max_length=500, required=False)
    cc_agencies = AgencyMultipleChoiceField(
        label="抄送机关（平台内分发）", queryset=Agency.objects.none(), required=False
    )
    printer = forms.CharField(label="印发机关", max_length=100, required=False)
    print_date = forms.DateField(
        label="印发日期",
        required=False,
        help_text="留空则为分发当日",
        error_messages={"invalid": "日期格式为 2026-07-01。"},
    )
    disclosure = forms.ChoiceField(
        label="公开属性",
        choices=Disclosure.choices,
        initial=Disclosure.ON_REQUEST,
        required=False,  # not sent: 依申请公开, the default until the drafter decides
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "请选择主动公开、依申请公开或不予公开。"},
    )
    non_disclosure_reason = forms.CharField(
        label="不予公开理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="公开属性为“不予公开”时必填，写明依据（政府信息公开条例第十四条至第十六条）",
    )
    publish_on_portal = forms.BooleanField(
        label="此件公开发布",
        required=False,
        help_text="主动公开的公文用印后，可一键发布到本机关网站的政务公开栏目（附注自动标注“（此件公开发布）”）",
    )

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        others = _agencies().exclude(pk=document.agency_id)
        self.fields["co_issuers"].queryset = others  # type: ignore[attr-defined]
        self.fields["main_to_agencies"].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["cc_agencies"].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["issuer_code"].queryset = IssuerCode.objects.filter(  # type: ignore[attr-defined]
            agency_id=document.agency_id, is_active=True
        )

    def clean_secrecy(self) -> str:
        value: str = self.cleaned_data.get("secrecy") or ""
        if value in CLASSIFIED_LEVELS:
            raise forms.ValidationError(CLASSIFIED_REFUSAL)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "disclosure" in data:
            data["disclosure"] = data["disclosure"] or Disclosure.ON_REQUEST
            for name, message in disclosure_errors(
                data["disclosure"], data.get("non_disclosure_reason") or "", bool(data.get("publish_on_portal"))
            ).items():
                self.add_error(name, message)
        return data

    def clean_copy_number(self) -> str:
        value: str = (self.cleaned_data.get("copy_number") or "").strip()
        if value and not value.isdigit():
            raise forms.ValidationError("份号为 1–6 位阿拉伯数字。")
        return value

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        return {
            **{
                name: getattr(document, name)
                for name in (
                    "copy_number",
                    "secrecy",
                    "urgency",
                    "issuer_mark",
                    "signers",
                    "title",
                    "main_to",
                    "body",
                    "attachments_note",
                    "signature",
                    "note",
                    "cc",
                    "printer",
                    "print_date",
                    "disclosure",
                    "non_disclosure_reason",
                    "publish_on_portal",
                )
            },
            "issuer_code": document.issuer_code_id,
            "co_issuers": list(
                document.issuers.exclude(agency_id=document.agency_id).values_list("agency_id", flat=True)
            ),
            "main_to_agencies": list(document.main_to_agencies.values_list("pk", flat=True)),
            "cc_agencies": list(document.cc_agencies.values_list("pk", flat=True)),
        }

    def fields_for_service(self) -> DraftFields:
        data = self.cleaned_data
        return DraftFields(
            title=data["title"],
            main_to=data.get("main_to", ""),
            body=data.get("body", ""),
            attachments_note=data.get("attachments_note", ""),
            note=data.get("note", ""),
            cc=data.get("cc", ""),
            printer=data.get("printer", ""),
            urgency=data.get("urgency", ""),
            secrecy=data.get("secrecy", ""),
            copy_number=data.get("copy_number", ""),
            signers=data.get("signers", ""),
            signature=data.get("signature", ""),
            issuer_mark=data.get("issuer_mark", ""),
            print_date=data.get("print_date"),
            issuer_code=data.get("issuer_code"),
            co_issuers=tuple(data.get("co_issuers") or ()),
            main_to_agencies=tuple(data.get("main_to_agencies") or ()),
            cc_agencies=tuple(data.get("cc_agencies") or ()),
            disclosure=data.get("disclosure") or Disclosure.ON_REQUEST,
            non_disclosure_reason=data.get("non_disclosure_reason") or "",
            publish_on_portal=bool(data.get("publish_on_portal")),
        )


class DecisionForm(forms.Form):
    """通过 / 退回 with an opinion (退回 needs one)."""

    decision = forms.ChoiceField(
        label="办理意见",
        choices=[("agree", "同意"), ("return", "退回拟稿人")],
        widget=forms.RadioSelect,
        initial="agree",
        error_messages={"required": "请选择同意或退回。"},
    )
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "退回时请填写退回意见。")
        return data


class NumberForm(forms.Form):
    issuer_code = forms.ModelChoiceField(
        label="机关代字",
        queryset=IssuerCode.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择机关代字。", "invalid_choice": "请选择主办机关的代字。"},
    )

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer_code"].queryset = IssuerCode.objects.filter(  # type: ignore[attr-defined]
            agency_id=document.agency_id, is_active=True
        )
        if document.issuer_code_id:
            self.fields["issuer_code"].initial = document.issuer_code_id


class SupervisionForm(forms.Form):
    instruction = forms.CharField(
        label="督办事项或领导批示",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写督办事项或领导批示。"},
    )
    deadline = forms.DateField(
        label="办结期限", error_messages={"required": "请填写办结期限。", "invalid": "日期格式为 2026-07-01。"}
    )


class ProgressForm(forms.Form):
    text = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "请填写进展情况。"}
    )


# --- 归档 -----------------------------------------------------------------------------------------

RETENTION_CHOICES = [("", "请选择"), ("Y", "永久"), ("D30", "定期30年"), ("D10", "定期10年")]


class ArchiveForm(forms.Form):
    """归档: the 保管期限 (国家档案局令第8号) and optionally the 机构（问题） of the 件."""

    retention = forms.ChoiceField(
        label="保管期限",
        choices=RETENTION_CHOICES,
        error_messages={"required": "请选择保管期限。", "invalid_choice": "请选择永久、定期30年或定期10年。"},
    )
    category = forms.CharField(label="机构（问题）", max_length=50, required=False, help_text="可不填")


class ArchiveFilterForm(forms.Form):
    """The archive list's filters (GET): each optional."""

    year = forms.IntegerField(
        label="年度", required=False, min_value=2000, max_value=2100, error_messages={"invalid": "请输入四位年份。"}
    )
    retention = forms.ChoiceField(label="保管期限", choices=[("", "全部"), *RETENTION_CHOICES[1:]], required=False)
    q = forms.CharField(label="档号、题名或发文字号", max_length=100, required=False)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"year": data.get("year"), "retention": data.get("retention", ""), "query": data.get("q", "")}


class YearExportForm(forms.Form):
    agency = AgencyChoiceField(
        label="立档单位",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择立档单位。", "invalid_choice": "请选择您负责归档的机关。"},
    )
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "请输入四位年份。", "min_value": "请输入四位年份。"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
