"""Housekeeping of stored files."""

from __future__ import annotations

from datetime import timedelta

from yiwang.core.jobs.periodic import periodic

from . import services


@periodic(name="files.purge_unattached", every=timedelta(hours=1))
def purge_unattached_files() -> None:
    """删除上传后 24 小时仍未关联到任何对象的文件（被放弃的表单）。"""
    services.purge_unattached()


@periodic(name="files.purge_orphan_blobs", every=timedelta(days=1))
def purge_orphan_blobs() -> None:
    """删除存储中无记录对应的文件（上传后其事务被回滚）。"""
    services.purge_orphan_blobs()
