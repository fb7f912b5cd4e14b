from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from planverk.accounts.models import Membership, Role, User
from planverk.followup.demo import load_demo_followup
from planverk.guides.demo import load_demo_guides
from planverk.help.demo import load_demo_help
from planverk.organisations.models import Organisation
from planverk.organisations.reference import load_reference_data
from planverk.plans.demo import load_demo_plans
from planverk.resources.demo import load_demo_resources
from planverk.stats.demo import load_demo_statistics

DEMO_PASSWORD = "planverk-demo"  # noqa: S105 (printed for the demo on purpose)

# (username, organisation number or None for a national superuser, role, units the owner reports for)
DEMO_USERS: list[tuple[str, str | None, str | None, str]] = [
    ("nasjonal", None, None, "Nasjonal superbruker"),
    ("koordinator.drammen", "3301", Role.COORDINATOR, "Plankoordinator i Drammen"),
    ("leser.drammen", "3301", Role.VIEWER, "Leser i Drammen"),
    ("koordinator.gjovik", "3407", Role.COORDINATOR, "Plankoordinator i Gjøvik"),
    ("tiltakseier.gjovik", "3407", Role.OWNER, "Tiltakseier i Gjøvik"),
    ("koordinator.trondheim", "5001", Role.COORDINATOR, "Plankoordinator i Trondheim"),
    ("koordinator.hod", "HOD", Role.COORDINATOR, "Koordinator for den nasjonale planen (HOD)"),
]


# This command lives in followup, the highest app the demo touches (stats depends on organisations only):
# plans must not import followup.
class Command(BaseCommand):
    help = (
        "Laster referansedata, de fire planene fra kildedokumentene, den nasjonale planens status for 2025, "
        "Gjøviks indikatorer, statistikken fra kildedokumentene og demobrukere. Kan kjøres flere ganger."
    )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        load_reference_data()
        for plan, created in load_demo_plans():
            verb = "lastet" if created else "fantes fra før"
            self.stdout.write(f"Plan {verb}: {plan.title} ({plan.measures.count()} tiltak)")
        for reporting_round, created in load_demo_followup():
            verb = "lastet" if created else "fantes fra før"
            self.stdout.write(f"Rapporteringsrunde {verb}: {reporting_round}")
        for name, run in load_demo_statistics(now=timezone.now()):
            verb = "lastet" if run is not None else "fantes fra før"
            self.stdout.write(f"Statistikk {verb}: {name}")
        help_services = load_demo_help()
        new_services = sum(1 for _service, new in help_services if new)
        self.stdout.write(f"Hjelpetjenester: {new_services} lastet, {len(help_services) - new_services} fantes fra før")
        resources = load_demo_resources()
        new_resources = sum(1 for _resource, new in resources if new)
        self.stdout.write(f"Ressurser: {new_resources} lastet, {len(resources) - new_resources} fantes fra før")
        guides = load_demo_guides()
        new_guides = sum(1 for _guide, new in guides if new)
        self.stdout.write(f"Handlingsveiledere: {new_guides} lastet, {len(guides) - new_guides} fantes fra før")
        self.stdout.write("")
        self.stdout.write(f"Demobrukere (passord for alle: {DEMO_PASSWORD}):")
        for username, number, role, description in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_superuser = user.is_staff = number is None
                user.save()
            if number is not None and role is not None:
                organisation = Organisation.objects.get(number=number)
                membership, _ = Membership.objects.get_or_create(
                    user=user, organisation=organisation, defaults={"role": role}
                )
                if role == Role.OWNER and not membership.units.exists():
                    # The first unit responsible for a measure, so "my measures" has content.
                    unit = organisation.units.filter(responsibilities__isnull=False).order_by("pk").first()
                    if unit is not None:
                        membership.units.add(unit)
            self.stdout.write(f"  {username:<24} {description}")
