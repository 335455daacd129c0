"""公文 (official documents) — the manifest."""

from yiwang.core.registry.manifest import Manifest, MenuEntry, Searchable, Verb

manifest = Manifest(
    name="documents",
    title="公文",
    description="办公系统：发文（拟稿、核稿、会签、签发、编号、用印、分发）、收文（签收、登记、阅批、承办）、公文交换和归档；按 GB/T 9704-2012 生成并加盖电子印章的公文 PDF。",
    urls="yiwang.modules.documents.urls",
    url_prefix="documents",
    verbs=(
        Verb(code="documents.view", label="查看本机关的公文", roles=("clerk", "leader", "office_director")),
        Verb(code="documents.draft", label="拟稿", roles=("clerk", "office_director")),
        Verb(code="documents.review", label="核稿、复核", roles=("office_director", "clerk")),
        Verb(code="documents.countersign", label="会签（联合发文机关负责人）", roles=("leader",)),
        Verb(code="documents.sign_off", label="签发（经授权的机关领导）", roles=("leader",)),
        Verb(code="documents.number", label="编发文字号", roles=("office_director",)),
        Verb(code="documents.seal", label="用印（加盖电子印章）", roles=("office_director",)),
        Verb(code="documents.distribute", label="分发和归档", roles=("office_director",)),
        Verb(code="documents.supervise", label="公文督办", roles=("leader", "office_director")),
        Verb(code="documents.receive", label="收文签收、登记、拟办和办结", roles=("clerk", "office_director")),
        Verb(code="documents.instruct", label="收文批办、阅批（机关领导）", roles=("leader",)),
        Verb(code="documents.handle", label="收文承办（主办、协办单位）", roles=("clerk", "office_director", "leader")),
    ),
    processes=("processes/outgoing.bpmn", "processes/incoming.bpmn"),
    demo_data="yiwang.modules.documents.demo.load",
    seal_agencies="yiwang.modules.documents.selectors.documents.seal_agency_ids",
    event_handlers={
        "portal.document_published": "yiwang.modules.documents.handlers.on_document_published",
        "portal.document_publication_failed": "yiwang.modules.documents.handlers.on_document_publication_failed",
    },
    searchables=(
        Searchable(
            kind="documents.document",
            label="公文",
            documents="yiwang.modules.documents.search.document_documents",
            staff_only=True,
        ),
    ),
    menu=(
        MenuEntry(label="发文", url_name="documents_staff_list", verb="documents.view", icon="doc-full", order=240),
        MenuEntry(
            label="收文", url_name="documents_staff_incoming_list", verb="documents.view", icon="download", order=241
        ),
        MenuEntry(
            label="归档",
            url_name="documents_staff_archive_list",
            verb="documents.view",
            icon="folder-open-inverse",
            order=243,
        ),
    ),
)
