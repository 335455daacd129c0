"""公文 (official documents) — the manifest."""

from yiwang.core.registry.manifest import Manifest

manifest = Manifest(
    name="documents",
    title="公文",
    description="办公系统：发文（拟稿、核稿、会签、签发、编号、用印、分发）、收文（签收、登记、阅批、承办）、公文交换和归档；按 GB/T 9704-2012 生成并加盖电子印章的公文 PDF。",
    urls="yiwang.modules.documents.urls",
    url_prefix="documents",
)
