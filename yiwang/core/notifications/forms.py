from __future__ import annotations

from django import forms

from .models import NotificationPreference


class PreferenceForm(forms.ModelForm[NotificationPreference]):
    class Meta:
        model = NotificationPreference
        fields = ["email", "sms", "quiet_start", "quiet_end"]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "quiet_start": "免打扰时段内的短信将在时段结束后发送；站内消息不受影响。",
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            raise forms.ValidationError("免打扰时段需同时填写开始和结束时间。")
        return data


class TemplateOverrideForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))
    sms = forms.CharField(
        label="短信内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="留空则此类通知不发短信。短信请以【中国伊春】等签名开头，尽量不超过 70 字。",
    )
