"""Process definitions, running instances and the inbox rows (work items) of the one workflow engine.

The engine (SpiffWorkflow) owns the token state of an instance; these tables own everything people
see and query: who must act (WorkItem), what was done and said (Step), who acts for whom (Delegation).
The inbox is a query on WorkItem alone, so it never deserialises a workflow.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ProcessDefinition(models.Model):
    """One uploaded version of a BPMN 2.0 process. Instances keep the version they started on."""

    key = models.CharField("流程标识", max_length=100, help_text="如 office.outgoing；同一标识可有多个版本")
    version = models.PositiveIntegerField("版本")
    name = models.CharField("流程名称", max_length=100)
    module = models.CharField("所属模块", max_length=50, help_text="模块应用标签，核心自带的为 core")
    bpmn_xml = models.TextField("BPMN 2.0 XML")
    sha256 = models.CharField(max_length=64, editable=False)
    # Parsed once on upload: the serialised process spec and, per user task, its Yiwang rules
    # (assignment, allowed verbs, due working days, countersign completion) keyed by BPMN element id.
    spec = models.JSONField(default=dict, editable=False)
    steps = models.JSONField(default=dict, editable=False)
    is_current = models.BooleanField("当前版本", default=True)
    # A module's default file deployed by `sync_processes`, as opposed to a version an administrator
    # uploaded; a shipped default never silently replaces an uploaded current version.
    shipped = models.BooleanField("随模块发布的默认版本", default=False, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "流程定义"
        verbose_name_plural = "流程定义"
        ordering = ["key", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="workflow_definition_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ProcessInstance(models.Model):
    """A running (or finished) process about one subject object owned by a module."""

    class Status(models.TextChoices):
        RUNNING = "running", "办理中"
        COMPLETED = "completed", "已办结"
        TERMINATED = "terminated", "已终止"

    class Urgency(models.TextChoices):
        NORMAL = "normal", "平件"
        URGENT = "urgent", "加急"
        VERY_URGENT = "very_urgent", "特急"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    definition = models.ForeignKey(ProcessDefinition, on_delete=models.PROTECT, related_name="instances")
    module = models.CharField("所属模块", max_length=50, db_index=True)
    # The module's object this process is about, and the page that shows it ("opens the module's page").
    subject_type = models.CharField(max_length=100, blank=True, help_text="如 office.document")
    subject_id = models.CharField(max_length=64, blank=True)
    subject_url = models.CharField(max_length=300, blank=True)
    title = models.CharField("标题", max_length=300)
    urgency = models.CharField("紧急程度", max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    initiator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    initiator_agency = models.ForeignKey(
        "orgs.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RUNNING, db_index=True)
    variables = models.JSONField("流程变量", default=dict, blank=True)
    # SpiffWorkflow's serialised state of the live part of the workflow (see ADR 0007 for what is kept).
    state = models.JSONField(default=dict, editable=False)
    revision = models.PositiveIntegerField(default=0, editable=False)  # bumped on every advance
    current_steps = models.CharField("当前环节", max_length=300, blank=True)
    # For the diagram: BPMN elements other than user tasks passed so far (gateways, events, the end)
    # and those waiting now (timers), as {"passed": [...], "waiting": [...]}.
    trail = models.JSONField(default=dict, editable=False)
    # When the earliest BPMN timer of the instance fires; the timer sweep looks at this column only.
    wake_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "流程实例"
        verbose_name_plural = "流程实例"
        indexes = [
            models.Index(fields=["initiator", "-started_at"], name="workflow_instance_initiator"),
            models.Index(fields=["subject_type", "subject_id"], name="workflow_instance_subject"),
            models.Index(fields=["wake_at"], name="workflow_instance_wake", condition=models.Q(wake_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title


class WorkItem(models.Model):
    """One inbox row: a user task (待办) or a read-only circulation (待阅) for one person or a group."""

    class Kind(models.TextChoices):
        TODO = "todo", "待办"
        READ = "read", "待阅"

    class State(models.TextChoices):
        OPEN = "open", "待处理"
        DONE = "done", "已处理"
        CANCELLED = "cancelled", "已取消"  # withdrawn, sent back past it, terminated, or another claimant won
        PENDING = "pending", "待加签"  # 加签: waits for an added signer (before) or for its own turn (after)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instance = models.ForeignKey(ProcessInstance, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TODO)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    spiff_task_id = models.UUIDField(null=True, blank=True)  # the SpiffWorkflow task this row stands for
    element_id = models.CharField("环节标识", max_length=100)  # BPMN element id
    step_name = models.CharField("环节", max_length=100)
    # Denormalised from the instance so the inbox query touches one table.
    module = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    urgency = models.CharField(max_length=16, default=ProcessInstance.Urgency.NORMAL)
    # Who must act: one assignee, or a group (role in an agency) from which one member claims it.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    candidate_agency = models.ForeignKey(
        "orgs.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    candidate_role = models.ForeignKey("orgs.Role", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 加签: the item an added signer acts for, and whether they act before or after its assignee.
    # Indexed by a partial index below: nearly every row has no parent, and a full index on the
    # column looks so unselective to the planners that they scan the table instead.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="added_signers", db_index=False
    )
    signer_position = models.CharField(max_length=8, blank=True)
    from_element = models.CharField(max_length=100, blank=True)  # the step whose completion created it (退回上一步)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)  # first time the assignee opened it (撤回 needs it unset)
    due_at = models.DateTimeField(null=True, blank=True)
    # The step has a time limit but the working-day calendar does not know the year (未录入年度):
    # shown as 期限未知 rather than as an item without a limit.
    due_unknown = models.BooleanField("期限未知", default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=20, blank=True)  # how it ended: approve, send_back, ...
    opinion = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        indexes = [
            models.Index(fields=["assignee", "state", "-created_at"], name="workflow_item_inbox"),
            models.Index(fields=["completed_by", "-completed_at"], name="workflow_item_done"),
            models.Index(fields=["candidate_agency", "candidate_role", "state"], name="workflow_item_group"),
            models.Index(fields=["state", "due_at"], name="workflow_item_due"),
            models.Index(fields=["instance", "state"], name="workflow_item_instance"),
            models.Index(fields=["parent"], name="workflow_item_parent", condition=models.Q(parent__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.step_name}：{self.title}"


class Step(models.Model):
    """The chronological log of an instance: who did what at which step, and their opinion (意见)."""

    instance = models.ForeignKey(ProcessInstance, on_delete=models.CASCADE, related_name="steps")
    item = models.ForeignKey(WorkItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    element_id = models.CharField(max_length=100, blank=True)
    step_name = models.CharField("环节", max_length=100, blank=True)
    verb = models.CharField("操作", max_length=20)
    opinion = models.TextField("意见", blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.step_name} {self.verb}"


class Delegation(models.Model):
    """委托: while active, `delegate` sees and acts on `principal`'s 待办 (optionally for one module)."""

    principal = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_given")
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegations_received"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    module = models.CharField("限定模块", max_length=50, blank=True)
    reason = models.CharField("事由", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "委托"
        verbose_name_plural = "委托"
        indexes = [
            models.Index(fields=["delegate", "starts_on", "ends_on"], name="workflow_delegation_active"),
            models.Index(fields=["principal", "starts_on", "ends_on"], name="workflow_delegation_principal"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} → {self.delegate}（{self.starts_on}—{self.ends_on}）"
