"""A reusable upload field (上传控件). It shows the purpose's limits and allowed types next to the
input, sets `accept` as a hint for the file picker, and checks size and type early so the user
hears about a bad file with the rest of the form. `services.upload()` still checks again.

    class ApplicationForm(forms.Form):
        material = UploadField(purpose="attachment", label="申请材料")
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .purposes import Purpose, get_purpose
from .services import UploadRejected, check_upload


class UploadInput(forms.ClearableFileInput):
    template_name = "files/widgets/upload.html"

    def __init__(self, purpose: str, attrs: dict[str, Any] | None = None) -> None:
        self.purpose_name = purpose
        super().__init__(attrs)

    @property
    def purpose(self) -> Purpose:
        return get_purpose(self.purpose_name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        purpose = self.purpose
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or name
        hint_id = f"{base_id}-limits"
        # The errors block of files/includes/upload_field.html carries `<id>-errors` when present.
        described = " ".join(filter(None, [widget["attrs"].get("aria-describedby", ""), hint_id, f"{base_id}-errors"]))
        widget["attrs"]["aria-describedby"] = described
        widget["attrs"]["accept"] = purpose.accept
        context["purpose"] = purpose
        context["hint_id"] = hint_id
        return context


class UploadField(forms.FileField):
    """A file field for one upload purpose; the cleaned value is the UploadedFile (unsaved)."""

    def __init__(self, *, purpose: str, **kwargs: Any) -> None:
        self.purpose_name = purpose
        kwargs.setdefault("widget", UploadInput(purpose=purpose))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            try:
                check_upload(file=value, purpose=get_purpose(self.purpose_name))
            except UploadRejected as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
        return value
