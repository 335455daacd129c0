"""Forms of the workflow screens: the office verbs on a task, 委托, starting a process, uploading
a definition. They only parse input; the services decide and refuse."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency

from .models import ProcessDefinition, ProcessInstance


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name or obj.username}（{obj.username}）"


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name or obj.username}（{obj.username}）"


def staff_people() -> Any:
    return User.objects.filter(kind=User.Kind.STAFF, is_active=True).order_by("display_name", "username")


class DefinitionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.key} v{obj.version}）"


class AgencyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class AgenciesChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def active_agencies() -> Any:
    return Agency.objects.filter(is_active=True).order_by("path")


class OpinionForm(forms.Form):
    """The opinion box and the verb-specific fields of the task page (one form, one submit per verb)."""

    opinion = forms.CharField(
        label="办理意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    send_back_to = forms.CharField(label="退回至", required=False)
    to_user = PersonChoiceField(label="转办给", queryset=User.objects.none(), required=False)
    signer = PersonChoiceField(label="加签人", queryset=User.objects.none(), required=False)
    position = forms.ChoiceField(
        label="加签位置",
        choices=[("before", "前加签（加签人先办，再回到我）"), ("after", "后加签（我办完后由加签人办理）")],
        required=False,
    )
    recipients = PeopleChoiceField(label="传阅给", queryset=User.objects.none(), required=False)
    decision = forms.ChoiceField(label="办理决定", required=False, widget=forms.RadioSelect)

    def __init__(
        self,
        *args: Any,
        back_targets: list[tuple[str, str]] | None = None,
        decisions: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [(d, d) for d in decisions]
        if decisions and not self.is_bound:
            self.initial["decision"] = decisions[0]
        people = staff_people()
        for name in ("to_user", "signer", "recipients"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people
        choices = [("previous", "上一环节"), ("initiator", "发起人")]
        choices += [(element_id, f"环节：{name}") for element_id, name in back_targets or []]
        self.fields["send_back_to"].widget = forms.Select(choices=choices)


class DelegationForm(forms.Form):
    delegate = PersonChoiceField(label="受托人", queryset=User.objects.none())
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    module = forms.ChoiceField(label="限定模块", required=False)
    reason = forms.CharField(label="事由", max_length=200)

    def __init__(self, *args: Any, user: Any, modules: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["delegate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff_people().exclude(pk=user.pk)
        module_field = self.fields["module"]
        assert isinstance(module_field, forms.ChoiceField)
        module_field.choices = [("", "全部模块"), *((m, m) for m in modules)]
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "结束日期不能早于开始日期。")
        return data


class StartForm(forms.Form):
    """发起: the generic fields; the sample processes read `countersign_agencies` and `handling_agency`."""

    definition = DefinitionChoiceField(label="流程", queryset=ProcessDefinition.objects.none(), empty_label=None)
    title = forms.CharField(label="标题", max_length=300)
    urgency = forms.ChoiceField(label="紧急程度", choices=ProcessInstance.Urgency.choices)
    agency = AgencyChoiceField(label="发起单位", queryset=Agency.objects.none())
    countersign_agencies = AgenciesChoiceField(
        label="会签单位", queryset=Agency.objects.none(), required=False, help_text="公文类流程：需要会签的部门"
    )
    handling_agency = AgencyChoiceField(
        label="承办单位", queryset=Agency.objects.none(), required=False, help_text="工单类流程：派往的承办单位"
    )
    extra = forms.CharField(
        label="其他流程变量（JSON）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='如 {"doc_type": "通知"}；没有可不填',
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        definition = self.fields["definition"]
        assert isinstance(definition, forms.ModelChoiceField)
        definition.queryset = ProcessDefinition.objects.filter(is_current=True).order_by("module", "key")
        own = Agency.objects.filter(memberships__user=user).distinct().order_by("path")
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = own
        for name in ("countersign_agencies", "handling_agency"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = active_agencies()

    def clean_extra(self) -> dict[str, Any]:
        raw = (self.cleaned_data.get("extra") or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError("不是有效的 JSON，请检查引号和括号。") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError('请填写一个 JSON 对象，如 {"键": "值"}。')
        return value

    def variables(self) -> dict[str, Any]:
        data = self.cleaned_data
        variables: dict[str, Any] = dict(data.get("extra") or {})
        if data.get("countersign_agencies"):
            variables["countersign_agencies"] = [a.pk for a in data["countersign_agencies"]]
        if data.get("handling_agency"):
            variables["handling_agency"] = data["handling_agency"].pk
        return variables


class DefinitionUploadForm(forms.Form):
    key = forms.CharField(label="流程标识", max_length=100, help_text="如 office.outgoing；已有标识则新增一个版本")
    name = forms.CharField(label="流程名称", max_length=100)
    module = forms.CharField(label="所属模块", max_length=50, initial="core")
    bpmn_file = forms.FileField(label="BPMN 2.0 文件", help_text="在任一 BPMN 建模工具中绘制后导出的 .bpmn 文件")

    MAX_BYTES = 2 * 1024 * 1024

    def clean_bpmn_file(self) -> bytes:
        upload = self.cleaned_data["bpmn_file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件过大（上限 2 MB）。")
        content: bytes = upload.read()
        return content
