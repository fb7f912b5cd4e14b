from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from planverk.organisations.models import Organisation
from planverk.resources.links import DEFAULT_TIMEOUT, LinkResult, check_links
from planverk.resources.models import Resource


class Command(BaseCommand):
    help = (
        "Sjekker at lenkene i ressursbanken virker, lagrer resultatet på hver ressurs og lister døde lenker. "
        "Døde lenker er et funn, ikke en feil: kommandoen avslutter med kode 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", metavar="NUMMER", help="Bare ressursene til kommunen med dette kommunenummeret."
        )
        parser.add_argument(
            "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S", help="Sekunder å vente på hvert svar."
        )

    def handle(self, *args: Any, organisation: str | None, timeout: float, **options: Any) -> None:
        if timeout <= 0:
            raise CommandError("--timeout må være større enn 0.")
        resources = Resource.objects.select_related("organisation").order_by("pk")
        if organisation:
            found = Organisation.objects.filter(number=organisation).first()
            if found is None:
                raise CommandError(f"Fant ingen organisasjon med nummer {organisation}.")
            resources = resources.filter(organisation=found)
        listed = list(resources)
        total = len(listed)
        self.stdout.write(f"Sjekker {total} lenker …")
        done = 0

        def progress(resource: Resource, result: LinkResult) -> None:
            nonlocal done
            done += 1
            outcome = "virker" if result.ok else f"VIRKER IKKE ({result.error})"
            self.stdout.write(f"{done}/{total} {outcome}: {resource.url}")

        results = check_links(listed, now=timezone.now(), timeout=timeout, on_checked=progress)
        dead = [(resource, result) for resource, result in results if not result.ok]
        self.stdout.write(f"Ferdig: {total - len(dead)} virker, {len(dead)} virker ikke.")
        if dead:
            self.stdout.write("Døde lenker:")
            for resource, result in dead:
                owner = resource.organisation.name if resource.organisation is not None else "nasjonal"
                self.stdout.write(f"- {resource.title} ({owner}): {resource.url} – {result.error}")
