from __future__ import annotations

from collections.abc import Iterator

import pytest

from yiwang.core.notifications.gateways import LogSmsGateway
from yiwang.core.notifications.templates import register_template


@pytest.fixture(autouse=True)
def sms_outbox() -> Iterator[list]:
    LogSmsGateway.clear()
    yield LogSmsGateway.outbox
    LogSmsGateway.clear()


@pytest.fixture
def reply_template() -> str:
    register_template(
        "tests.reply",
        title="您的留言 {{ number }} 已答复",
        body="{{ recipient.display_name }}，您好：您的留言 {{ number }} 已答复，请登录查看。",
        sms="【中国伊春】您的留言{{ number }}已答复",
    )
    return "tests.reply"
