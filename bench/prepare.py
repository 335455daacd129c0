"""Load content into the benchmark database when `manage.py load_reference` is not available.

`python -m bench.prepare` calls every module manifest's `demo_data` (a callable taking stdout), the
same hook `load_reference` drives. bench/run.py prefers `load_reference` and uses this only as a
fallback, so the harness works on a tree where the reference loader is not written yet.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings.production")
    import django

    django.setup()
    from django.core.management.base import OutputWrapper

    from yiwang.core.registry.registry import get_manifests, resolve

    stdout = OutputWrapper(sys.stdout)
    loaded = 0
    for manifest in get_manifests():
        if not manifest.demo_data:
            continue
        loader = resolve(manifest.demo_data)
        assert callable(loader)
        loader(stdout)
        loaded += 1
        print(f"demo data: {manifest.name}")
    print(f"{loaded} module(s) loaded demo data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
