"""Reading and checking uploaded BPMN 2.0 (流程定义校验).

Yiwang's rules for a user task live in its `bpmn:extensionElements`, in our own namespace, so any
BPMN modeler can still draw and round-trip the file:

    <bpmn:userTask id="review" name="核稿">
      <bpmn:extensionElements>
        <yw:assignee rule="role" role="office_director" agency="initiator" />
        <yw:verbs>complete send_back withdraw reassign add_signer circulate urge</yw:verbs>
        <yw:due workingDays="2" />
        <yw:countersign completion="all" />   <!-- with multiInstanceLoopCharacteristics -->
      </bpmn:extensionElements>
    </bpmn:userTask>

Assignment rules (`yw:assignee rule=…`):
  initiator · initiator_leader · user (user="username") · variable (name="var": user id(s)) ·
  performer (element="id": whoever completed that step last) · role (role, agency) ·
  group (role, agency: one member claims it) · leader (agency: Membership.is_leader).
Agency references: `initiator` (the initiator's agency), `var:<name>` (an agency id or a list of
them — a list fans a 会签 step out into one item per agency) or `id:<pk>`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from .engine import expressions, runtime
from .errors import DefinitionError

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
YW = "urn:yiwang:bpmn:1"
NS = {"bpmn": BPMN, "yw": YW}

# Verbs a step can allow. complete is always allowed; terminate is an admin verb, not a step's.
STEP_VERBS = ("complete", "send_back", "withdraw", "reassign", "add_signer", "circulate", "urge")
DEFAULT_VERBS = ("complete", "send_back", "withdraw", "reassign", "circulate", "urge")
RULES = ("initiator", "initiator_leader", "user", "variable", "performer", "role", "group", "leader")

_SUPPORTED = {
    "startEvent": "开始事件",
    "endEvent": "结束事件",
    "userTask": "用户任务",
    "exclusiveGateway": "排他网关",
    "parallelGateway": "并行网关",
    "inclusiveGateway": "包容网关",
    "sequenceFlow": "顺序流",
    "intermediateCatchEvent": "中间捕获事件（定时）",
    "boundaryEvent": "边界事件（定时）",
    "laneSet": "泳道",
    "textAnnotation": "注释",
    "association": "关联",
    "documentation": "说明",
    "extensionElements": "扩展",
}
_UNSUPPORTED_HINTS = {
    "scriptTask": "脚本任务（上传的流程不执行脚本）",
    "serviceTask": "服务任务",
    "sendTask": "发送任务",
    "receiveTask": "接收任务",
    "businessRuleTask": "业务规则任务",
    "subProcess": "子流程",
    "callActivity": "调用活动",
    "manualTask": "人工任务（请用用户任务）",
    "task": "未指定类型的任务（请用用户任务）",
}
_VAR = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_DURATION = re.compile(r"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")


@dataclass
class StepRule:
    """The Yiwang rules of one user task, stored in ProcessDefinition.steps[element_id]."""

    name: str
    rule: str
    role: str = ""
    agency: str = ""
    user: str = ""
    variable: str = ""
    element: str = ""
    verbs: list[str] = field(default_factory=lambda: list(DEFAULT_VERBS))
    due_days: int | None = None
    multi: bool = False
    completion: str = "all"  # all / any / "<n>%"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepRule:
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ParsedDefinition:
    process_id: str
    name: str
    steps: dict[str, StepRule]
    spec: dict[str, Any]


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_definition(bpmn_xml: str | bytes) -> ParsedDefinition:
    """Check `bpmn_xml` and return its steps and serialised spec; DefinitionError lists every problem."""
    raw = bpmn_xml.encode() if isinstance(bpmn_xml, str) else bpmn_xml
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise DefinitionError([("", f"XML 格式错误：{exc.msg}（第{exc.lineno}行）")]) from exc
    if root.tag != f"{{{BPMN}}}definitions":
        raise DefinitionError([("", "不是 BPMN 2.0 文件：根元素应为 bpmn:definitions")])
    processes = root.findall("bpmn:process", NS)
    executable = [p for p in processes if p.get("isExecutable", "true").lower() == "true"] or processes
    if len(executable) != 1:
        raise DefinitionError([("", f"文件中应有且只有一个可执行流程（bpmn:process），现有{len(executable)}个")])
    process = executable[0]
    process_id = process.get("id", "")
    problems: list[tuple[str, str]] = []
    steps: dict[str, StepRule] = {}
    ids = {el.get("id") for el in process.iter() if el.get("id")}
    for element in process:
        if not isinstance(element.tag, str):
            continue
        problems += _check_element(element, steps, ids)
    if process.find("bpmn:userTask", NS) is None:
        problems.append((process_id, "流程中没有用户任务"))
    for rule_element, rule in steps.items():
        if rule.rule == "performer" and rule.element not in steps:
            problems.append((rule_element, f"办理人规则引用的环节 {rule.element} 不是本流程的用户任务"))
    if problems:
        raise DefinitionError(problems)
    spec = _spiff_spec(root, process_id)
    return ParsedDefinition(process_id=process_id, name=process.get("name") or process_id, steps=steps, spec=spec)


def _check_element(element: Any, steps: dict[str, StepRule], ids: set[str]) -> list[tuple[str, str]]:
    kind = _local(element.tag)
    element_id = element.get("id", "")
    if element.tag.split("}")[0].strip("{") != BPMN:
        return []  # other namespaces (DI, vendor extensions) are ignored by the engine
    if kind in _UNSUPPORTED_HINTS:
        return [(element_id, f"不支持的元素：{_UNSUPPORTED_HINTS[kind]}")]
    if kind not in _SUPPORTED:
        return [(element_id, f"不支持的元素：bpmn:{kind}")]
    if kind == "userTask":
        return _check_user_task(element, steps, ids)
    if kind == "sequenceFlow":
        condition = element.find("bpmn:conditionExpression", NS)
        if condition is not None and (condition.text or "").strip():
            try:
                expressions.parse(condition.text)
            except expressions.ExpressionError as exc:
                return [(element_id, f"条件表达式不可用：{exc}")]
        return []
    if kind in ("intermediateCatchEvent", "boundaryEvent", "startEvent", "endEvent"):
        return _check_event(element, kind)
    return []


def _check_event(element: Any, kind: str) -> list[tuple[str, str]]:
    element_id = element.get("id", "")
    definitions = [child for child in element if _local(child.tag).endswith("EventDefinition")]
    if kind in ("startEvent", "endEvent"):
        if definitions and not (kind == "endEvent" and _local(definitions[0].tag) == "terminateEventDefinition"):
            return [(element_id, "开始/结束事件不支持事件定义（只支持空开始、空结束和终止结束）")]
        return []
    if len(definitions) != 1 or _local(definitions[0].tag) != "timerEventDefinition":
        return [(element_id, "中间事件和边界事件只支持定时器（timerEventDefinition）")]
    duration = definitions[0].find("bpmn:timeDuration", NS)
    if duration is None:
        return [(element_id, '定时器只支持时长（timeDuration），如 "P3D" 或 "PT4H"')]
    text = (duration.text or "").strip().strip("\"'")
    if not _DURATION.match(text):
        return [(element_id, f"定时器时长“{text}”不是 ISO 8601 时长，如 P3D、PT4H")]
    return []


def _check_user_task(element: Any, steps: dict[str, StepRule], ids: set[str]) -> list[tuple[str, str]]:
    element_id = element.get("id", "")
    name = element.get("name") or element_id
    problems: list[tuple[str, str]] = []
    extensions = element.find("bpmn:extensionElements", NS)
    assignee = extensions.find("yw:assignee", NS) if extensions is not None else None
    if assignee is None:
        return [(element_id, f"用户任务“{name}”缺少办理人规则（yw:assignee）")]
    rule = StepRule(name=name, rule=assignee.get("rule", ""))
    rule.role = assignee.get("role", "")
    rule.agency = assignee.get("agency", "")
    rule.user = assignee.get("user", "")
    rule.variable = assignee.get("name", "")
    rule.element = assignee.get("element", "")
    problems += [(element_id, message) for message in _check_rule(rule)]
    verbs = extensions.find("yw:verbs", NS) if extensions is not None else None
    if verbs is not None:
        listed = (verbs.text or "").split()
        unknown = [verb for verb in listed if verb not in STEP_VERBS]
        if unknown:
            problems.append((element_id, f"未知的操作：{'、'.join(unknown)}；可用：{' '.join(STEP_VERBS)}"))
        rule.verbs = ["complete", *[verb for verb in listed if verb in STEP_VERBS and verb != "complete"]]
    due = extensions.find("yw:due", NS) if extensions is not None else None
    if due is not None:
        text = due.get("workingDays", "")
        if not text.isdigit() or not 0 < int(text) <= 365:
            problems.append((element_id, f"办理时限 workingDays=“{text}”应为 1 到 365 的整数（工作日）"))
        else:
            rule.due_days = int(text)
    multi = element.find("bpmn:multiInstanceLoopCharacteristics", NS)
    if element.find("bpmn:standardLoopCharacteristics", NS) is not None:
        problems.append((element_id, "不支持循环任务（standardLoopCharacteristics）"))
    countersign = extensions.find("yw:countersign", NS) if extensions is not None else None
    if multi is not None:
        if multi.get("isSequential", "false").lower() == "true":
            problems.append((element_id, "会签只支持并行多实例（isSequential=false）"))
        rule.multi = True
        rule.completion = countersign.get("completion", "all") if countersign is not None else "all"
        if not re.fullmatch(r"all|any|(100|[1-9][0-9]?)%", rule.completion):
            problems.append((element_id, f"会签完成条件“{rule.completion}”应为 all、any 或百分比（如 60%）"))
    elif countersign is not None:
        problems.append((element_id, "yw:countersign 只能用于多实例（会签）任务"))
    steps[element_id] = rule
    return problems


def _check_rule(rule: StepRule) -> list[str]:
    from yiwang.core.accounts.models import User
    from yiwang.core.orgs.models import Agency, Role

    if rule.rule not in RULES:
        return [f"未知的办理人规则“{rule.rule}”；可用：{'、'.join(RULES)}"]
    problems: list[str] = []
    if rule.rule in ("role", "group") and not Role.objects.filter(code=rule.role).exists():
        problems.append(f"办理人规则中的角色代码“{rule.role}”不存在")
    if rule.rule in ("role", "group", "leader"):
        if rule.agency == "initiator" or (rule.agency.startswith("var:") and _VAR.match(rule.agency[4:])):
            pass
        elif rule.agency.startswith("id:") and rule.agency[3:].isdigit():
            if not Agency.objects.filter(pk=int(rule.agency[3:])).exists():
                problems.append(f"办理人规则中的机构“{rule.agency}”不存在")
        else:
            problems.append(f"机构引用“{rule.agency}”无效：应为 initiator、var:变量名 或 id:机构编号")
    if rule.rule == "user" and not User.objects.filter(username=rule.user, kind="staff", is_active=True).exists():
        problems.append(f"办理人规则中的用户“{rule.user}”不存在或不是在岗工作人员")
    if rule.rule == "variable" and not _VAR.match(rule.variable):
        problems.append(f"办理人变量名“{rule.variable}”无效")
    if rule.rule == "performer" and not rule.element:
        problems.append("performer 规则需要 element（取哪个环节的办理人）")
    return problems


def _spiff_spec(root: Any, process_id: str) -> dict[str, Any]:
    """Parse with SpiffWorkflow. 会签 fan-out is ours, so Spiff sees a multi-instance task as one task."""
    tree = etree.fromstring(etree.tostring(root))
    for multi in tree.iterfind(".//bpmn:userTask/bpmn:multiInstanceLoopCharacteristics", NS):
        multi.getparent().remove(multi)
    for duration in tree.iterfind(".//bpmn:timeDuration", NS):
        # Spiff evaluates the duration as an expression: make a bare P3D a string literal.
        duration.text = repr((duration.text or "").strip().strip("\"'"))
    parser = BpmnParser()
    try:
        parser.add_bpmn_xml(tree, filename=f"{process_id}.bpmn")
        spec = parser.get_spec(process_id)
    except ValidationException as exc:
        element = getattr(exc, "id", "") or ""
        raise DefinitionError([(element, f"流程结构有误：{exc.args[0] if exc.args else exc}")]) from exc
    except Exception as exc:  # Spiff raises plain exceptions for some structural problems
        raise DefinitionError([("", f"流程结构有误：{exc}")]) from exc
    return runtime.serialise_spec(spec)
