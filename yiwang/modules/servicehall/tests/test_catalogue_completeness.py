"""The completeness check lists every missing key 办事指南 element, each with a Chinese message."""

from __future__ import annotations

from types import SimpleNamespace

from ..completeness import is_complete, missing_elements
from ..models import ServiceItem


def _item(**changes):
    values = dict(
        code="11230700MB1234567X4000112001",
        name="高龄津贴发放",
        item_type="payment",
        agency_id=1,
        legal_basis="《黑龙江省老年人权益保障条例》",
        conditions="年满 80 周岁的本市户籍老年人。",
        statutory_days=20,
        promised_days=10,
        fee_charged=False,
        fee_basis="",
        fee_standard="",
        location="伊春市政务服务中心",
        office_hours="工作日 8:30-17:00",
        consult_phone="0458-3600001",
        supervise_phone="0458-12345",
        online_depth=4,
        visits=0,
        for_person=True,
        for_legal_person=False,
        external_url="",
    )
    values.update(changes)
    return SimpleNamespace(**values)


MATERIALS = [SimpleNamespace(name="身份证")]
STEPS = [SimpleNamespace(name="受理")]


def test_a_complete_item_has_nothing_missing():
    assert missing_elements(_item(), materials=MATERIALS, steps=STEPS) == []
    assert is_complete(_item(), materials=MATERIALS, steps=STEPS)


def test_an_empty_draft_lists_every_element_with_a_chinese_message():
    empty = ServiceItem()
    fields = {m.field: m.message for m in missing_elements(empty)}
    assert set(fields) == {
        "name",
        "code",
        "item_type",
        "agency_id",
        "legal_basis",
        "conditions",
        "materials",
        "steps",
        "statutory_days",
        "promised_days",
        "location",
        "office_hours",
        "consult_phone",
        "supervise_phone",
        "online_depth",
        "visits",
        "audience",
    }
    assert fields["legal_basis"] == "缺少设定依据。"
    assert fields["audience"] == "缺少服务对象（个人或法人，至少一项）。"


def test_a_charged_item_needs_its_fee_basis_and_standard():
    fields = [m.field for m in missing_elements(_item(fee_charged=True), materials=MATERIALS, steps=STEPS)]
    assert fields == ["fee_basis", "fee_standard"]
    charged = _item(fee_charged=True, fee_basis="黑价联字〔2018〕12号", fee_standard="每件 10 元")
    assert is_complete(charged, materials=MATERIALS, steps=STEPS)


def test_blank_text_counts_as_missing():
    fields = [
        m.field for m in missing_elements(_item(location="  ", consult_phone=""), materials=MATERIALS, steps=STEPS)
    ]
    assert fields == ["location", "consult_phone"]


def test_zero_days_and_zero_visits_are_values_not_gaps():
    # 即办件 (0 working days) and 零跑动 (0 visits) are answers, not missing elements.
    assert is_complete(_item(statutory_days=0, promised_days=0, visits=0), materials=MATERIALS, steps=STEPS)


def test_materials_and_steps_without_names_do_not_count():
    fields = [m.field for m in missing_elements(_item(), materials=[SimpleNamespace(name="")], steps=[])]
    assert fields == ["materials", "steps"]


def test_a_guided_item_needs_no_materials_or_flow_but_everything_else():
    guided = _item(external_url="https://etax.chinatax.gov.cn/")
    assert is_complete(guided)
    fields = [
        m.field for m in missing_elements(_item(external_url="https://etax.chinatax.gov.cn/", supervise_phone=""))
    ]
    assert fields == ["supervise_phone"]


def test_either_audience_is_enough():
    assert is_complete(_item(for_person=False, for_legal_person=True), materials=MATERIALS, steps=STEPS)
    fields = [m.field for m in missing_elements(_item(for_person=False), materials=MATERIALS, steps=STEPS)]
    assert fields == ["audience"]
