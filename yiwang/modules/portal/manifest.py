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
        Searchable(kind="portal.article", label="新闻与通知公告", documents="yiwang.modules.portal.search.documents"),
    ),
    demo_data="yiwang.modules.portal.demo.load",
)
