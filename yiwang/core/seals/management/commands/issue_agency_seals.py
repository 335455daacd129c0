"""manage.py issue_agency_seals — the platform's seal authority if there is none, then a seal for
every active agency that writes 发文 (has a 机关代字) and has no usable one. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from yiwang.core.orgs.models import Agency

from ... import services
from ...selectors import get_current_authority, module_seal_agencies


def find_agency(value: str) -> Agency:
    """The agency named by id, 机关代字 (伊政办发), full name or 统一社会信用代码."""
    value = value.strip()
    match = Q(code_word=value) | Q(full_name=value) | Q(uscc=value)
    for agency_ids in module_seal_agencies(value):  # a 代字 a module knows the agency by
        match |= Q(pk__in=agency_ids)
    if value.isdigit():
        match |= Q(pk=int(value))
    found = list(Agency.objects.filter(match).distinct()[:2])
    if not found:
        raise CommandError(f"没有找到机关“{value}”（可用 id、机关代字、全称或统一社会信用代码）。")
    if len(found) > 1:
        raise CommandError(f"“{value}”对应多个机关，请改用机关 id。")
    return found[0]


class Command(BaseCommand):
    help = "建立平台签章根证书（如尚未建立），并为所有有机关代字、尚无可用印章的启用机关制发电子印章。可重复执行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="只处理这个机关：id、机关代字、全称或统一社会信用代码")
        parser.add_argument("--dry-run", action="store_true", help="只列出将要制发印章的机关，不做任何改动")

    def handle(self, *args: Any, **options: Any) -> None:
        only = find_agency(options["agency"]) if options["agency"] else None
        if only is not None and not only.is_active:
            raise CommandError(f"“{only.full_name}”已停用，不能制发印章。")
        dry_run = bool(options["dry_run"])
        had_authority = get_current_authority() is not None
        run = services.issue_missing_seals(only=only, dry_run=dry_run)
        if not run.due:
            self.stdout.write("所有机关均已有可用的电子印章，无需制发。")
            return
        if dry_run:
            if not had_authority:
                self.stdout.write("将建立平台签章根证书。")
            for agency in run.due:
                self.stdout.write(f"将为“{agency.full_name}”制发电子印章。")
            self.stdout.write(f"（试运行）共 {len(run.due)} 个机关，未做任何改动。")
            return
        if not had_authority:
            authority = get_current_authority()
            self.stdout.write(f"已建立平台签章根证书：{authority.name if authority else ''}。")
        for seal in run.issued:
            self.stdout.write(f"已为“{seal.agency.full_name}”制发电子印章，指纹 {seal.fingerprint}。")
        for name, reason in run.refused.items():
            self.stderr.write(f"未能为“{name}”制发印章：{reason}")
        self.stdout.write(f"共制发 {len(run.issued)} 枚电子印章。")
        if run.refused:
            raise CommandError(f"{len(run.refused)} 个机关未能制发印章，见上。")
