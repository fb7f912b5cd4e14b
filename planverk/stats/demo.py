"""Demo statistics from the seed documents, imported through the same service as any uploaded file."""

import datetime
from pathlib import Path

from planverk.stats.models import ImportRun, Series
from planverk.stats.services import statistics_import

DEMO_DIR = Path(__file__).parent / "demo"
POPULATIONS_ARE_DEMO = "Folketallene er demoverdier, ikke offisielle tall."

# (file, source of the counts, note)
DEMO_FILES = (
    (
        "norge.json",
        "Kildedokumenter: Drammen kommunes handlingsplan (tabell 1) for 2012–2022, "
        "Trondheim og Gjøvik kommunes handlingsplaner (FHI 2025) for 2023 og 2024",
        "Folketallene er demoverdier, ikke offisielle tall fra SSB; folketallet for 2022 er satt slik at raten "
        "blir 11,3 per 100 000 som i kildedokumentet.",
    ),
    (
        "drammen.csv",
        "Kildedokument: Drammen kommunes handlingsplan, vedtatt 12.12.2023 (tabell 1)",
        POPULATIONS_ARE_DEMO,
    ),
    (
        "trondheim.csv",
        "Kildedokument: Trondheim kommunes handlingsplan for selvmordsforebygging 2025–2028",
        POPULATIONS_ARE_DEMO,
    ),
)


def load_demo_statistics(*, now: datetime.datetime) -> list[tuple[str, ImportRun | None]]:
    """Import each demo file unless its figures are already there. Safe to run again."""
    loaded: list[tuple[str, ImportRun | None]] = []
    for name, source, note in DEMO_FILES:
        if Series.objects.filter(source=source).exists():
            loaded.append((name, None))
            continue
        content = (DEMO_DIR / name).read_bytes()
        run = statistics_import(content=content, file_name=name, source=source, note=note, by=None, now=now)
        loaded.append((name, run))
    return loaded
