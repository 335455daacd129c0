"""Permission verbs that belong to core services (modules declare theirs in their manifests)."""

from yiwang.core.registry.manifest import Verb

CORE_VERBS = (
    Verb(code="core.view_audit", label="查阅审计日志"),
    Verb(code="core.manage_users", label="管理用户与任职"),
    Verb(code="core.manage_orgs", label="管理组织机构"),
    Verb(code="core.manage_calendar", label="维护工作日历"),
    Verb(code="core.manage_security", label="管理安全策略"),
    Verb(code="core.manage_processes", label="管理流程定义"),
    Verb(code="core.view_jobs", label="查看后台任务"),
    Verb(code="core.manage_notifications", label="管理通知模板"),
    Verb(code="seals.manage", label="管理电子印章（制发、撤销）"),
)
