"""Forms of the catalogue's staff screens: the item, its 申请材料 and 办理环节 as formsets, and the
list's filters. They parse and check the input's shape; `services.catalogue` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from yiwang.core.files.purposes import get_purpose
from yiwang.core.files.services import UploadRejected, check_upload
from yiwang.core.orgs.models import Agency

from .models import LifeEvent, ServiceItem, ServiceMaterial, ServiceTopic
from .services.catalogue import FORM_FILE_PURPOSE, ITEM_FIELDS

STATUS_CHOICES = [("", "全部状态"), *ServiceItem.Status.choices]
TYPE_CHOICES = [("", "全部类型"), *ServiceItem.ItemType.choices]


class ItemFilterForm(forms.Form):
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        label="实施机关", queryset=Agency.objects.none(), required=False, empty_label="全部机关"
    )
    item_type = forms.ChoiceField(label="事项类型", choices=TYPE_CHOICES, required=False)
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, required=False)
    incomplete = forms.BooleanField(label="只看要素不完整的事项", required=False)
    q = forms.CharField(label="名称或编码", max_length=100, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "agency": data.get("agency"),
            "item_type": data.get("item_type") or "",
            "status": data.get("status") or "",
            "q": (data.get("q") or "").strip(),
        }


class ItemForm(forms.ModelForm):
    """The item's own elements; the agency list is the editor's (manage verb)."""

    topics = forms.ModelMultipleChoiceField(
        label="主题", queryset=ServiceTopic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    life_events = forms.ModelMultipleChoiceField(
        label="人生事件", queryset=LifeEvent.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    external_url = forms.URLField(
        label="办理系统地址", required=False, assume_scheme="https", help_text="在其他系统办理的事项，填写其网址"
    )

    class Meta:
        model = ServiceItem
        fields = [*ITEM_FIELDS, "topics", "life_events"]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 4}),
            "fee_basis": forms.Textarea(attrs={"rows": 2}),
            "fee_standard": forms.Textarea(attrs={"rows": 2}),
            "location": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].empty_label = None  # type: ignore[attr-defined]
        # Elements are flagged by the completeness check, not refused: a draft may be saved unfinished.
        for name in ("legal_basis", "conditions", "location", "office_hours", "consult_phone", "supervise_phone"):
            self.fields[name].required = False

    def _post_clean(self) -> None:
        # The model's own checks run in the service (one place for the messages); the code is
        # checked here too so the message sits on its field.
        pass

    def values(self) -> dict[str, Any]:
        return {field: self.cleaned_data.get(field) for field in ITEM_FIELDS}


def _choices(model_choices: Any) -> list[tuple[str, str]]:
    return list(model_choices.choices)


class MaterialForm(forms.Form):
    name = forms.CharField(label="材料名称", max_length=200, required=False)
    source = forms.ChoiceField(label="来源渠道", choices=_choices(ServiceMaterial.Source))
    form = forms.ChoiceField(label="原件/复印件", choices=_choices(ServiceMaterial.Form))
    copies = forms.IntegerField(label="份数", min_value=1, max_value=99, initial=1)
    medium = forms.ChoiceField(label="载体", choices=_choices(ServiceMaterial.Medium))
    file_format = forms.CharField(label="格式要求", max_length=100, required=False)
    required = forms.BooleanField(label="必要", required=False, initial=True)
    deferrable = forms.BooleanField(label="可容缺", required=False)
    notes = forms.CharField(label="填报说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sample_file = forms.CharField(widget=forms.HiddenInput, required=False)
    blank_form_file = forms.CharField(widget=forms.HiddenInput, required=False)
    sample_file_upload = forms.FileField(label="上传示例样表", required=False)
    blank_form_file_upload = forms.FileField(label="上传空白表格", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deferrable") and not data.get("required"):
            self.add_error("deferrable", "只有必要材料才能设为可容缺。")
        for name in ("sample_file_upload", "blank_form_file_upload"):
            upload = data.get(name)
            if upload:
                try:
                    check_upload(file=upload, purpose=get_purpose(FORM_FILE_PURPOSE))
                except UploadRejected as rejected:
                    self.add_error(name, str(rejected))
        return data

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or "").strip()


class StepForm(forms.Form):
    name = forms.CharField(label="环节名称", max_length=60, required=False)
    days = forms.IntegerField(label="环节时限（工作日）", min_value=0, max_value=999, initial=0)
    description = forms.CharField(label="办理标准", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("name") or "").strip()


MaterialFormSet = formset_factory(MaterialForm, extra=1, can_delete=True, max_num=60, validate_max=True)
StepFormSet = formset_factory(StepForm, extra=1, can_delete=True, max_num=30, validate_max=True)


def material_initial(item: ServiceItem | None) -> list[dict[str, Any]]:
    if item is None or item.pk is None:
        return []
    return [
        {
            "name": m.name,
            "source": m.source,
            "form": m.form,
            "copies": m.copies,
            "medium": m.medium,
            "file_format": m.file_format,
            "required": m.required,
            "deferrable": m.deferrable,
            "notes": m.notes,
            "sample_file": str(m.sample_file_id or ""),
            "blank_form_file": str(m.blank_form_file_id or ""),
        }
        for m in item.materials.all()
    ]


def step_initial(item: ServiceItem | None) -> list[dict[str, Any]]:
    if item is None or item.pk is None:
        return []
    return [{"name": s.name, "days": s.days, "description": s.description} for s in item.steps.all()]


def with_added_row(data: Any, prefix: str) -> Any:
    """The POST data with one more (blank) row in the formset `prefix` — the 增加一行 button."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        data[key] = str(int(data.get(key, "0")) + 1)
    except ValueError:
        data[key] = "1"
    return data
