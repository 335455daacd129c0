"""The web form's guard fields: the SMS code that proves the contact phone, and the captcha
(人机验证) shown past a threshold — a text arithmetic question read by screen readers as it is
shown (django-simple-captcha keeps the answer server-side, once, for CAPTCHA_TIMEOUT minutes)."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms

from . import TicketForm

CAPTCHA_FIELD = "captcha"
PHONE_CODE_FIELD = "phone_code"


class TextCaptchaWidget(CaptchaTextInput):
    """The question as text (no image, no audio file): accessible to every reader and keyboard."""

    template_name = "tickets/intake_guard/captcha_widget.html"
    use_fieldset = False  # one answer box, labelled by the field's label; the question describes it

    def fetch_captcha_store(self, name: str, value: Any, attrs: Any = None, generator: Any = None) -> None:
        # The library checks that its image URLs are mounted; a text question needs none.
        key = CaptchaStore.generate_key(generator)
        self._value = [key, ""]
        self._key = key
        self.id_ = self.build_attrs(attrs).get("id", None)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super(CaptchaTextInput, self).get_context(name, value, attrs)
        store = CaptchaStore.objects.filter(hashkey=self._key).first()
        context["challenge"] = (store.challenge if store else "").rstrip("=")
        question_id = f"{context['widget']['attrs'].get('id', name)}_question"
        context["question_id"] = question_id
        answer = context["widget"]["subwidgets"][1]["attrs"]
        answer.update({"aria-describedby": question_id, "inputmode": "numeric", "class": "captcha-answer"})
        return context


class GuardedTicketForm(TicketForm):
    """我要写信 with the phone's SMS code (when the phone still needs proving) and, past the
    threshold, the captcha. The user's input is kept whatever is refused."""

    phone_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text="填写联系电话后点击“获取验证码”，填写短信中的 6 位验证码。",
    )

    def __init__(self, *args: Any, captcha: bool = False, code_needed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not code_needed:
            del self.fields[PHONE_CODE_FIELD]
        if captcha:
            self.fields[CAPTCHA_FIELD] = CaptchaField(
                label="人机验证：请计算算式的结果",
                widget=TextCaptchaWidget(),
                help_text="提交较频繁时需要回答；填写阿拉伯数字。",
                error_messages={
                    "invalid": "人机验证的答案不正确，请计算新的算式。",
                    "required": "请填写人机验证的答案。",
                },
            )

    def captcha_error(self) -> str:
        """Check the captcha alone ("" when passed or not asked): the "获取验证码" step asks it
        too, before an SMS is sent. The answer can be tried once, like the library's own check."""
        if CAPTCHA_FIELD not in self.fields:
            return ""
        field = self.fields[CAPTCHA_FIELD]
        value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(CAPTCHA_FIELD))
        try:
            field.clean(value)
        except forms.ValidationError as error:
            return "；".join(str(message) for message in error.messages)
        return ""
