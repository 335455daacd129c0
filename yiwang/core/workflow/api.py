"""The workflow API (/api/workflow/…): the inbox lists and counts, an instance's state and log, and
every office verb as a POST. Staff sign in with their workspace session (CSRF token required on
POST, as for forms). The services check permissions; a refusal is a 4xx JSON
`{"detail": <Chinese message>, "code": <stable code>}`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.security import SessionAuth

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency
from yiwang.core.security.policy import REQUESTER, access_policy
from yiwang.core.web.http import client_ip

from . import selectors, services
from .errors import DefinitionError, WorkflowError
from .models import Delegation, ProcessInstance, WorkItem

PAGE_SIZE = 50
# Engine error codes (services.py) by answer: not yours → 403, gone → 404, state changed → 409, else 400.
FORBIDDEN_CODES = frozenset({"forbidden", "not_yours", "not_sender", "not_candidate"})
NOT_FOUND_CODES = frozenset({"not_found", "unknown_process"})
CONFLICT_CODES = frozenset(
    {
        "already_done",
        "already_claimed",
        "already_opened",
        "already_revoked",
        "cancelled",
        "pending",
        "stale",
        "not_running",
    }
)


class StaffSession(SessionAuth):
    """The workspace session of an active staff account (second factor enforced by middleware)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "kind", "") == User.Kind.STAFF:
            return user
        return None


router = Router(auth=StaffSession(), tags=["workflow 流程与待办"])


def _user(request: HttpRequest) -> Any:
    """The staff user StaffSession authenticated (django-ninja sets `request.auth`)."""
    return request.auth  # type: ignore[attr-defined]


def error_response(api: Any, request: HttpRequest, exc: Any) -> HttpResponse:
    """Exception handler installed on the platform API for every WorkflowError."""
    assert isinstance(exc, WorkflowError)
    status = 400
    for codes, answer in ((FORBIDDEN_CODES, 403), (NOT_FOUND_CODES, 404), (CONFLICT_CODES, 409)):
        if exc.code in codes:
            status = answer
    body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
    if isinstance(exc, DefinitionError):
        body["problems"] = [{"element": e, "message": m} for e, m in exc.problems]
    response: HttpResponse = api.create_response(request, body, status=status)
    return response


# --- schemas -------------------------------------------------------------------------------------


class ItemOut(Schema):
    id: UUID
    instance_id: UUID
    kind: str
    state: str
    element_id: str
    step_name: str
    module: str
    title: str
    urgency: str
    assignee_id: int | None
    candidate_agency_id: int | None
    candidate_role_id: int | None
    sender_id: int | None
    created_at: datetime
    opened_at: datetime | None
    due_at: datetime | None
    due_unknown: bool  # the step has a limit but the calendar does not know the year (期限未知)
    completed_at: datetime | None
    verb: str
    opinion: str
    # The module's page for the item's object (inbox lists only; empty when the process has none).
    subject_url: str = ""


class InstanceOut(Schema):
    id: UUID
    definition_key: str = Field(..., alias="definition.key")
    definition_version: int = Field(..., alias="definition.version")
    module: str
    title: str
    urgency: str
    status: str
    initiator_id: int
    subject_type: str
    subject_id: str
    subject_url: str
    current_steps: str
    started_at: datetime
    ended_at: datetime | None
    end_reason: str


class Page(Schema):
    count: int
    page: int
    pages: int


class ItemPage(Page):
    items: list[ItemOut]


class InstancePage(Page):
    items: list[InstanceOut]


class CountsOut(Schema):
    todo: int
    overdue: int
    to_read: int


class StepOut(Schema):
    at: datetime
    actor_id: int | None
    actor: str
    on_behalf_of_id: int | None
    element_id: str
    step_name: str
    verb: str
    verb_label: str
    opinion: str


class InstanceStateOut(Schema):
    instance: InstanceOut
    open_items: list[ItemOut]
    done_elements: list[str]
    current_elements: list[str]
    waiting_elements: list[str]


class InboxFilters(Schema):
    module: str = ""
    urgency: str = ""
    overdue: bool = False
    page: int = 1


class OpinionIn(Schema):
    opinion: str = ""
    data: dict[str, Any] | None = None


class SendBackIn(Schema):
    to: str = "previous"
    reason: str


class ReasonIn(Schema):
    reason: str = ""


class ReassignIn(Schema):
    to_user: int
    reason: str = ""


class AddSignerIn(Schema):
    signer: int
    position: str = "after"
    reason: str = ""


class CirculateIn(Schema):
    recipients: list[int]
    note: str = ""


class UrgeIn(Schema):
    message: str = ""


class StartIn(Schema):
    key: str
    title: str
    agency_id: int
    urgency: str = ProcessInstance.Urgency.NORMAL
    variables: dict[str, Any] = {}
    # The module object the process is about and the staff page that shows it (all three or none).
    subject_type: str = Field("", max_length=100, description="如 office.document")
    subject_id: str = Field("", max_length=64)
    subject_url: str = Field("", max_length=300, description="本站页面路径，如 /staff/office/documents/12/")


class DelegationIn(Schema):
    delegate: int
    starts_on: date
    ends_on: date
    reason: str
    module: str = ""


class DelegationOut(Schema):
    id: int
    principal_id: int
    delegate_id: int
    starts_on: date
    ends_on: date
    module: str
    reason: str
    revoked_at: datetime | None


# --- helpers -------------------------------------------------------------------------------------


def _page(queryset: Any, number: int) -> tuple[list[Any], dict[str, int]]:
    page = Paginator(queryset, PAGE_SIZE).get_page(number)
    return list(page.object_list), {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
    }


def _visible_item(request: HttpRequest, item_id: UUID) -> WorkItem:
    try:
        item = selectors.get_item(item_id)
    except WorkItem.DoesNotExist as exc:
        raise Http404("待办事项不存在。") from exc
    if not selectors.instance_visible_to(_user(request), item.instance):
        raise Http404("待办事项不存在。")
    return item


def _visible_instance(request: HttpRequest, instance_id: UUID) -> ProcessInstance:
    try:
        instance = selectors.get_instance(instance_id)
    except ProcessInstance.DoesNotExist as exc:
        raise Http404("流程不存在。") from exc
    if not selectors.instance_visible_to(_user(request), instance):
        raise Http404("流程不存在。")
    return instance


def _staff(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, kind=User.Kind.STAFF, is_active=True).first()
    if user is None:
        raise WorkflowError("找不到这位工作人员，请重新选择。", code="unknown_person")
    return user


# --- inbox ---------------------------------------------------------------------------------------


@router.get("/inbox/counts", response=CountsOut, summary="待办、超期、待阅件数")
@access_policy(audience="staff")
def inbox_counts(request: HttpRequest) -> Any:
    return selectors.count_inbox(_user(request))


@router.get("/inbox/todo", response=ItemPage, summary="待办")
@access_policy(audience="staff")
def inbox_todo(request: HttpRequest, filters: Query[InboxFilters]) -> Any:
    rows, meta = _page(
        selectors.list_todo(_user(request), module=filters.module, urgency=filters.urgency, overdue=filters.overdue),
        filters.page,
    )
    return {"items": rows, **meta}


@router.get("/inbox/done", response=ItemPage, summary="已办")
@access_policy(audience="staff")
def inbox_done(request: HttpRequest, filters: Query[InboxFilters]) -> Any:
    rows, meta = _page(
        selectors.list_done(_user(request), module=filters.module, urgency=filters.urgency, overdue=filters.overdue),
        filters.page,
    )
    return {"items": rows, **meta}


@router.get("/inbox/started", response=InstancePage, summary="我发起的")
@access_policy(audience="staff")
def inbox_started(request: HttpRequest, filters: Query[InboxFilters]) -> Any:
    queryset = selectors.list_started(_user(request), module=filters.module, urgency=filters.urgency)
    rows, meta = _page(queryset.select_related("definition"), filters.page)
    return {"items": rows, **meta}


@router.get("/inbox/to-read", response=ItemPage, summary="待阅（read=true 为已阅）")
@access_policy(audience="staff")
def inbox_to_read(request: HttpRequest, filters: Query[InboxFilters], read: bool = False) -> Any:
    queryset = selectors.list_to_read(_user(request), read=read, module=filters.module, urgency=filters.urgency)
    rows, meta = _page(queryset, filters.page)
    return {"items": rows, **meta}


# --- instances -----------------------------------------------------------------------------------


@router.post("/instances", response={201: InstanceOut}, summary="发起流程")
@access_policy(
    audience="staff", methods=("POST",), body={"key": "no.such.process", "title": "权限矩阵检查", "agency_id": 987654}
)
def start_instance(request: HttpRequest, payload: StartIn) -> Any:
    agency = Agency.objects.filter(pk=payload.agency_id).first()
    if agency is None:
        raise WorkflowError("发起单位不存在。", code="unknown_agency")
    subject = None
    if payload.subject_type or payload.subject_id or payload.subject_url:
        subject = services.Subject(type=payload.subject_type, id=payload.subject_id, url=payload.subject_url)
    instance = services.start(
        key=payload.key,
        title=payload.title,
        initiator=_user(request),
        agency=agency,
        subject=subject,
        variables=payload.variables,
        urgency=payload.urgency,
        ip=client_ip(request),
    )
    return Status(201, selectors.get_instance(instance.pk))


@router.get("/instances/{instance_id}", response=InstanceStateOut, summary="流程状态")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_process_instance",
)
def instance_state(request: HttpRequest, instance_id: UUID) -> Any:
    instance = _visible_instance(request, instance_id)
    state = selectors.diagram_state(instance)
    return {
        "instance": instance,
        "open_items": list(selectors.list_open_items(instance)),
        "done_elements": state["done"],
        "current_elements": state["current"],
        "waiting_elements": state["waiting"],
    }


@router.get("/instances/{instance_id}/log", response=list[StepOut], summary="办理记录")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_process_instance",
)
def instance_log(request: HttpRequest, instance_id: UUID) -> Any:
    instance = _visible_instance(request, instance_id)
    return [
        {
            "at": step.at,
            "actor_id": step.actor_id,
            "actor": str(step.actor) if step.actor else "系统",
            "on_behalf_of_id": step.on_behalf_of_id,
            "element_id": step.element_id,
            "step_name": step.step_name,
            "verb": step.verb,
            "verb_label": selectors.verb_label(step.verb),
            "opinion": step.opinion,
        }
        for step in selectors.list_steps(instance)
    ]


@router.post("/instances/{instance_id}/circulate", response=list[ItemOut], summary="传阅")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_process_instance",
    methods=("POST",),
    body={"recipients": []},
)
def circulate(request: HttpRequest, instance_id: UUID, payload: CirculateIn) -> Any:
    instance = _visible_instance(request, instance_id)
    recipients = [_staff(pk) for pk in payload.recipients]
    return services.circulate(
        instance, actor=_user(request), recipients=recipients, note=payload.note, ip=client_ip(request)
    )


@router.post("/instances/{instance_id}/terminate", response=InstanceOut, summary="终止（管理员）")
@access_policy(
    verb=selectors.MANAGE_VERB,
    objects="yiwang.testing.matrix_objects.make_process_instance",
    methods=("POST",),
    body={"reason": "权限矩阵检查"},
)
def terminate(request: HttpRequest, instance_id: UUID, payload: ReasonIn) -> Any:
    instance = _visible_instance(request, instance_id)
    services.terminate(instance, actor=_user(request), reason=payload.reason, ip=client_ip(request))
    return selectors.get_instance(instance.pk)


# --- items ---------------------------------------------------------------------------------------


@router.get("/items/{item_id}", response=ItemOut, summary="待办事项")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
)
def item_detail(request: HttpRequest, item_id: UUID) -> Any:
    return _visible_item(request, item_id)


def _instance_out(instance: ProcessInstance) -> ProcessInstance:
    return selectors.get_instance(instance.pk)


@router.post("/items/{item_id}/complete", response=InstanceOut, summary="同意/提交")
@access_policy(
    audience="staff",
    relation="assignee",
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={},
)
def complete(request: HttpRequest, item_id: UUID, payload: OpinionIn) -> Any:
    item = _visible_item(request, item_id)
    ip = client_ip(request)
    return _instance_out(
        services.complete(item, actor=_user(request), opinion=payload.opinion, data=payload.data, ip=ip)
    )


@router.post("/items/{item_id}/send-back", response=InstanceOut, summary="退回")
@access_policy(
    audience="staff",
    relation="assignee",
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={"reason": "权限矩阵检查"},
)
def send_back(request: HttpRequest, item_id: UUID, payload: SendBackIn) -> Any:
    item = _visible_item(request, item_id)
    ip = client_ip(request)
    return _instance_out(services.send_back(item, actor=_user(request), to=payload.to, reason=payload.reason, ip=ip))


@router.post("/items/{item_id}/withdraw", response=InstanceOut, summary="撤回")
@access_policy(
    audience="staff",
    relation="sender",
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={},
)
def withdraw(request: HttpRequest, item_id: UUID, payload: ReasonIn) -> Any:
    item = _visible_item(request, item_id)
    return _instance_out(services.withdraw(item, actor=_user(request), reason=payload.reason, ip=client_ip(request)))


@router.post("/items/{item_id}/reassign", response=ItemOut, summary="转办")
@access_policy(
    audience="staff",
    relation="assignee",
    or_verbs=(selectors.MANAGE_VERB,),  # 流程管理员可转办他人的待办
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={"to_user": REQUESTER},
)
def reassign(request: HttpRequest, item_id: UUID, payload: ReassignIn) -> Any:
    item = _visible_item(request, item_id)
    to_user = _staff(payload.to_user)
    return services.reassign(item, actor=_user(request), to_user=to_user, reason=payload.reason, ip=client_ip(request))


@router.post("/items/{item_id}/claim", response=ItemOut, summary="认领")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={},
    note="组任务的候选人认领；本对象已分配，止于 409（候选人规则未在对象级覆盖）",
)
def claim(request: HttpRequest, item_id: UUID) -> Any:
    item = _visible_item(request, item_id)
    return services.claim(item, actor=_user(request), ip=client_ip(request))


@router.post("/items/{item_id}/add-signer", response=ItemOut, summary="加签（before 前加签 / after 后加签）")
@access_policy(
    audience="staff",
    relation="assignee",
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={"signer": REQUESTER},
)
def add_signer(request: HttpRequest, item_id: UUID, payload: AddSignerIn) -> Any:
    item = _visible_item(request, item_id)
    signer = _staff(payload.signer)
    return services.add_signer(
        item,
        actor=_user(request),
        signer=signer,
        position=payload.position,
        reason=payload.reason,
        ip=client_ip(request),
    )


@router.post("/items/{item_id}/mark-read", response=ItemOut, summary="阅知")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={},
    note="待阅事项的收件人；本对象为待办，止于 400（待阅规则未在对象级覆盖）",
)
def mark_read(request: HttpRequest, item_id: UUID, payload: OpinionIn) -> Any:
    item = _visible_item(request, item_id)
    return services.mark_read(item, actor=_user(request), opinion=payload.opinion, ip=client_ip(request))


@router.post("/items/{item_id}/urge", response=ItemOut, summary="催办")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={},
    note="发送人、发起人或流程管理员；不能催办自己的待办（400）",
)
def urge(request: HttpRequest, item_id: UUID, payload: UrgeIn) -> Any:
    item = _visible_item(request, item_id)
    return services.urge(item, actor=_user(request), message=payload.message, ip=client_ip(request))


@router.post("/items/{item_id}/open", response=ItemOut, summary="记录已打开（此后发送人不能撤回）")
@access_policy(
    audience="staff",
    relation="participant",
    or_verbs=(selectors.MANAGE_VERB,),
    objects="yiwang.testing.matrix_objects.make_work_item",
    methods=("POST",),
    body={},
    note="仅办理人本人打开时记录 opened_at；其他参与人为无操作",
)
def open_item(request: HttpRequest, item_id: UUID) -> Any:
    item = _visible_item(request, item_id)
    return services.open_item(item, actor=_user(request), ip=client_ip(request))


# --- delegations ---------------------------------------------------------------------------------


@router.get("/delegations", response=list[DelegationOut], summary="我的委托")
@access_policy(audience="staff")
def delegations(request: HttpRequest) -> Any:
    return list(selectors.list_delegations_given(_user(request))[:100])


@router.post("/delegations", response={201: DelegationOut}, summary="委托")
@access_policy(
    audience="staff",
    methods=("POST",),
    body={"delegate": 987654, "starts_on": "2026-06-10", "ends_on": "2026-06-11", "reason": "权限矩阵检查"},
)
def create_delegation(request: HttpRequest, payload: DelegationIn) -> Any:
    delegation = services.delegate(
        principal=_user(request),
        delegate=_staff(payload.delegate),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        reason=payload.reason,
        module=payload.module,
        actor=_user(request),
    )
    return Status(201, delegation)


@router.post("/delegations/{delegation_id}/revoke", response=DelegationOut, summary="撤销委托")
@access_policy(
    audience="staff", methods=("POST",), kwargs={"delegation_id": 987654}, note="委托人本人的委托（对象级未覆盖）"
)
def revoke_delegation(request: HttpRequest, delegation_id: int) -> Any:
    delegation = Delegation.objects.filter(pk=delegation_id, principal_id=_user(request).pk).first()
    if delegation is None:
        raise Http404("委托不存在。")
    return services.revoke_delegation(delegation, actor=_user(request))
