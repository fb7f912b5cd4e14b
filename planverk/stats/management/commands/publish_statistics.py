from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from planverk.stats.services import statistics_publish


class Command(BaseCommand):
    help = "Regner ut de publiserte statistikkcellene på nytt, med reglene for prikking i innstillingene."

    def handle(self, *args: Any, **options: Any) -> None:
        publication = statistics_publish(now=timezone.now())
        self.stdout.write(
            f"Publisert: {publication.cells - publication.hidden} celler vises, {publication.hidden} er skjult "
            f"(terskel {publication.threshold}, perioder på {publication.pooled_years} år)."
        )
