"""`manage.py modules` — list the feature modules and what each declares."""

from typing import Any

from django.core.management.base import BaseCommand

from yiwang.core.registry.registry import get_manifests


class Command(BaseCommand):
    help = "列出已注册的功能模块及其声明 (List feature modules and their manifests)."

    def handle(self, *args: Any, **options: Any) -> None:
        for m in get_manifests():
            self.stdout.write(self.style.MIGRATE_HEADING(f"{m.name} — {m.title}"))
            if m.description:
                self.stdout.write(f"  {m.description}")
            self.stdout.write(f"  urls: /{m.url_prefix}  ({m.urls or '—'})   api: {m.api or '—'}")
            self.stdout.write(f"  menu: {', '.join(e.label for e in m.menu) or '—'}")
            self.stdout.write(f"  verbs: {', '.join(v.code for v in m.verbs) or '—'}")
            self.stdout.write(f"  searchable: {', '.join(s.kind for s in m.searchables) or '—'}")
            self.stdout.write(f"  processes: {', '.join(m.processes) or '—'}   demo data: {m.demo_data or '—'}")
            self.stdout.write(
                f"  exports: {len(m.exports)}   statistics: {len(m.statistics)}   events: {len(m.event_handlers)}"
            )
