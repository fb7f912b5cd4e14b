import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from planverk.followup.models import ReminderKind
from planverk.followup.reminders import Reminder, reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.") from None


def _describe(reminder: Reminder) -> str:
    user = reminder.user
    return f"{ReminderKind(reminder.kind).label} til {user.username} <{user.email or '–'}> – {reminder.reporting_round}"


class Command(BaseCommand):
    help = (
        "Sender påminnelser om statusrapportering: til tiltakseiere før fristen og når den er passert, "
        "og en oversikt over det som mangler til plankoordinatorene. Kjøres daglig; "
        "samme påminnelse sendes aldri to ganger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=_date, help="Kjør som om det var denne datoen (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hva som ville blitt sendt, uten å sende eller registrere noe."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        dry_run = options["dry_run"]
        result = reminders_send(today=today, now=timezone.now(), dry_run=dry_run)

        if dry_run:
            would_send = [r for r in result.due if r.user.email]
            for reminder in would_send:
                self.stdout.write(f"Ville sendt: {_describe(reminder)}")
            self.stdout.write(f"Tørrkjøring for {today.isoformat()}: {len(would_send)} påminnelser ville blitt sendt.")
        else:
            if options["verbosity"] >= 2:
                for reminder in result.sent:
                    self.stdout.write(f"Sendt: {_describe(reminder)}")
            self.stdout.write(f"{today.isoformat()}: {len(result.sent)} påminnelser sendt.")
            if result.already_sent:
                self.stdout.write(f"{len(result.already_sent)} var allerede sendt av en annen kjøring.")
        if result.skipped_no_email:
            names = ", ".join(sorted({r.user.username for r in result.skipped_no_email}))
            count = len(result.skipped_no_email)
            self.stdout.write(f"{count} hoppet over fordi brukeren mangler e-postadresse: {names}")
        if result.failed:
            for reminder in result.failed:
                self.stderr.write(f"Feilet: {_describe(reminder)}")
            # A non-zero exit makes cron report it; the failed ones are tried again on the next run.
            raise CommandError(f"{len(result.failed)} påminnelser kunne ikke sendes.")
