"""Rendering benchmark: a realistic five-page 伊春 通知 rendered to its official PDF N times.

    .venv/bin/python -m bench.documents.render [--samples 50] [--warmup 3] [--output-dir bench/results]

In process with the development settings, no database: `render_document` on a 市政府 通知 with headings at all four levels, two
attachments, 附注 and 版记 (the body repeats the sections until the PDF has five pages). After the
warm-up (fonts loaded, WeasyPrint's caches filled) every call is timed. Results:
bench/results/documents-render.json and a line on stdout. A measurement, never a pass/fail test;
target (issue 7): p95 < 1 s.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench.stats import summarise

REPO = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO / "bench" / "results"
TARGET_P95_MS = 1000.0
PAGES = 5

SECTIONS = [
    "一、总体要求",
    "坚持人民至上、生命至上，坚持预防为主、防灭结合，全面落实森林草原防灭火责任制，"
    "以“不发生重特大森林草原火灾、不发生人员伤亡、不发生重大财产损失”为目标，"
    "切实筑牢小兴安岭生态安全屏障。",
    "二、重点任务",
    "（一）压实防火责任。各区、县（市）人民政府是本行政区域森林草原防灭火工作的责任主体，"
    "主要负责同志是第一责任人。要将防火责任逐级分解到山头地块，签订责任状，做到守土有责、守土负责。",
    "1.落实网格化管理。以林场、村屯为单元划定防火网格，每个网格明确一名包保领导、一名护林员，"
    "实行巡护日志和“一日三报”制度。",
    "（1）严格野外火源管控。在进山路口设置检查站，对进山人员和车辆逐一登记、检查，"
    "严禁携带火种进入林区；对农事用火实行审批制度，未经批准不得野外用火。",
    "（2）加强重点时段巡护。清明、“五一”等重点时段和高火险天气，林业和草原、应急管理、公安等部门"
    "要加密巡护频次，实行领导带班和二十四小时值班制度。",
    "2.开展隐患排查整治。对输配电线路、林区施工作业点、旅游景区、墓地等重点部位开展拉网式排查，"
    "建立隐患清单，明确整改时限，做到整改一处、销号一处。",
    "（二）提升扑救能力。各地要加强专业扑火队伍和半专业扑火队伍建设，配齐风力灭火机、水泵等扑火装备，"
    "储备必要的扑火物资，定期开展实战演练，确保一旦发生火情，能够快速出动、科学处置。",
    "三、保障措施",
    "各地各部门要加强协调联动，建立健全信息共享和联合处置机制。市应急管理局要会同市林业和草原局"
    "加强督导检查，对工作不力、措施不实造成严重后果的，依法依规严肃追究相关人员责任。",
]


def notice(repeat: int) -> object:
    from yiwang.modules.documents.rendering import DocumentSpec

    return DocumentSpec(
        title="伊春市人民政府关于做好2026年冬季森林草原防灭火工作的通知",
        body="\n".join(SECTIONS * repeat),
        issuer_marks=("伊春市人民政府",),
        issuer_signatures=("伊春市人民政府",),
        date=datetime.date(2026, 3, 1),
        doc_number="伊政发〔2026〕12号",
        copy_number="000123",
        urgency="特急",
        main_recipients="各区、县（市）人民政府，市政府各委、办、局，各直属机构",
        attachments_note=("伊春市2026年冬季森林草原防火重点区域名单", "伊春市森林草原防火期值班安排表"),
        note="此件公开发布",
        cc="市委各部门，市人大常委会办公室，市政协办公室，市中级法院，市检察院，伊春军分区",
        printer="伊春市人民政府办公室",
        print_date=datetime.date(2026, 3, 2),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    # the renderer is pure (templates and fonts, no database): the development settings suffice
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings.dev")
    import django

    django.setup()
    from yiwang.modules.documents.rendering import render_document

    repeat, spec = 1, notice(1)
    while render_document(spec).pages < PAGES:  # type: ignore[arg-type]
        repeat += 1
        spec = notice(repeat)
    result = render_document(spec)  # type: ignore[arg-type]
    for _ in range(args.warmup):
        render_document(spec)  # type: ignore[arg-type]
    timings = []
    for _ in range(args.samples):
        start = time.perf_counter()
        render_document(spec)  # type: ignore[arg-type]
        timings.append((time.perf_counter() - start) * 1000)
    summary = summarise(timings)
    report = {
        "benchmark": "documents.render",
        "pages": result.pages,
        "pdf_bytes": len(result.pdf),
        "fallback_glyphs": len(result.fallback_glyphs),
        "render_ms": summary,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": summary["p95_ms"] < TARGET_P95_MS,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "documents-render.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(
        f"documents.render {result.pages} pages: p50 {summary['p50_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms, "
        f"max {summary['max_ms']:.0f} ms (target p95 < {TARGET_P95_MS:.0f} ms)"
    )


if __name__ == "__main__":
    main()
