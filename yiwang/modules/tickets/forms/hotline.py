"""The hotline operator's intake form (12345 受理): the citizen form's fields, in the order a call
runs — phone first — with the phone channels to choose from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from ..models import Ticket
from . import TicketForm

# 电话渠道: the operator records which line the call came in on; 12345 is the default line.
PHONE_CHANNELS = (Ticket.Channel.HOTLINE_12345, Ticket.Channel.MAYOR_LINE, Ticket.Channel.CONDUCT_LINE)
# Access keys: Alt+key (static/tickets/hotline.js, whatever modifier the browser gives access keys).
PHONE_KEY, KNOWLEDGE_KEY = "1", "2"


class HotlineTicketForm(TicketForm):
    field_order = [
        "contact_phone",
        "contact_name",
        "channel",
        "kind",
        "category",
        "title",
        "content",
        "address",
        "wants_public",
        "confidential",
        "excluded_matter",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["latitude"], self.fields["longitude"]
        self.fields["channel"].choices = [(c.value, c.label) for c in PHONE_CHANNELS]  # type: ignore[attr-defined]
        self.fields["channel"].initial = Ticket.Channel.HOTLINE_12345
        self.fields["kind"].initial = Ticket.Kind.CONSULTATION
        self.fields["excluded_matter"].widget = forms.Select(choices=self.fields["excluded_matter"].choices)  # type: ignore[attr-defined]
        self.fields["excluded_matter"].label = "是否属于不予受理事项"
        self.fields["contact_phone"].label = "来电号码"
        self.fields["contact_phone"].help_text = "输入号码后右侧显示该号码的历史诉求。"
        self.fields["contact_name"].label = "来电人姓名"
        phone = self.fields["contact_phone"].widget.attrs
        phone.update(
            {
                "autofocus": True,
                "accesskey": PHONE_KEY,
                "inputmode": "tel",
                "autocomplete": "off",
                "hx-get": reverse("tickets_hotline_history"),
                "hx-trigger": "input changed delay:300ms, change",
                "hx-target": "#caller-history",
            }
        )
        self.fields["content"].widget.attrs["rows"] = 5
