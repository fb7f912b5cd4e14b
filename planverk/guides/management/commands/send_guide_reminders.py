import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from planverk.guides.reminders import REVIEW_REMINDER_DAYS, guide_reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.") from None


class Command(BaseCommand):
    help = (
        f"Sender påminnelse om å gå gjennom handlingsveiledere når revisjonsdatoen er innen {REVIEW_REMINDER_DAYS} "
        "dager eller passert: til eieren, ellers til kommunens koordinatorer. Kjøres daglig; "
        "samme påminnelse sendes én gang per revisjonsdato."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=_date, help="Kjør som om det var denne datoen (ÅÅÅÅ-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        result = guide_reminders_send(today=today)
        self.stdout.write(f"{today.isoformat()}: {len(result.sent)} påminnelser om handlingsveiledere sendt.")
        for guide in result.no_recipient:
            self.stdout.write(f"Ingen mottaker med e-postadresse for «{guide.title}» ({guide.organisation.name}).")
        if result.failed:
            for guide in result.failed:
                self.stderr.write(f"Feilet: «{guide.title}»")
            # A non-zero exit makes cron report it; the failed ones are tried again on the next run.
            raise CommandError(f"{len(result.failed)} påminnelser kunne ikke sendes.")
