"""Demo data for 诉求 (manifest `demo_data`): letters and calls of 伊春 citizens at every stage of
their life, and a few knowledge-base answers, so the staff lists, 来信选登 and the statistics of the
reference deployment are not empty.

Every ticket goes through the real services — submitted on the web by the demo citizen or taken
on the phone by the demo operator, dispatched by the demo dispatcher, handled by the clerk and
leader of 伊春市民政局 (the one demo agency with both), rated by its citizen — so each has its
query code, clocks, workflow instance, audit entries and, with consent, its masked publication.

Idempotent: the demo letters and articles are known by their titles (the article made from a
reply is made in its letter's transaction); anything already there is left alone. Loaded by
`manage.py load_reference` after the demo people, never under production settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction

from yiwang.core.accounts.models import User
from yiwang.core.audit import services as audit
from yiwang.core.orgs.models import Agency

from . import services
from .models import Category, KnowledgeArticle, Ticket
from .models.rating import Rating, RatingLevel
from .services import knowledge, rating

AGENCY = "伊春市民政局"  # the demo agency whose 经办人 (王芳) and 负责人 (赵刚) hold the workflow steps
HOTLINE_CENTRE = "伊春市政务服务便民热线中心"
HOUSING = "伊春市住房和城乡建设局"
PEOPLE = ("dispatcher", "clerk", "leader", "operator", "zhangwei", "linduwood")

# How far each letter goes: submitted → dispatched → returned | drafted → replied → rated.
SUBMITTED, RETURNED, HANDLING, DRAFTED, REPLIED = "submitted", "returned", "handling", "drafted", "replied"
CLOSED, REHANDLING, REHANDLED_CLOSED = "closed", "rehandling", "rehandled_closed"


@dataclass(frozen=True)
class DemoLetter:
    title: str
    content: str
    category: str  # 诉求分类 code (migration 0002)
    kind: str
    channel: str
    contact_name: str
    contact_phone: str
    stage: str
    address: str = ""
    citizen: str = ""  # username of the demo account that wrote it; "" for a caller on the phone
    wants_public: bool = False
    confidential: bool = False
    return_reason: str = ""
    reply: str = ""
    second_reply: str = ""  # after a 差评
    rating: str = RatingLevel.SATISFIED
    comment: str = ""
    to_knowledge: bool = False  # 存入知识库 from the approved reply


C, T = Ticket.Channel, Ticket.Kind

LETTERS: tuple[DemoLetter, ...] = (
    DemoLetter(
        title="咨询伊美区城乡低保申请条件和流程",
        content="我家住伊美区旭日街道，爱人今年因病失去劳动能力，家中只有我打零工收入。"
        "想咨询申请城市最低生活保障需要什么条件、准备哪些材料、到哪里办理，大约多久能批下来。",
        category="0801",
        kind=T.CONSULTATION,
        channel=C.MAYOR_MAILBOX,
        contact_name="张伟",
        contact_phone="13904581234",
        address="伊春市伊美区旭日街道新兴社区",
        citizen="zhangwei",
        wants_public=True,
        stage=CLOSED,
        reply="您好！共同生活的家庭成员人均月收入低于我市城市低保标准、且家庭财产符合规定的，可申请城市低保。"
        "请持户口簿、身份证、家庭成员收入和病情证明，到户籍所在地街道办事处（旭日街道便民服务中心）提出申请，"
        "也可通过“黑龙江全省事”APP在线申请。街道受理后15个工作日内完成入户调查和民主评议，"
        "区民政局10个工作日内审批。如有疑问请致电伊美区民政局社会救助科0458-3600321。",
        comment="答复清楚，已经去街道递交了材料。",
        to_knowledge=True,
    ),
    DemoLetter(
        title="友好区独居老人希望提供助餐服务",
        content="我父亲82岁，独自住在友好区友谊街道，子女都在外地工作。听说有老年助餐点，"
        "请问友好区有没有，能不能送餐上门，费用怎么算。",
        category="0802",
        kind=T.HELP,
        channel=C.HOTLINE_12345,
        contact_name="刘秀兰",
        contact_phone="13904580012",
        address="伊春市友好区友谊街道",
        wants_public=True,
        stage=REPLIED,
        reply="您好！友好区友谊街道社区养老服务站设有老年助餐点，每日供应午餐，80周岁以上老人每餐补贴3元。"
        "行动不便的独居老人可由社区登记后送餐上门。请您或老人到社区居委会登记，联系电话0458-3456102。",
    ),
    DemoLetter(
        title="低保户冬季取暖补贴什么时候发放",
        content="我是乌翠区的低保户，往年十一月就能领到取暖补贴，今年到现在还没收到，"
        "请问今年的冬季取暖补贴什么时候发放，标准有没有变化。",
        category="0801",
        kind=T.CONSULTATION,
        channel=C.ONLINE_CONSULTATION,
        contact_name="张伟",
        contact_phone="13904581234",
        address="伊春市乌翠区乌马河街道",
        citizen="zhangwei",
        wants_public=True,
        stage=REPLIED,
        reply="您好！2026年城乡低保对象冬季取暖补贴标准不变，由市财政和各区县分担，"
        "已于12月上旬拨付至各区县民政部门，预计12月20日前通过“一卡通”发放到户。"
        "如届时仍未到账，请与乌翠区民政局联系核实。",
    ),
    DemoLetter(
        title="伊美区朝阳小区供暖温度不达标",
        content="伊美区朝阳小区5号楼自入冬以来室温一直在16度左右，达不到18度的标准，"
        "家里有老人和孩子，多次打供热公司电话都说在排查，请尽快督促解决。",
        category="0101",
        kind=T.COMPLAINT,
        channel=C.HOTLINE_12345,
        contact_name="王立军",
        contact_phone="13904580023",
        address="伊春市伊美区朝阳小区5号楼",
        stage=SUBMITTED,
    ),
    DemoLetter(
        title="金林区林苑小区物业不作为问题",
        content="金林区林苑小区物业公司收了物业费，楼道灯坏了两个月没人修，垃圾经常堆在单元门口，"
        "业主多次反映没有改善，请有关部门督促物业履行服务合同。",
        category="0103",
        kind=T.COMPLAINT,
        channel=C.MAYOR_MAILBOX,
        contact_name="张伟",
        contact_phone="13904581234",
        address="伊春市金林区林苑小区",
        citizen="zhangwei",
        stage=RETURNED,
        return_reason="物业服务监管属住房和城乡建设部门职责，建议改派市住房和城乡建设局。",
    ),
    DemoLetter(
        title="南岔县浩良河路段路面塌陷",
        content="南岔县浩良河镇通往县城的道路在加油站附近有一处路面塌陷，约两米宽，"
        "晚上没有警示标志，已经有电动车摔倒，请尽快设置警示并维修。",
        category="0104",
        kind=T.HELP,
        channel=C.MAYOR_LINE,
        contact_name="孙海波",
        contact_phone="13904580034",
        address="伊春市南岔县浩良河镇",
        stage=SUBMITTED,
    ),
    DemoLetter(
        title="乌翠区夜间施工噪音扰民",
        content="乌翠区新华街附近一处工地连续一周晚上十一点以后还在施工，噪音很大，"
        "周边居民无法休息，请相关部门核查是否办理了夜间施工许可。",
        category="0302",
        kind=T.COMPLAINT,
        channel=C.HOTLINE_12345,
        contact_name="赵春燕",
        contact_phone="0458-3612345",
        address="伊春市乌翠区新华街",
        stage=SUBMITTED,
    ),
    DemoLetter(
        title="企业开办后银行开户手续能否简化",
        content="我公司在伊美区政务服务中心一天内领到了营业执照和印章，但银行开户还要另外预约跑两趟，"
        "建议将银行开户纳入企业开办“一网通办”，进一步压缩开办时间。",
        category="1201",
        kind=T.SUGGESTION,
        channel=C.ONLINE_CONSULTATION,
        contact_name="陈林",
        contact_phone="13845881688",
        citizen="linduwood",
        stage=SUBMITTED,
    ),
    DemoLetter(
        title="异地就医备案后报销比例咨询",
        content="我母亲参加伊春市城乡居民医保，现在在哈尔滨跟我生活，已经办理了异地长期居住备案，"
        "请问在哈尔滨住院的报销比例和在伊春本地是否一样，需要什么手续。",
        category="0602",
        kind=T.CONSULTATION,
        channel=C.HOTLINE_12345,
        contact_name="李红梅",
        contact_phone="13904580045",
        stage=SUBMITTED,
    ),
    DemoLetter(
        title="铁力市高龄津贴申领需要哪些材料",
        content="我爷爷今年满八十周岁，户口在铁力市，听说可以领高龄津贴，"
        "请问需要准备哪些材料，是到社区还是到民政局办理。",
        category="0802",
        kind=T.CONSULTATION,
        channel=C.MAYOR_LINE,
        contact_name="马俊",
        contact_phone="13904580056",
        stage=HANDLING,
    ),
    DemoLetter(
        title="嘉荫县困难群众冬季取暖救助申请",
        content="我是嘉荫县朝阳镇的农村特困户，今年冬天烧柴和煤的钱不够，想申请临时救助或者取暖补助，请问怎么申请。",
        category="0801",
        kind=T.HELP,
        channel=C.HOTLINE_12345,
        contact_name="韩桂芝",
        contact_phone="13904580067",
        address="伊春市嘉荫县朝阳镇",
        stage=HANDLING,
    ),
    DemoLetter(
        title="咨询生态安葬奖补政策的申领方式",
        content="听说伊春对树葬、海葬等节地生态安葬有奖补，我家老人今年去世后选择了树葬，"
        "请问奖补标准是多少，需要去哪里申请。",
        category="0803",
        kind=T.CONSULTATION,
        channel=C.ONLINE_CONSULTATION,
        contact_name="张伟",
        contact_phone="13904581234",
        citizen="zhangwei",
        stage=DRAFTED,
        reply="您好！选择树葬、花坛葬等节地生态安葬的，可凭火化证明和安葬证明到户籍所在地区（县）民政局"
        "申领一次性奖补，具体标准以区县公布的为准。",
    ),
    DemoLetter(
        title="低保复核后被停保希望重新核查",
        content="我家在伊美区享受低保五年，今年复核时说我儿子名下有一辆车被停保了，"
        "但那辆车是十几年前的旧车早已报废，只是没办注销，请重新核查。",
        category="0801",
        kind=T.COMPLAINT,
        channel=C.HOTLINE_12345,
        contact_name="周淑芬",
        contact_phone="13904580078",
        address="伊春市伊美区红升街道",
        wants_public=True,
        stage=REHANDLING,
        reply="您好！经核查，您家庭成员名下登记有机动车一辆，不符合低保条件，停保决定符合规定。",
        rating=RatingLevel.DISSATISFIED,
        comment="车早就报废了，只看登记不看实际情况。",
    ),
    DemoLetter(
        title="残疾人两项补贴迟迟未到账",
        content="我是友好区的二级肢体残疾人，今年申请了重度残疾人护理补贴，"
        "社区说已经报上去了，但三个月了还没有到账，请帮忙查一下卡在哪个环节。",
        category="0801",
        kind=T.HELP,
        channel=C.MAYOR_MAILBOX,
        contact_name="张伟",
        contact_phone="13904581234",
        address="伊春市友好区友好街道",
        citizen="zhangwei",
        wants_public=True,
        stage=REHANDLED_CLOSED,
        reply="您好！您的补贴申请正在审核中，请耐心等待。",
        rating=RatingLevel.DISSATISFIED,
        comment="没有说明卡在哪里、什么时候能到账。",
        second_reply="您好！经逐级核查，您的申请因残疾证信息未同步在区残联审核环节滞留，现已补录并于12月审批通过，"
        "本月起按月发放，并补发申请以来的三个月护理补贴。对工作中的延误向您致歉。",
    ),
    DemoLetter(
        title="举报某养老院虐待入住老人",
        content="伊美区一家民办养老院护理员多次推搡、呵斥入住老人，有家属看到老人身上有淤青，"
        "请民政部门调查处理，我不希望公开我的身份。",
        category="0802",
        kind=T.REPORT,
        channel=C.MAYOR_MAILBOX,
        contact_name="张伟",
        contact_phone="13904581234",
        citizen="zhangwei",
        confidential=True,
        stage=CLOSED,
        reply="您好！接到举报后，市民政局会同伊美区民政局对该养老院进行了突击检查，调取监控并走访入住老人，"
        "已责令该院辞退涉事护理员、开展全员培训，并纳入重点监管名单，后续将不定期复查。感谢您的监督。",
    ),
    DemoLetter(
        title="在外地如何办理婚姻登记预约",
        content="我和未婚妻户口都在伊春市伊美区，现在在外地工作，过年回来想办理结婚登记，"
        "请问能不能在网上预约，需要带哪些证件。",
        category="0803",
        kind=T.CONSULTATION,
        channel=C.ONLINE_CONSULTATION,
        contact_name="刘洋洋",
        contact_phone="13904580089",
        wants_public=True,
        stage=CLOSED,
        reply="您好！可通过“黑龙江全省事”APP或民政部“婚姻登记预约”小程序预约伊美区婚姻登记处。"
        "办理时请双方本人携带身份证、户口簿原件和近期2寸双人合影照片3张。内地居民婚姻登记已实行全国通办，"
        "也可在现居住地婚姻登记机关办理。",
        rating=RatingLevel.VERY_SATISFIED,
        comment="很快就回复了，谢谢。",
    ),
)

# (agency full name, author username, category code, title, body) — written by staff.
ARTICLES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        HOTLINE_CENTRE,
        "operator",
        "0101",
        "供暖期室温标准和供热投诉受理口径",
        "问：供暖期家里室温多少度算达标？温度不够向谁反映？\n\n"
        "答：供暖期起止日期以市政府当年公告为准（遇气温异常提前或延长）。供暖期间住宅卧室、起居室室温不低于18℃。"
        "室温不达标的，请先向供热单位报修；24小时内未处理或处理不满意的，话务员按“供热采暖”分类受理，"
        "派所在区县供热主管部门办理，办理时限3个工作日。",
    ),
    (
        AGENCY,
        "clerk",
        "0802",
        "高龄津贴的申领条件和办理地点",
        "问：多大年龄可以领高龄津贴？到哪里办？\n\n"
        "答：具有本市户籍、年满80周岁的老年人可申领高龄津贴，按年龄段分档发放。"
        "本人或家属持身份证、户口簿和银行卡到户籍所在地社区（村）申请，街道（乡镇）审核，区县民政局审批，"
        "次月起按月发放。年满80周岁前一个月即可提前申请。",
    ),
    (
        HOUSING,
        "dispatcher",
        "0103",
        "物业服务问题的受理和派单口径",
        "问：小区物业不维修公共设施、服务不到位，向哪里反映？\n\n"
        "答：物业服务质量问题按“物业管理”分类受理，派所在区县住房和城乡建设部门办理，由其督促物业服务企业"
        "按合同整改；涉及物业收费标准的同时抄送市场监管部门。民政部门不负责物业监管，请勿派至民政局。",
    ),
)


def load(stdout: TextIO | None = None) -> None:
    """Create the demo letters and knowledge-base articles that are missing. Safe to run again."""
    people = {user.username: user for user in User.objects.filter(username__in=PEOPLE)}
    agency = Agency.objects.filter(full_name=AGENCY).first()
    if len(people) < len(PEOPLE) or agency is None:
        _say(stdout, "诉求：缺少演示账户或机构，未加载演示诉求。\n")
        return  # demo people or agencies missing (e.g. --no-demo): nothing to show
    categories = {c.code: c for c in Category.objects.filter(code__in={letter.category for letter in LETTERS})}
    existing = set(
        Ticket.objects.filter(title__in=[letter.title for letter in LETTERS]).values_list("title", flat=True)
    )
    articles_before = KnowledgeArticle.objects.count()
    created = 0
    for letter in LETTERS:
        if letter.title in existing:
            continue
        try:
            with transaction.atomic():  # a letter is created with its whole story, or not at all
                _tell(letter, people=people, agency=agency, category=categories.get(letter.category))
        except (services.TicketRefused, knowledge.KnowledgeRefused, ValidationError) as error:
            # A demo that cannot be told must not stop the reference data.
            _say(stdout, f"演示诉求未能创建：{letter.title}（{getattr(error, 'message', error)}）\n")
            continue
        created += 1
    _articles(people)
    articles = KnowledgeArticle.objects.count() - articles_before  # with those made from replies
    with transaction.atomic():
        audit.record(
            event="tickets.demo_loaded",
            actor=None,
            actor_label="demo",
            detail={"tickets_created": created, "articles_created": articles},
        )
    _say(stdout, f"诉求：新增演示诉求 {created}（共 {len(LETTERS)}），新增知识库条目 {articles}。\n")


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _tell(letter: DemoLetter, *, people: dict[str, User], agency: Agency, category: Category | None) -> Ticket:
    """Take one letter as far as its stage, each step by the person who does it on the platform."""
    citizen = people.get(letter.citizen) if letter.citizen else None
    dispatcher, clerk, leader = people["dispatcher"], people["clerk"], people["leader"]
    ticket = services.submit_ticket(
        channel=letter.channel,
        kind=letter.kind,
        category=category,
        title=letter.title,
        content=letter.content,
        contact_name=letter.contact_name,
        contact_phone=letter.contact_phone,
        address=letter.address,
        citizen=citizen,
        wants_public=letter.wants_public,
        confidential=letter.confidential,
        # Phone channels are taken by the hotline operator, as on the 话务受理 screen.
        operator=people["operator"] if letter.channel in rating.PHONE_CHANNELS else None,
    )
    if letter.stage == SUBMITTED:
        return ticket
    ticket = services.dispatch_ticket(ticket=ticket, agency=agency, actor=dispatcher, note="请按时限办理并答复。")
    if letter.stage == RETURNED:
        return services.return_ticket(ticket=ticket, actor=clerk, reason=letter.return_reason)
    if letter.stage == HANDLING:
        return ticket
    ticket = services.draft_reply(ticket=ticket, actor=clerk, content=letter.reply)
    if letter.stage == DRAFTED:
        return ticket
    ticket = services.approve_reply(ticket=ticket, actor=leader)
    if letter.to_knowledge:
        knowledge.create_article_from_reply(ticket=ticket, actor=clerk)
    if letter.stage == REPLIED:
        return ticket
    _rate(ticket, letter, citizen=citizen, round=1, level=letter.rating)
    if letter.stage in (CLOSED, REHANDLING):
        return ticket
    ticket = services.draft_reply(ticket=ticket, actor=clerk, content=letter.second_reply)
    ticket = services.approve_reply(ticket=ticket, actor=leader)
    _rate(ticket, letter, citizen=citizen, round=2, level=RatingLevel.SATISFIED, comment="问题解决了，感谢。")
    return ticket


def _rate(
    ticket: Ticket, letter: DemoLetter, *, citizen: User | None, round: int, level: str, comment: str = ""
) -> None:
    """The citizen rates: in 我的诉求 when signed in, else through the link texted with the reply."""
    rating.rate_ticket(
        ticket=ticket,
        round=round,
        level=level,
        dimension_levels={code: level for code, _label in rating.dimensions()},
        comment=comment or letter.comment,
        actor=citizen,
        source=Rating.Source.MY_TICKETS if citizen else Rating.Source.LINK,
    )


def _articles(people: dict[str, User]) -> None:
    agencies = {a.full_name: a for a in Agency.objects.filter(full_name__in={row[0] for row in ARTICLES})}
    categories = {c.code: c for c in Category.objects.filter(code__in={row[2] for row in ARTICLES})}
    existing = set(
        KnowledgeArticle.objects.filter(title__in=[row[3] for row in ARTICLES]).values_list("title", flat=True)
    )
    for agency_name, author, code, title, body in ARTICLES:
        agency = agencies.get(agency_name)
        if title in existing or agency is None:
            continue
        try:
            knowledge.create_article(
                actor=people[author], agency=agency, category=categories.get(code), title=title, body=body
            )
        except knowledge.KnowledgeRefused:
            continue  # the author lacks the verb there (roles changed): leave it out
