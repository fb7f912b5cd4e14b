import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from planverk.importer import services
from planverk.importer.errors import ImportRefused
from planverk.importer.metadata import guess_organisation
from planverk.importer.proposal import Proposal
from planverk.organisations.models import Organisation, Unit


class Command(BaseCommand):
    help = (
        "Leser en handlingsplan (PDF, Word, tekst eller HTML) og lagrer den som et utkast. "
        "Med --dry-run lagres ingenting; --format json skriver forslaget som JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Filen som skal leses.")
        parser.add_argument(
            "--organisation",
            help="Kommunenummer, fylkesnummer eller departementskode til eieren. Uten: gjettes fra teksten.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Vis forslaget uten å lagre noe.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan ikke lese {path}: {error.strerror}") from None

        def progress(done: int, total: int, step: str) -> None:
            if step == "extract" and total > 1:
                sys.stderr.write(f"\rLeser side {done} av {total} …")
                if done == total:
                    sys.stderr.write("\n")

        try:
            kind, text = services.read_text(data, progress)
            organisation = self._organisation(options["organisation"], text)
            proposal = services.propose_plan(text, organisation, progress)
        except ImportRefused as refused:
            raise CommandError(refused.message) from None
        plan_id = None
        if not options["dry_run"]:
            plan_id = self._save(organisation, data, path.name, kind, text, proposal)
        if options["format"] == "json":
            self.stdout.write(json.dumps(_as_json(organisation, kind, proposal, plan_id), ensure_ascii=False, indent=2))
        else:
            self._describe(organisation, kind, proposal, plan_id)

    def _organisation(self, number: str | None, text: str) -> Organisation:
        if number:
            organisation = Organisation.objects.filter(number=number).first()
            if organisation is None:
                raise CommandError(f"Fant ingen organisasjon med nummer {number}.")
            return organisation
        guessed = guess_organisation(text)
        if guessed is None:
            raise CommandError("Fant ikke hvilken kommune planen er fra. Oppgi --organisation NUMMER.")
        return guessed

    def _save(
        self, organisation: Organisation, data: bytes, name: str, kind: str, text: str, proposal: Proposal
    ) -> int:
        plan_import = services.import_start(organisation=organisation, by=None, data=data, source_name=name)
        services.import_ready(plan_import=plan_import, kind=kind, text=text, proposal=proposal)
        try:
            plan = services.import_save(plan_import=plan_import, proposal=proposal, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return plan.pk

    def _describe(self, organisation: Organisation, kind: str, proposal: Proposal, plan_id: int | None) -> None:
        out = self.stdout
        out.write(f"{proposal.title} ({organisation.name}, {kind})")
        if proposal.period_start:
            out.write(f"Periode: {proposal.period_start}–{proposal.period_end or ''}")
        for note in proposal.notes:
            out.write(f"Merk: {note}")
        goals = [None, *proposal.goals]
        for goal in goals:
            measures = proposal.measures_of(goal)
            if goal is not None:
                out.write(f"\n{goal.number} {goal.title}")
            for m in measures:
                unsure = f"  [usikker: {', '.join(m.uncertain)}]" if m.uncertain else ""
                out.write(f"  Tiltak {m.number or '–'}: {m.title}{unsure}")
                if m.responsible:
                    out.write(f"    Ansvarlig: {', '.join(r.name for r in m.responsible)}")
                if m.timeframe:
                    out.write(f"    Når: {' '.join(m.timeframe.split())}")
        out.write(f"\n{len(proposal.measures)} tiltak i {len(proposal.goals)} mål.")
        if plan_id:
            out.write(self.style.SUCCESS(f"Lagret som utkast: plan {plan_id}."))
        else:
            out.write("Ingenting er lagret (--dry-run).")


def _as_json(organisation: Organisation, kind: str, proposal: Proposal, plan_id: int | None) -> dict[str, Any]:
    data = proposal.to_json()
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in=[r["unit_id"] for m in data["measures"] for r in m["responsible"] if r["unit_id"]]
        )
    }
    for measure in data["measures"]:
        for responsible in measure["responsible"]:
            unit = units.get(responsible["unit_id"])
            responsible["new_unit"] = unit is None
            if unit is not None:
                responsible["organisation"] = unit.organisation.number
    return {
        "organisation": {"number": organisation.number, "name": organisation.name},
        "source_kind": kind,
        "saved_plan_id": plan_id,
        "plan": data,
    }
