"""The 办事指南 page the `servicehall_guide` benchmark loads: a published item of the bench database.

`bench/run.py` runs `print_guide_path()` in `manage.py shell` after loading the data: it prints the
path of the newest published item's guide page, and when the data has none (the seed has not
landed), it first creates and publishes one through the catalogue's services, as an editor would —
a complete 最低生活保障 guide with materials and steps — so the page measured is a real one.
"""

from __future__ import annotations

BENCH_CODE = "11230700MB0000000B4000112001"


def ensure_published_item() -> str:
    from django.db import transaction

    from yiwang.core.orgs.models import Membership
    from yiwang.modules.servicehall.models import ServiceItem
    from yiwang.modules.servicehall.services import catalogue

    item = ServiceItem.objects.filter(status=ServiceItem.Status.PUBLISHED).order_by("-published_at").first()
    if item is not None:
        return item.code
    # An editor of the catalogue as the reference data has them (a role holding the manage verb).
    membership = next(
        (
            m
            for m in Membership.objects.select_related("user", "agency", "role").order_by("agency__path", "pk")
            if catalogue.MANAGE in (m.role.verbs or [])
        ),
        None,
    )
    assert membership is not None, "the bench data has no editor of the service catalogue"
    editor, agency = membership.user, membership.agency
    values = {
        "code": BENCH_CODE,
        "name": "最低生活保障对象认定",
        "item_type": ServiceItem.ItemType.CONFIRMATION,
        "agency": agency,
        "legal_basis": "《社会救助暂行办法》（国务院令第649号）第九条至第十三条；《黑龙江省最低生活保障办法》",
        "conditions": "持有本地常住户口的居民，共同生活的家庭成员人均收入低于当地最低生活保障标准，"
        "且家庭财产状况符合当地人民政府规定条件的，可以申请最低生活保障。",
        "statutory_days": 30,
        "promised_days": 20,
        "fee_charged": False,
        "location": "伊春市政务服务中心一楼社会救助窗口；或户籍所在地乡镇人民政府（街道办事处）便民服务中心",
        "office_hours": "工作日 上午 8:30-11:30，下午 13:30-17:00（法定节假日除外）",
        "consult_phone": "0458-3600001",
        "supervise_phone": "0458-12345",
        "online_depth": ServiceItem.OnlineDepth.FULL,
        "visits": 0,
        "for_person": True,
    }
    materials = [
        {"name": "最低生活保障申请书", "source": "applicant", "form": "original", "copies": 1, "medium": "either"},
        {"name": "申请人及家庭成员身份证", "source": "government", "form": "copy", "copies": 1, "medium": "either"},
        {"name": "户口簿", "source": "government", "form": "copy", "copies": 1, "medium": "paper"},
        {"name": "家庭经济状况核对授权书", "source": "applicant", "form": "original", "copies": 1, "medium": "paper"},
        {
            "name": "残疾证或重大疾病诊断证明（如有）",
            "source": "other",
            "form": "copy",
            "copies": 1,
            "medium": "paper",
            "required": False,
        },
    ]
    steps = [
        {"name": "受理", "days": 0, "description": "申请人向乡镇（街道）提出申请，材料不全的一次性告知。"},
        {"name": "家庭经济状况调查", "days": 10, "description": "入户调查、信息核对。"},
        {"name": "审核", "days": 5, "description": "乡镇（街道）提出审核意见并公示。"},
        {"name": "审批确认", "days": 5, "description": "县级民政部门审批并公示。"},
    ]
    with transaction.atomic():
        item = catalogue.save_item(actor=editor, values=values, materials=materials, steps=steps)
        catalogue.publish_item(actor=editor, item=item)
    return item.code


def print_guide_path() -> None:
    print(f"/services/items/{ensure_published_item()}/")
