"""诉求 (tickets) — the manifest."""

from yiwang.core.registry.manifest import Manifest, MenuEntry, Searchable, Verb

manifest = Manifest(
    name="tickets",
    title="诉求",
    description="政民互动：市长信箱、市长专线、行风热线、在线咨询和 12345 热线共用的诉求工单；查询码查询、我的诉求。",
    urls="yiwang.modules.tickets.urls",
    url_prefix="hudong/tickets",
    api="yiwang.modules.tickets.views.open311.router",  # Open311 GeoReport v2 at /api/tickets/open311/v2/
    verbs=(
        Verb(code="tickets.dispatch", label="诉求派单", roles=("dispatcher",)),
        Verb(code="tickets.handle", label="办理本机构的诉求", roles=("clerk", "leader")),
        Verb(code="tickets.api_keys", label="管理 Open311 接口密钥", roles=("dispatcher",)),
        Verb(code="tickets.follow_up", label="诉求回访和办结", roles=("operator", "dispatcher")),
        Verb(code="tickets.statistics", label="查看诉求统计", roles=("leader", "dispatcher", "office_director")),
        Verb(code="tickets.intake", label="热线受理诉求", roles=("operator", "dispatcher")),
        Verb(code="tickets.knowledge", label="查阅和维护知识库", roles=("clerk", "leader", "operator", "dispatcher")),
    ),
    processes=("processes/handling.bpmn", "processes/rehandling.bpmn"),
    demo_data="yiwang.modules.tickets.demo.load",
    menu=(
        MenuEntry(
            label="诉求统计", url_name="tickets_staff_statistics", verb="tickets.statistics", icon="table", order=225
        ),
    ),
    statistics=("yiwang.modules.tickets.selectors.statistics.headline_figures",),
    searchables=(
        Searchable(
            kind="tickets.reply",
            label="来信选登",
            documents="yiwang.modules.tickets.selectors.publication.publication_documents",
        ),
        Searchable(
            kind="tickets.knowledge",
            label="知识库",
            documents="yiwang.modules.tickets.selectors.knowledge.article_documents",
            staff_only=True,
        ),
    ),
)
