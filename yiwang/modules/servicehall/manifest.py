"""一个大厅 (the service hall) — the manifest."""

from yiwang.core.registry.manifest import Manifest, MenuEntry, Searchable, Verb

manifest = Manifest(
    name="servicehall",
    title="政务服务",
    description="一网通办：政务服务事项目录和办事指南、在线申请和办件、电子证照、好差评、办件查询，以及实体大厅的取号叫号。",
    urls="yiwang.modules.servicehall.urls",
    url_prefix="services",
    demo_data="yiwang.modules.servicehall.demo.load",
    processes=("processes/application.bpmn",),
    verbs=(
        Verb(code="servicehall.view", label="查看本机构的政务服务事项和办件", roles=("clerk", "leader", "window")),
        Verb(code="servicehall.manage_catalogue", label="编辑、发布政务服务事项和办事指南", roles=("office_director",)),
        Verb(code="servicehall.call_queue", label="窗口叫号", roles=("window",)),
        Verb(code="servicehall.accept", label="办件预审、受理和送达", roles=("window",)),
        Verb(code="servicehall.examine", label="办件审查、特别程序和承诺核查", roles=("clerk", "leader")),
        Verb(code="servicehall.decide", label="作出和撤销办件决定", roles=("leader",)),
    ),
    searchables=(
        Searchable(
            kind="servicehall.item", label="办事指南", documents="yiwang.modules.servicehall.search.item_documents"
        ),
    ),
    menu=(
        MenuEntry(
            label="事项目录",
            url_name="servicehall_staff_items",
            verb="servicehall.manage_catalogue",
            icon="list-ul",
            order=260,
        ),
        MenuEntry(
            label="窗口叫号",
            url_name="servicehall_queue_halls",
            verb="servicehall.call_queue",
            icon="list-ol",
            order=262,
        ),
        MenuEntry(
            label="办件统计",
            url_name="servicehall_staff_statistics",
            verb="servicehall.view",
            icon="table",
            order=268,
        ),
    ),
)
