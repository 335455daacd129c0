"""Notification templates of 诉求 (registered from `TicketsConfig.ready()`)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template


def register() -> None:
    # To an anonymous citizen by SMS (no message box): the 查询码 is all they have to follow it up.
    register_template(
        "tickets.acknowledged",
        title="您的诉求已受理：{{ obj.title }}",
        body="您的诉求“{{ obj.title }}”已受理，查询码 {{ obj.query_code }}。请妥善保存，凭查询码和联系电话查询办理情况。",
        sms="【一网】您的诉求已受理，查询码{{ obj.query_code }}，请妥善保存，凭查询码和本手机号查询办理情况。",
    )
    register_template(
        "tickets.replied",
        title="您的诉求已答复：{{ obj.title }}",
        body=(
            "您提交的诉求“{{ obj.title }}”（查询码 {{ obj.query_code }}）已由{{ agency }}答复：\n{{ obj.reply }}\n"
            "您可在“我的诉求”或凭查询码查看。{% if rating_url %}\n欢迎评价办理情况：{{ rating_url }}{% endif %}"
        ),
        sms=(
            "【一网】您的诉求（查询码{{ obj.query_code }}）已由{{ agency }}答复，请登录“我的诉求”或凭查询码查看"
            "{% if rating_url %}，评价请点 {{ rating_url }}{% endif %}。"
        ),
    )
    # 回访: the operator sends the rating link to a caller (one-time, signed; rating_link).
    register_template(
        "tickets.rating_invite",
        title="请评价诉求办理情况：{{ obj.title }}",
        body="您的诉求（查询码 {{ obj.query_code }}）已答复，欢迎评价办理情况：{{ rating_url }}（{{ days }} 天内有效）",
        sms="【一网】您的诉求（查询码{{ obj.query_code }}）已答复，欢迎评价办理情况：{{ rating_url }}（{{ days }}天内有效）",
    )
    register_handling_control()


def register_handling_control() -> None:
    """合并, 延期 and 督办."""
    register_template(
        "tickets.merged",
        title="您的诉求已合并办理：{{ obj.title }}",
        body=(
            "您提交的诉求“{{ obj.title }}”（查询码 {{ obj.query_code }}）与他人反映的同一事项已合并办理，"
            "答复后将通知您，您也可凭查询码查看答复。"
        ),
        sms="【一网】您的诉求（查询码{{ obj.query_code }}）已与相同事项合并办理，答复后将通知您。",
    )
    register_template(
        "tickets.merged_replied",
        title="您的诉求已答复：{{ obj.title }}",
        body=(
            "您提交的诉求“{{ obj.title }}”（查询码 {{ obj.query_code }}）已合并办理，{{ agency }}答复如下：\n"
            "{{ reply }}\n您可在“我的诉求”或凭查询码查看。"
        ),
        sms="【一网】您的诉求（查询码{{ obj.query_code }}）已由{{ agency }}答复，请登录“我的诉求”或凭查询码查看。",
    )
    register_template(
        "tickets.extension_requested",
        title="延期申请待审批：{{ obj.ticket.title }}",
        body="{{ obj.agency.full_name }}申请将诉求（查询码 {{ obj.ticket.query_code }}）延期 {{ obj.days }} 个工作日，"
        "理由：{{ obj.reason }}。请在工单页审批：{{ url }}",
    )
    register_template(
        "tickets.extension_decided",
        title="延期申请{{ obj.get_status_display }}：{{ obj.ticket.title }}",
        body="诉求（查询码 {{ obj.ticket.query_code }}）延期 {{ obj.days }} 个工作日的申请{{ obj.get_status_display }}。"
        "{% if obj.decision_note %}审批意见：{{ obj.decision_note }}。{% endif %}办理期限：{{ due }}。{{ url }}",
    )
    register_template(
        "tickets.supervised",
        title="诉求督办：{{ obj.title }}",
        body="诉求（查询码 {{ obj.query_code }}）已列入督办：{{ obj.supervision_note }}。主办单位：{{ agency }}。"
        "请抓紧办理并答复诉求人：{{ url }}",
    )
