"""Writes of the importer: start an import, read it, keep the reviewed proposal, save it as a draft plan."""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from planverk.accounts.models import User
from planverk.importer.clean import clean_text
from planverk.importer.detect import propose
from planverk.importer.errors import ImportRefused
from planverk.importer.extract import extract, refuse_unreadable_upload
from planverk.importer.models import ImportState, PlanImport
from planverk.importer.proposal import Proposal, ProposedResponsible
from planverk.lib.background import start_after_commit
from planverk.organisations.models import Organisation, OrganisationKind, Unit
from planverk.organisations.services import unit_create
from planverk.plans import services as plan_services
from planverk.plans.models import Goal, Measure, Plan, PlanLevel

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


def read_text(data: bytes, progress: Progress | None = None) -> tuple[str, str]:
    """Bytes in, (kind, cleaned text) out. Raises only ImportRefused (extract checks size and content)."""

    def pages(done: int, total: int) -> None:
        if progress:
            progress(done, total, "extract")

    extracted = extract(data, progress=pages)
    return extracted.kind, clean_text(extracted.text)


def propose_plan(text: str, organisation: Organisation, progress: Progress | None = None) -> Proposal:
    if progress:
        progress(0, 1, "detect")
    proposal = propose(text, organisation)
    if progress:
        progress(1, 1, "detect")
    return proposal


def read_document(
    data: bytes, organisation: Organisation, progress: Progress | None = None
) -> tuple[str, str, Proposal]:
    """Bytes in, (kind, cleaned text, proposal) out. Raises only ImportRefused."""
    kind, text = read_text(data, progress)
    return kind, text, propose_plan(text, organisation, progress)


@transaction.atomic
def import_start(*, organisation: Organisation, by: User | None, data: bytes, source_name: str) -> PlanImport:
    refuse_unreadable_upload(data)  # before it is stored; extract checks again whatever reaches it
    return PlanImport.objects.create(organisation=organisation, created_by=by, data=data, source_name=source_name[:255])


def import_run(*, plan_import: PlanImport, language: str) -> None:
    """Read the document now, or in a background thread when the settings say so (the page shows progress)."""
    if settings.IMPORT_IN_BACKGROUND:
        start_after_commit(_process_in_thread, plan_import.pk, language)
    else:
        import_process(plan_import=plan_import, language=language)


def _process_in_thread(pk: int, language: str) -> None:
    import_process(plan_import=PlanImport.objects.get(pk=pk), language=language)


def import_process(*, plan_import: PlanImport, language: str) -> None:
    PlanImport.objects.filter(pk=plan_import.pk).update(state=ImportState.PROCESSING, progress_step="extract")

    def progress(done: int, total: int, step: str) -> None:
        # Progress is only shown to the waiting user: a busy database must not fail the import for it.
        try:
            PlanImport.objects.filter(pk=plan_import.pk).update(
                progress_done=done, progress_total=total, progress_step=step
            )
        except DatabaseError:
            logger.warning("Could not record the progress of plan import %s", plan_import.pk)

    with override(language):
        try:
            kind, text, proposal = read_document(bytes(plan_import.data or b""), plan_import.organisation, progress)
        except ImportRefused as refused:
            _finish(plan_import, state=ImportState.FAILED, error=refused.message)
            return
        except Exception:
            logger.exception("Plan import %s failed", plan_import.pk)
            _finish(
                plan_import,
                state=ImportState.FAILED,
                error=_("Dokumentet kunne ikke leses. Prøv en annen filtype, for eksempel Word eller ren tekst."),
            )
            return
    _finish(plan_import, state=ImportState.REVIEW, kind=kind, text=text, proposal=proposal)


def import_ready(*, plan_import: PlanImport, kind: str, text: str, proposal: Proposal) -> None:
    """A document read outside the import (the command line reads it once): ready for review and saving."""
    _finish(plan_import, state=ImportState.REVIEW, kind=kind, text=text, proposal=proposal)


def _finish(
    plan_import: PlanImport,
    *,
    state: str,
    error: str = "",
    kind: str = "",
    text: str = "",
    proposal: Proposal | None = None,
) -> None:
    # The upload itself is not kept once it has been read: the review works from the cleaned text.
    plan_import.state = state
    plan_import.error = error
    plan_import.source_kind = kind
    plan_import.text = text
    plan_import.proposal = proposal.to_json() if proposal else None
    plan_import.data = None
    plan_import.save(update_fields=["state", "error", "source_kind", "text", "proposal", "data", "updated_at"])


def import_update(*, plan_import: PlanImport, proposal: Proposal) -> None:
    if plan_import.state != ImportState.REVIEW:
        raise ValidationError(_("Importen er ikke lenger til gjennomgang."))
    plan_import.proposal = proposal.to_json()
    plan_import.save(update_fields=["proposal", "updated_at"])


def import_discard(*, plan_import: PlanImport) -> None:
    plan_import.state = ImportState.DISCARDED
    plan_import.data = None
    plan_import.save(update_fields=["state", "data", "updated_at"])


_LEVELS: dict[str, str] = {
    OrganisationKind.MUNICIPALITY: PlanLevel.MUNICIPAL,
    OrganisationKind.COUNTY: PlanLevel.COUNTY,
    OrganisationKind.MINISTRY: PlanLevel.NATIONAL,
    OrganisationKind.DIRECTORATE: PlanLevel.NATIONAL,
}


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@transaction.atomic
def import_save(*, plan_import: PlanImport, proposal: Proposal, by: User | None) -> Plan:
    """Create the reviewed proposal as a draft plan, all or nothing."""
    locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if locked.state != ImportState.REVIEW:
        raise ValidationError(_("Denne importen er allerede lagret eller forkastet."))
    if not proposal.measures:
        raise ValidationError(_("Planen har ingen tiltak. Legg til minst ett tiltak før du lagrer."))
    if not proposal.title.strip():
        raise ValidationError(_("Planen må ha en tittel."))
    organisation = locked.organisation
    plan = plan_services.plan_create(
        organisations=[organisation],
        by=by,
        level=_LEVELS.get(organisation.kind, PlanLevel.MUNICIPAL),
        title=proposal.title.strip(),
        summary="\n\n".join(p for p in (proposal.overall_goal, proposal.summary) if p),
        period_start=proposal.period_start,
        period_end=proposal.period_end,
    )
    # What the document says of its adoption, kept on the draft until the coordinator records the adoption.
    plan.adopted_by = proposal.adopted_by[:200]
    plan.adopted_on = _date(proposal.adopted_on)
    plan.case_number = proposal.case_number[:50]
    plan._history_user = by  # type: ignore[attr-defined]
    plan._change_reason = f"Importert fra {locked.source_name}"  # type: ignore[attr-defined]
    plan.save()

    units = _units_for(proposal, organisation, by)
    goals: dict[str, Goal] = {}
    for proposed_goal in proposal.goals:
        goals[proposed_goal.key] = plan_services.goal_create(
            plan=plan,
            by=by,
            number=proposed_goal.number[:20],
            kind=proposed_goal.kind,
            title=proposed_goal.title.strip() or _("Uten tittel"),
            description=proposed_goal.description,
            prevention_level=proposed_goal.prevention_level,
        )
        for link in proposed_goal.links:
            _link(goals[proposed_goal.key], link.target, link.target_id, by)
    for proposed in proposal.measures:
        goal = goals.get(proposed.goal_key or "")
        measure = plan_services.measure_create(
            plan=plan,
            by=by,
            goal=goal,
            number=proposed.number[:20],
            title=proposed.title.strip()[:500] or _("Uten tittel"),
            what=proposed.what,
            why=proposed.why,
            timeframe=proposed.timeframe[:300],
            start_year=proposed.start_year,
            due_year=proposed.due_year,
            due_date=_date(proposed.due_date),
            partners=proposed.partners,
            cost=proposed.cost,
            prevention_level=proposed.prevention_level or (goal.prevention_level if goal else ""),
            responsible=[
                plan_services.ResponsibleUnit(
                    unit=units[(r.unit_id, r.name)],
                    role=r.role,
                )
                for r in _unique_responsible(proposed.responsible)
            ],
        )
        for objective in proposed.objectives:
            if objective.text.strip():
                plan_services.objective_add(
                    measure=measure,
                    kind=objective.kind,
                    text=objective.text.strip(),
                    measurement_method=objective.measurement_method.strip(),
                    by=by,
                )
        for link in proposed.links:
            _link(measure, link.target, link.target_id, by)
    locked.state = ImportState.SAVED
    locked.plan = plan
    locked.proposal = proposal.to_json()
    locked.save(update_fields=["state", "plan", "proposal", "updated_at"])
    return plan


def _unique_responsible(items: list[ProposedResponsible]) -> list[ProposedResponsible]:
    seen: set[tuple[int | None, str]] = set()
    unique: list[ProposedResponsible] = []
    for item in items:
        key = (item.unit_id, item.name.strip().casefold() if item.unit_id is None else "")
        if key not in seen and (item.unit_id is not None or item.name.strip()):
            seen.add(key)
            unique.append(item)
    return unique


def _units_for(proposal: Proposal, organisation: Organisation, by: User | None) -> dict[tuple[int | None, str], Unit]:
    """Existing units by id; proposed new units created once, found again by name if they exist already."""
    wanted_ids = {r.unit_id for m in proposal.measures for r in m.responsible if r.unit_id is not None}
    existing = {u.pk: u for u in Unit.objects.filter(pk__in=wanted_ids)}
    allowed_orgs = {organisation.pk} | set(
        Organisation.objects.filter(kind=OrganisationKind.MINISTRY).values_list("pk", flat=True)
    )
    by_name = {u.name.casefold(): u for u in organisation.units.all()}
    units: dict[tuple[int | None, str], Unit] = {}
    for measure in proposal.measures:
        for r in measure.responsible:
            if r.unit_id is not None:
                unit = existing.get(r.unit_id)
                if unit is None or unit.organisation_id not in allowed_orgs:
                    raise ValidationError(_("Ukjent ansvarlig enhet: %(name)s") % {"name": r.name})
                units[(r.unit_id, r.name)] = unit
                continue
            name = " ".join(r.name.split())[:200]
            if not name:
                continue
            if name.casefold() not in by_name:
                by_name[name.casefold()] = unit_create(organisation=organisation, name=name, by=by)
            units[(None, r.name)] = by_name[name.casefold()]
    return units


def _link(source: Goal | Measure, target: str, target_id: int, by: User | None) -> None:
    model = Goal if target == "goal" else Measure
    found = model.objects.filter(pk=target_id, plan__level=PlanLevel.NATIONAL).first()
    if found is not None:
        plan_services.plan_link_create(source=source, target=found, by=by)
