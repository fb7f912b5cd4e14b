from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from planverk.help import pages


class Command(BaseCommand):
    help = (
        "Lager de lagrede kopiene av hjelpesidene på nytt (de som vises når databasen er nede). Med --alle "
        "lages også sidene ingen har åpnet ennå: hver kommune på sin målform, og den nasjonale siden på bokmål, "
        "nynorsk og engelsk. Kjør ved utrulling og gjerne hver natt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--alle", action="store_true", help="Lag en kopi av hjelpesiden til hver kommune.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = pages.refresh(None, everything=options["alle"])
        self.stdout.write(f"{count} hjelpesider lagret i {settings.HELP_CACHE_DIR}.")
