"""Notification templates of the service hall — the hall's queue and 办件 (registered from
`ServiceHallConfig.ready()`; an administrator's override replaces the default)."""

from __future__ import annotations

from yiwang.core.notifications.templates import register_template

# 办件: code → (title, body, sms).
APPLICATION_TEMPLATES = {
    "servicehall.application_received": (
        "您的申请已接收：{{ obj.item.name }}",
        "您申请的“{{ obj.item.name }}”已接收，办件编号 {{ obj.number }}。{{ obj.agency.full_name }}将在 5 个工作日内完成预审。",
        "【一网】您申请的{{ obj.item.name }}已接收，办件编号{{ obj.number }}，可凭此编号查询办理进度。",
    ),
    "servicehall.correction_required": (
        "请补正申请材料：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）需要补正，{{ obj.agency.full_name }}已一次性告知需补正的全部内容：\n{{ items }}",
        "【一网】您的申请（办件编号{{ obj.number }}）需要补正材料，请登录查看补正告知书。",
    ),
    "servicehall.rejected": (
        "不予受理：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）不予受理。理由：{{ reasons }}{% if where %}\n请向{{ where }}申请。{% endif %}",
        "【一网】您的申请（办件编号{{ obj.number }}）不予受理，请登录查看不予受理通知书。",
    ),
    "servicehall.accepted": (
        "已受理：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）已受理。{% if promised %}承诺办结期限：{{ promised }}。{% endif %}",
        "【一网】您的申请已受理，办件编号{{ obj.number }}{% if promised %}，承诺{{ promised }}前办结{% endif %}。",
    ),
    "servicehall.special_procedure": (
        "特别程序告知：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）需要{{ kind }}，所需时间不计入办理期限（行政许可法第四十五条）。理由：{{ reason }}",
        "【一网】您的申请（办件编号{{ obj.number }}）进入{{ kind }}，所需时间不计入办理期限。",
    ),
    "servicehall.decided": (
        "办理结果：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）{{ outcome }}。{{ reasons }}\n{{ remedies }}",
        "【一网】您的申请（办件编号{{ obj.number }}）已作出决定：{{ outcome }}，请登录查看决定书。",
    ),
    "servicehall.completed": (
        "已办结：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）已办结，欢迎对本次服务作出评价。",
        "【一网】您的申请（办件编号{{ obj.number }}）已办结，欢迎评价。",
    ),
    "servicehall.revoked": (
        "决定已撤销：{{ obj.item.name }}",
        "您的申请（办件编号 {{ obj.number }}）的准予决定已撤销。理由：{{ reasons }}\n{{ remedies }}",
        "【一网】您的申请（办件编号{{ obj.number }}）的准予决定已撤销，请登录查看撤销决定书。",
    ),
}


def register() -> None:
    for code, (title, body, sms) in APPLICATION_TEMPLATES.items():
        register_template(code, title=title, body=body, sms=sms)
    # 取号短信提醒: only the number and the line — the SMS is sent to a number typed at the kiosk.
    register_template(
        "servicehall.turn_near",
        title="即将轮到您办理：{{ obj.number }}",
        body="您在{{ obj.hall.name }}取的 {{ obj.number }} 号（{{ obj.line.name }}）前面已不超过 3 人，请到等候区留意叫号。",
        sms="【一网】您的 {{ obj.number }} 号（{{ obj.line.name }}）即将叫到，请到大厅等候区留意叫号。",
    )
