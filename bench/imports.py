"""Import benchmark: how long does reading a plan take, from upload to proposed draft?

Times the importer on the national status document (about 150 KB of text) as plain text, as a Word
file and as a PDF (made from the text the way the tests make them), and on a PDF of about 40 pages
(the document's first half), split into
extraction, cleaning and structure detection. Uses a throwaway SQLite database with the reference data
and the seed plans, so that responsible units are matched and links to the national plan are found.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEED = ROOT.parent / "shared" / "seeds" / "003_bea49cd7e0580b0c.txt"
sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, max(times) * 1000, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per document (default 5)")
    parser.add_argument("--output", type=Path, default=RESULTS / "imports.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        warnings.filterwarnings("ignore")
        import django

        django.setup()
        from django.core.management import call_command

        from planverk.importer.clean import clean_text
        from planverk.importer.detect import propose
        from planverk.importer.extract import extract
        from planverk.organisations.models import Organisation
        from tests.importer.documents import text_to_docx, text_to_pdf

        print("Loading reference data and seed plans …", flush=True)
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_demo_data", verbosity=0)
        ministry = Organisation.objects.get(number="HOD")
        text = SEED.read_text(encoding="utf-8")
        # About 40 pages: the first half of the status report (goals 1 to 4).
        first_half = "\n".join(text.split("\n")[:1250])
        documents = {
            "text": text.encode("utf-8"),
            "docx": text_to_docx(text),
            "pdf": text_to_pdf(text),
            "pdf-40": text_to_pdf(first_half),
        }
        rows = []
        for kind, data in documents.items():
            print(f"Reading the national status document as {kind} …", flush=True)
            extract_ms, _, extracted = timed(lambda data=data: extract(data), args.runs)
            clean_ms, _, cleaned = timed(lambda extracted=extracted: clean_text(extracted.text), args.runs)
            detect_ms, _, proposal = timed(lambda cleaned=cleaned: propose(cleaned, ministry), args.runs)
            rows.append(
                {
                    "document": kind,
                    "kB": round(len(data) / 1024, 1),
                    "pages": extracted.pages,
                    "measures": len(proposal.measures),
                    "extract_ms": round(extract_ms, 1),
                    "clean_ms": round(clean_ms, 1),
                    "detect_ms": round(detect_ms, 1),
                    "total_ms": round(extract_ms + clean_ms + detect_ms, 1),
                }
            )
    print()
    header = (
        f"{'document':<9} {'kB':>7} {'pages':>5} {'measures':>8} {'extract ms':>10} "
        f"{'clean ms':>8} {'detect ms':>9} {'total ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['document']:<9} {r['kB']:>7} {r['pages'] or '':>5} {r['measures']:>8} {r['extract_ms']:>10} "
            f"{r['clean_ms']:>8} {r['detect_ms']:>9} {r['total_ms']:>9}"
        )
    print(f"\nMedian of {args.runs} runs each.")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
