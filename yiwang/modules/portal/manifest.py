"""政府网站 (portal) — the manifest."""

from yiwang.core.registry.manifest import Manifest, Searchable, Verb

manifest = Manifest(
    name="portal",
    title="政府网站",
    description="市政府门户网站与县（市、区）子站：政务公开、政务服务、政民互动。",
    verbs=(
        Verb(code="portal.view", label="查看网站内容"),
        Verb(code="portal.edit", label="编辑网站内容"),
        Verb(code="portal.publish", label="发布网站内容"),
    ),
    searchables=(
        Searchable(kind="portal.article", label="新闻", documents="yiwang.modules.portal.search.article_documents"),
        Searchable(kind="portal.notice", label="通知公告", documents="yiwang.modules.portal.search.notice_documents"),
        Searchable(kind="portal.policy", label="政策文件", documents="yiwang.modules.portal.search.policy_documents"),
        Searchable(
            kind="portal.interpretation",
            label="政策解读",
            documents="yiwang.modules.portal.search.interpretation_documents",
        ),
        Searchable(kind="portal.leader", label="领导信息", documents="yiwang.modules.portal.search.leader_documents"),
        Searchable(kind="portal.page", label="其他页面", documents="yiwang.modules.portal.search.page_documents"),
    ),
    urls="yiwang.modules.portal.delivery_urls",
    demo_data="yiwang.modules.portal.demo.load",
    site_identity="yiwang.modules.portal.selectors.chrome_site",
    event_handlers={"documents.publication_requested": "yiwang.modules.portal.handlers.on_publication_requested"},
)
