from typing import Any

from django.core.management.base import BaseCommand

from planverk.organisations.reference import load_reference_data


class Command(BaseCommand):
    help = "Laster kommuner, fylker og departementer. Kan kjøres flere ganger."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference_data()
        self.stdout.write(f"Organisasjoner: {counts['created']} nye, {counts['updated']} oppdatert.")
