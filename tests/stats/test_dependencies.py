"""Statistics depend on organisations (and accounts, lib) only; nothing below them imports statistics.

Plans reads statistics only in its public plan page (tests/test_followup_public.py checks that leaf); the demo
command in followup is a leaf too.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "planverk"
IMPORT = re.compile(r"^\s*(?:from|import) planverk\.(\w+)", re.MULTILINE)


def imported_apps(folder: Path) -> set[str]:
    return {app for path in folder.rglob("*.py") for app in IMPORT.findall(path.read_text(encoding="utf-8"))}


def test_stats_imports_only_lower_apps():
    assert imported_apps(ROOT / "stats") <= {"stats", "organisations", "accounts", "lib"}


def test_lower_apps_never_import_stats():
    for app in ("accounts", "organisations", "lib"):
        assert "stats" not in imported_apps(ROOT / app), app


def test_only_leaves_import_stats():
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not path.is_relative_to(ROOT / "stats") and "stats" in IMPORT.findall(path.read_text(encoding="utf-8"))
    )
    assert importers == ["followup/management/commands/load_demo_data.py", "plans/views_public.py"]
