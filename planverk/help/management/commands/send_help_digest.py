import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from planverk.help.digest import send_stale_registry_digest


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Sender de nasjonale superbrukerne en e-post om nasjonale hjelpetjenester som ikke er kontrollert på "
        "HELP_VERIFY_DAYS dager. Sender ingenting når alt er kontrollert. Kjøres for eksempel hver mandag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=_date, help="Kjør som om det var denne datoen (ÅÅÅÅ-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_stale_registry_digest(today=options["today"] or timezone.localdate())
        self.stdout.write(f"{sent} e-poster sendt.")
