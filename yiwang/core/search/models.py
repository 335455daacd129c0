"""The search change log (检索变更日志): the database side of the search service.

Modules never write an index directly. `services.index_document` / `remove_document` append a
`SearchChange` inside the caller's transaction, so the log commits or rolls back with the content
change itself (a transactional outbox). Every application server keeps its own local index and
applies the log from its cursor (`yiwang.core.search.sync`); a full rebuild reads the modules'
`Searchable.documents` instead. The log is therefore the one place where "what should be
searchable" is shared between servers.
"""

from __future__ import annotations

from django.db import models


class SearchChange(models.Model):
    """One change to the searchable content: upsert a document, or delete it."""

    class Op(models.TextChoices):
        UPSERT = "upsert", "索引"
        DELETE = "delete", "删除"

    # AUTOINCREMENT on SQLite, a sequence on PostgreSQL: ids only grow, so a cursor is enough
    # (with gap handling for transactions that commit out of id order on PostgreSQL).
    id = models.BigAutoField(primary_key=True)
    key = models.CharField("文档键", max_length=200)  # "<kind>:<object_id>"
    kind = models.CharField("类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    op = models.CharField("操作", max_length=8, choices=Op.choices)
    document = models.JSONField("文档", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "检索变更"
        verbose_name_plural = "检索变更"
        indexes = [models.Index(fields=["key", "id"], name="search_change_key_id")]

    def __str__(self) -> str:
        return f"#{self.id} {self.op} {self.key}"
