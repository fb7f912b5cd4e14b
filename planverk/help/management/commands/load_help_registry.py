from typing import Any

from django.core.management.base import BaseCommand

from planverk.help.reference import load_display_messages, load_registry


class Command(BaseCommand):
    help = (
        "Laster det nasjonale registeret over hjelpetelefoner og hjelpetjenester fra den gjennomgåtte datafilen "
        "(planverk/help/data/national_services.yaml) og de nasjonale meldingene til skjerm og plakat "
        "(planverk/help/data/display_messages.yaml). Det som finnes fra før, endres ikke. "
        "Kan kjøres flere ganger."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for service, created in load_registry():
            self.stdout.write(f"{'Lastet' if created else 'Fantes fra før'}: {service.name}")
        for message, created in load_display_messages():
            self.stdout.write(f"{'Lastet' if created else 'Fantes fra før'}: {message.text}")
