from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from planverk.stats.models import ImportStage
from planverk.stats.services import StatisticsImportError, statistics_import


class Command(BaseCommand):
    help = (
        "Importerer aggregert statistikk: JSON-stat 2.0 fra FHIs åpne API, eller CSV med overskriften "
        "geo,year,sex,age,count,population. Serier i filen erstatter lagrede serier; en fil med feil endrer ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source", default="", help="kilden tallene kommer fra (standard: filens egen, eller navnet)"
        )
        parser.add_argument("--note", default="", help="merknad som vises med tallene, f.eks. «Demoverdier»")

    def handle(self, *args: Any, file: Path, source: str, note: str, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"Finner ikke filen {file}.")
        if file.stat().st_size > settings.STATS_IMPORT_MAX_BYTES:
            raise CommandError(f"Filen er større enn {settings.STATS_IMPORT_MAX_BYTES} byte (STATS_IMPORT_MAX_BYTES).")
        verbosity = options.get("verbosity", 1)

        def progress(done: int, total: int, stage: str) -> None:
            if verbosity < 1:
                return
            if stage == ImportStage.STORE:
                if done:
                    self.stdout.write(f"{ImportStage(stage).label} … {done} av {total} serier")
            elif not done:
                self.stdout.write(f"{ImportStage(stage).label} …")

        try:
            run = statistics_import(
                content=file.read_bytes(),
                file_name=file.name,
                source=source,
                note=note,
                by=None,
                now=timezone.now(),
                progress=progress,
            )
        except StatisticsImportError as error:
            raise CommandError("Filen ble ikke importert; ingenting er endret.\n" + "\n".join(error.messages)) from None
        s = run.summary
        self.stdout.write(
            f"Importert {s['rows']} tall i {s['series']} serier ({s['series_created']} nye, {s['series_replaced']} "
            f"erstattet) for {s['geographies']} geografier, {s['first_year']}–{s['last_year']}, på {s['seconds']} s."
        )
        self.stdout.write(f"Publisert: {s['published_cells']} celler vises, {s['hidden_cells']} er skjult.")
