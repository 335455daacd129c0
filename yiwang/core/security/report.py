"""等保 2.0 自评估 (self-assessment): each level-3 application requirement of GB/T 22239-2019
§8.1.4 (安全计算环境, test IDs L3-CES1-01 … 35 as in domain-rules §10.2) mapped to the control in
Yiwang and its live state. `manage.py security_report` writes HTML and PDF; the security and audit
administrators see the same page in the workspace (/staff/security/report/)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string

from .selectors import security_state

MET, PARTLY, NOT_MET, OUTSIDE = "符合", "部分符合", "不符合", "系统外"

State = dict[str, Any]


@dataclass(frozen=True)
class Requirement:
    code: str
    area: str
    text: str
    control: str
    assess: Callable[[State], tuple[str, str]]  # state -> (verdict, live value)


@dataclass(frozen=True)
class Row:
    code: str
    area: str
    text: str
    control: str
    verdict: str
    live: str


def _fixed(verdict: str, live: str) -> Callable[[State], tuple[str, str]]:
    return lambda s: (verdict, live)


def _password(s: State) -> tuple[str, str]:
    ok = s["password_min_length"] >= 8 and s["password_classes"] >= 3 and s["password_max_age_days"] <= 90
    return (MET if ok else PARTLY), (
        f"口令至少 {s['password_min_length']} 位、{s['password_classes']} 类字符，员工每 {s['password_max_age_days']} 天更换"
    )


def _lockout(s: State) -> tuple[str, str]:
    ok = s["lockout_threshold"] <= 5 and s["lockout_minutes"] >= 10 and s["idle_minutes"] <= 30
    return (MET if ok else PARTLY), (
        f"连续失败 {s['lockout_threshold']} 次锁定 {s['lockout_minutes']} 分钟；员工空闲 {s['idle_minutes']} 分钟自动退出"
    )


def _tls(s: State) -> tuple[str, str]:
    ok = s["hsts_seconds"] > 0 and s["session_cookie_secure"]
    return (MET if ok else PARTLY), f"HSTS {s['hsts_seconds']} 秒；会话 Cookie Secure={s['session_cookie_secure']}"


def _two_factor(s: State) -> tuple[str, str]:
    key = (
        f"持安全密钥 {s['staff_security_key']} 人（{s['staff_security_key_share']}）"
        if s["security_key_model"]
        else "持安全密钥 0 人（本部署尚无安全密钥模型）"
    )
    verdict = MET if s["staff"] and s["staff_two_factor"] == s["staff"] else PARTLY
    return (
        verdict,
        f"在职员工 {s['staff']} 人，已启用第二因素 {s['staff_two_factor']} 人（{s['staff_two_factor_share']}）；{key}",
    )


def _matrix(s: State) -> tuple[str, str]:
    ok = s["matrix_undeclared"] == 0
    return (MET if ok else PARTLY), (
        f"权限矩阵覆盖 {s['matrix_endpoints']} 个工作台地址、接口与登录后页面，未声明 {s['matrix_undeclared']} 个；CI 逐一测试"
    )


def _audit_on(s: State) -> tuple[str, str]:
    return MET, f"审计日志 {s['audit_entries']} 条"


def _audit_protect(s: State) -> tuple[str, str]:
    ok = s["audit_chain_intact"] and s["last_backup"] is not None
    chain = "完整" if s["audit_chain_intact"] else f"被破坏（{s['audit_chain_problems']} 处）"
    return (MET if ok else NOT_MET), (
        f"哈希链{chain}；保存 {s['audit_retention_days']} 天；最近备份 {s['last_backup_age']}"
    )


def _integrity(s: State) -> tuple[str, str]:
    return (MET if s["audit_chain_intact"] else NOT_MET), (
        f"审计哈希链{'完整' if s['audit_chain_intact'] else '被破坏'}；备份清单 SHA-256；传输 TLS"
    )


def _confidentiality(s: State) -> tuple[str, str]:
    if s["last_backup"] is None:
        backups = "尚无备份"
    elif not s["backup_encrypted"]:
        backups = "最近备份未加密（升级前的格式）"
    else:
        source = "专用密钥 BACKUP_ENCRYPTION_KEY" if s["backup_encryption_dedicated"] else "由 SECRET_KEY 派生的密钥"
        backups = f"最近备份的数据库与文件归档 AES-256-GCM 加密（{source}）"
    return PARTLY, (
        f"身份证号、手机号、地址 AES-256-GCM 加密存储，当前密钥 {s['key_id']}，密钥年龄 {s['key_age']}；"
        f"{backups}；未使用商用密码 SM4（需密评）"
    )


def _backup(s: State) -> tuple[str, str]:
    drill = s["last_drill"]
    drill_text = "从未演练" if drill is None else f"最近恢复演练 {s['last_drill_age']}（{drill.get_status_display()}）"
    ok = s["last_backup"] is not None and drill is not None and drill.status == "ok"
    return (MET if ok else NOT_MET), f"最近备份 {s['last_backup_age']}；{drill_text}"


def _offsite(s: State) -> tuple[str, str]:
    targets = s["backup_offsite"]
    copies = s["last_backup"].offsite if s["last_backup"] else []
    live = f"异地目标 {len(targets)} 个；最近备份的异地副本 {sum(1 for c in copies if c.get('status') == 'ok')} 份"
    return (PARTLY if targets else NOT_MET), live + "（每日定时复制，非实时）"


def _intrusion(s: State) -> tuple[str, str]:
    # Detection and alerting work only if serious incidents are also reported in time (报告时限).
    live = f"近 7 天告警 {s['alerts_7d']} 条；未结安全事件 {s['open_incidents']} 起，逾期未报 {s['overdue_reports']} 起"
    if s["overdue_reports"]:
        return NOT_MET, live + "（有事件超过报告时限）"
    return MET, live


def _separation(s: State) -> tuple[str, str]:
    holders = s["admin_role_holders"]
    problems = []
    if not s["admin_verbs_disjoint"]:
        problems.append("三类管理员权限有交叉")
    if s["business_roles_with_core_verbs"]:
        problems.append(f"业务角色含平台管理权限：{', '.join(s['business_roles_with_core_verbs'])}")
    if s["auditors_with_business_roles"]:
        problems.append(f"审计管理员兼任业务角色 {s['auditors_with_business_roles']} 人")
    unstaffed = [label for label, n in holders.items() if not n]
    live = "；".join(
        [
            "、".join(f"{label} {n} 人" for label, n in holders.items()),
            "三员角色仅由安全管理员授予",
            f"权限矩阵未声明 {s['matrix_undeclared']} 个",
            *problems,
        ]
    )
    if problems:
        return NOT_MET, live
    if unstaffed or s["matrix_undeclared"]:
        reasons = [
            f"{'、'.join(unstaffed)}未设" if unstaffed else "",
            "有地址未声明访问策略" if s["matrix_undeclared"] else "",
        ]
        return PARTLY, live + "（" + "，".join(r for r in reasons if r) + "）"
    return MET, live


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "L3-CES1-01",
        "身份鉴别",
        "用户身份唯一标识，口令复杂度并定期更换",
        "唯一用户名；口令校验器；到期强制改密",
        _password,
    ),
    Requirement(
        "L3-CES1-02",
        "身份鉴别",
        "登录失败处理、限制非法登录次数、连接超时自动退出",
        "失败锁定；员工会话空闲超时",
        _lockout,
    ),
    Requirement("L3-CES1-03", "身份鉴别", "远程管理防止鉴别信息被窃听", "nginx TLS 终止；HSTS；Secure Cookie", _tls),
    Requirement(
        "L3-CES1-04",
        "身份鉴别",
        "两种以上鉴别技术组合，其中一种使用密码技术",
        "口令 + TOTP 动态口令 / WebAuthn 安全密钥",
        _two_factor,
    ),
    Requirement(
        "L3-CES1-05",
        "访问控制",
        "为用户分配账户和权限，禁用匿名、默认账户",
        "任职与角色授权；无默认账户",
        _fixed(MET, "员工账户由系统管理员创建并授权"),
    ),
    Requirement(
        "L3-CES1-06",
        "访问控制",
        "重命名或删除默认账户，修改默认口令",
        "不预置默认账户；演示账户仅开发环境",
        _fixed(MET, "生产配置禁止演示口令"),
    ),
    Requirement(
        "L3-CES1-07",
        "访问控制",
        "删除多余、过期账户，避免共享账户",
        "停用账户；实名员工账户",
        _fixed(PARTLY, "停用靠管理员操作；无自动过期账户清理"),
    ),
    Requirement(
        "L3-CES1-08",
        "访问控制",
        "最小权限，管理用户权限分离（三权分立）",
        "系统/安全/审计管理员权限互斥；三员角色由安全管理员授予",
        _separation,
    ),
    Requirement(
        "L3-CES1-09", "访问控制", "授权主体配置访问控制策略；测试越权", "权限唯一入口 access；权限矩阵测试", _matrix
    ),
    Requirement(
        "L3-CES1-10",
        "访问控制",
        "访问控制粒度达到用户级/文件、数据库表级",
        "动词 × 机构范围，对象级过滤",
        _fixed(MET, "按机构与对象过滤，字段级脱敏"),
    ),
    Requirement(
        "L3-CES1-11",
        "访问控制",
        "对重要主体和客体设置安全标记（强制访问控制）",
        "—",
        _fixed(NOT_MET, "未实现安全标记；涉密信息不得进入本系统"),
    ),
    Requirement("L3-CES1-12", "安全审计", "启用安全审计，覆盖每个用户", "每个状态变更写入审计日志", _audit_on),
    Requirement(
        "L3-CES1-13",
        "安全审计",
        "审计记录包括日期时间、用户、事件类型、结果等",
        "时间、操作人、IP、事件、对象、结果、变更前后",
        _fixed(MET, "字段齐全"),
    ),
    Requirement(
        "L3-CES1-14",
        "安全审计",
        "保护审计记录，定期备份，防止删除修改覆盖",
        "只追加（触发器）+ 哈希链 + 备份 + ≥180 天",
        _audit_protect,
    ),
    Requirement(
        "L3-CES1-15",
        "安全审计",
        "保护审计进程，防止未授权中断",
        "审计写入与业务同一事务，无开关",
        _fixed(MET, "审计不可关闭；审计管理员只读"),
    ),
    Requirement(
        "L3-CES1-16",
        "安全审计",
        "（参考资料未列此编号的要求文本）",
        "—",
        _fixed(OUTSIDE, "参考资料 §10.2 未给出本编号条文"),
    ),
    Requirement(
        "L3-CES1-17",
        "入侵防范",
        "遵循最小安装原则",
        "Debian 最小包；依赖锁定",
        _fixed(PARTLY, "应用依赖锁定；主机由运维负责"),
    ),
    Requirement(
        "L3-CES1-18",
        "入侵防范",
        "关闭不需要的服务、默认共享和高危端口",
        "仅 nginx 对外；应用监听内网",
        _fixed(OUTSIDE, "主机与网络层，由运维负责"),
    ),
    Requirement(
        "L3-CES1-19",
        "入侵防范",
        "限制管理终端接入方式或网络地址",
        "可信代理；工作台可由 nginx 限制来源",
        _fixed(PARTLY, "应用层未限制管理员来源地址"),
    ),
    Requirement(
        "L3-CES1-20",
        "入侵防范",
        "人机接口和通信接口输入有效性检验",
        "表单与 API 模式校验；nh3 清洗富文本；CSRF",
        _fixed(MET, "全部输入经表单或接口模式校验"),
    ),
    Requirement(
        "L3-CES1-21",
        "入侵防范",
        "发现并修补已知漏洞",
        "CI：ruff S 规则 + pip-audit 与 npm audit 依赖漏洞检查",
        _fixed(
            PARTLY,
            "CI 每次运行 pip-audit、npm audit 与 ruff S 规则，但运行中的实例无法证明所部署版本已通过检查、已打补丁；"
            "操作系统与中间件补丁由运维负责",
        ),
    ),
    Requirement(
        "L3-CES1-22", "入侵防范", "检测入侵行为，严重事件告警", "审计日志可疑模式告警；安全事件登记", _intrusion
    ),
    Requirement(
        "L3-CES1-23",
        "恶意代码防范",
        "免受恶意代码攻击或主动免疫",
        "上传类型检测；可选 ClamAV 扫描",
        lambda s: ((MET if s["clamav"] else PARTLY), "ClamAV 已配置" if s["clamav"] else "ClamAV 未配置，仅类型检测"),
    ),
    Requirement(
        "L3-CES1-24",
        "可信验证",
        "基于可信根的可信验证（三级为可选）",
        "—",
        _fixed(OUTSIDE, "依赖硬件可信根，不在应用范围"),
    ),
    Requirement("L3-CES1-25", "数据完整性", "传输中重要数据的完整性保护", "TLS；审计哈希链", _integrity),
    Requirement(
        "L3-CES1-26",
        "数据完整性",
        "存储中重要数据的完整性保护（可检测可恢复）",
        "审计哈希链；备份 SHA-256 清单；恢复演练",
        _integrity,
    ),
    Requirement("L3-CES1-27", "数据保密性", "传输中重要数据的保密性", "TLS（nginx）；HSTS", _tls),
    Requirement(
        "L3-CES1-28",
        "数据保密性",
        "存储中重要数据的保密性",
        "个人信息字段加密；备份加密；密钥来自环境变量",
        _confidentiality,
    ),
    Requirement(
        "L3-CES1-29",
        "数据备份恢复",
        "本地数据备份与恢复，恢复测试有记录",
        "manage.py backup / restore；恢复演练记录",
        _backup,
    ),
    Requirement("L3-CES1-30", "数据备份恢复", "异地实时备份", "异地目录 / rsync / S3 兼容存储", _offsite),
    Requirement(
        "L3-CES1-31",
        "数据备份恢复",
        "重要数据处理系统热冗余",
        "无状态应用服务器多台；PostgreSQL 流复制",
        _fixed(PARTLY, "架构支持，是否部署热备由运维确认"),
    ),
    Requirement(
        "L3-CES1-32",
        "剩余信息保护",
        "鉴别信息释放前完全清除",
        "口令仅存哈希；一次性码用后作废",
        _fixed(MET, "不保存明文鉴别信息"),
    ),
    Requirement(
        "L3-CES1-33",
        "剩余信息保护",
        "敏感数据释放前完全清除",
        "会话退出即删除；临时文件随请求清理",
        _fixed(PARTLY, "未对磁盘块做覆写"),
    ),
    Requirement(
        "L3-CES1-34",
        "个人信息保护",
        "仅采集和保存业务必需的用户个人信息",
        "最小采集；公开页面脱敏",
        _fixed(MET, "表单仅收必需字段"),
    ),
    Requirement(
        "L3-CES1-35",
        "个人信息保护",
        "禁止未授权访问和非法使用用户个人信息",
        "权限过滤；脱敏；导出留痕",
        _fixed(MET, "个人信息导出记录用途并审计"),
    ),
)


def build_rows(state: State) -> list[Row]:
    rows = []
    for requirement in REQUIREMENTS:
        verdict, live = requirement.assess(state)
        rows.append(Row(requirement.code, requirement.area, requirement.text, requirement.control, verdict, live))
    return rows


def report_context(*, now: datetime | None = None) -> dict[str, Any]:
    state = security_state(now=now)
    rows = build_rows(state)
    tally = {verdict: sum(1 for r in rows if r.verdict == verdict) for verdict in (MET, PARTLY, NOT_MET, OUTSIDE)}
    return {"state": state, "rows": rows, "tally": tally, "gaps": [r for r in rows if r.verdict in (PARTLY, NOT_MET)]}


def render_html(context: dict[str, Any]) -> str:
    return render_to_string("security/report_document.html", context)


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())
