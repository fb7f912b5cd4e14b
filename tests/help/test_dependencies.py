"""Help depends on organisations (and accounts, lib) only, so later apps can use it; only leaves import help."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "planverk"
IMPORT = re.compile(r"^\s*(?:from|import) planverk\.(\w+)", re.MULTILINE)


def imported_apps(folder: Path) -> set[str]:
    return {app for path in folder.rglob("*.py") for app in IMPORT.findall(path.read_text(encoding="utf-8"))}


def test_help_imports_only_lower_apps():
    assert imported_apps(ROOT / "help") <= {"help", "organisations", "accounts", "lib"}


def test_only_the_demo_command_and_later_apps_import_help():
    # Resources and guides build on help (languages, links, contacts from the directory); nothing below them does.
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not path.is_relative_to(ROOT / "help")
        and not path.is_relative_to(ROOT / "resources")
        and not path.is_relative_to(ROOT / "guides")
        and "help" in IMPORT.findall(path.read_text(encoding="utf-8"))
    )
    assert importers == ["followup/management/commands/load_demo_data.py"]
