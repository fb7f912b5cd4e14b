"""Saving a reviewed proposal as a draft plan, and the import_plan command."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from planverk.importer import services
from planverk.importer.models import ImportState, PlanImport
from planverk.importer.proposal import Proposal, ProposedResponsible
from planverk.organisations.models import Organisation, Unit
from planverk.plans.models import Goal, Measure, Plan, PlanLink, PlanStatus
from tests.importer.compare import SEEDS

DRAMMEN_SEED = SEEDS / "001_99039e1f6bc1f612.txt"
GJOVIK_SEED = SEEDS / "000_be5f89339faa531a.txt"


def _reviewed_import(seed, number: str, user=None) -> PlanImport:  # type: ignore[no-untyped-def]
    plan_import = services.import_start(
        organisation=Organisation.objects.get(number=number), by=user, data=seed.read_bytes(), source_name=seed.name
    )
    services.import_process(plan_import=plan_import, language="nb")
    plan_import.refresh_from_db()
    assert plan_import.state == ImportState.REVIEW, plan_import.error
    return plan_import


@pytest.mark.django_db
def test_saving_creates_a_draft_plan_with_goals_measures_and_links(coordinator):
    plan_import = _reviewed_import(DRAMMEN_SEED, "3301", coordinator)
    proposal = Proposal.from_json(plan_import.proposal)

    plan = services.import_save(plan_import=plan_import, proposal=proposal, by=coordinator)

    assert plan.status == PlanStatus.DRAFT
    assert list(plan.organisations.values_list("number", flat=True)) == ["3301"]
    assert plan.goals.count() == 5
    assert plan.measures.count() == 11
    assert plan.adopted_on.isoformat() == "2023-12-12" and plan.case_number == "24/23"
    national_goals = PlanLink.objects.filter(from_goal__plan=plan).values_list("to_goal__number", flat=True)
    assert sorted(national_goals) == ["1", "2", "4", "5", "6"]
    assert PlanLink.objects.filter(from_measure__plan=plan, to_measure__number="20").count() == 1
    assert plan.history.first().history_user == coordinator
    plan_import.refresh_from_db()
    assert (plan_import.state, plan_import.plan) == (ImportState.SAVED, plan)
    assert not Plan.objects.filter(pk=plan.pk).published().exists()


@pytest.mark.django_db
def test_proposed_new_units_are_created_once_and_matched_units_reused(coordinator):
    plan_import = _reviewed_import(GJOVIK_SEED, "3407")
    proposal = Proposal.from_json(plan_import.proposal)
    units_before = Unit.objects.filter(organisation__number="3407").count()
    proposal.measures[0].responsible.append(ProposedResponsible(name="Frisklivssentralen", role="collaborator"))
    proposal.measures[1].responsible.append(ProposedResponsible(name="Frisklivssentralen", role="collaborator"))

    plan = services.import_save(plan_import=plan_import, proposal=proposal, by=coordinator)

    assert Unit.objects.filter(organisation__number="3407").count() == units_before + 1
    first = plan.measures.order_by("order").first()
    assert [r.unit.name for r in first.responsibilities.order_by("order")] == [
        "Oppvekst",
        "Helse og omsorg",
        "NAV",
        "Samfunn/utvikling",
        "Frisklivssentralen",
    ]


@pytest.mark.django_db
def test_a_save_that_fails_halfway_leaves_nothing(coordinator):
    plan_import = _reviewed_import(GJOVIK_SEED, "3407")
    proposal = Proposal.from_json(plan_import.proposal)
    proposal.measures[-1].start_year, proposal.measures[-1].due_year = 2030, 2026  # refused by measure_create
    proposal.measures[0].responsible.append(ProposedResponsible(name="Ny enhet som ikke skal bli", role="collaborator"))
    counts = (Plan.objects.count(), Goal.objects.count(), Measure.objects.count(), Unit.objects.count())

    with pytest.raises(ValidationError):
        services.import_save(plan_import=plan_import, proposal=proposal, by=coordinator)

    assert (Plan.objects.count(), Goal.objects.count(), Measure.objects.count(), Unit.objects.count()) == counts
    plan_import.refresh_from_db()
    assert plan_import.state == ImportState.REVIEW


@pytest.mark.django_db
def test_a_unit_of_another_municipality_is_refused(coordinator):
    plan_import = _reviewed_import(GJOVIK_SEED, "3407")
    proposal = Proposal.from_json(plan_import.proposal)
    trondheim_unit = Unit.objects.filter(organisation__number="5001").first()
    proposal.measures[0].responsible = [ProposedResponsible(name=trondheim_unit.name, unit_id=trondheim_unit.pk)]

    with pytest.raises(ValidationError):
        services.import_save(plan_import=plan_import, proposal=proposal, by=coordinator)
    assert not Plan.objects.filter(title=proposal.title, status=PlanStatus.DRAFT, organisations__number="3407").exists()


@pytest.mark.django_db
def test_a_refused_document_is_recorded_as_failed_and_its_bytes_dropped():
    plan_import = services.import_start(
        organisation=Organisation.objects.get(number="3301"),
        by=None,
        data=b"Bare et notat uten tiltak.",
        source_name="x",
    )
    services.import_process(plan_import=plan_import, language="nb")
    plan_import.refresh_from_db()

    assert plan_import.state == ImportState.FAILED
    assert "Fant ingen tiltak" in plan_import.error
    assert plan_import.data is None


@pytest.mark.django_db
def test_dry_run_prints_the_proposal_as_json_and_saves_nothing():
    out = StringIO()
    plans_before = Plan.objects.count()

    call_command("import_plan", str(GJOVIK_SEED), "--organisation", "3407", "--dry-run", "--format", "json", stdout=out)

    data = json.loads(out.getvalue())
    assert data["organisation"]["number"] == "3407"
    assert data["saved_plan_id"] is None
    measures = data["plan"]["measures"]
    assert len(measures) == 7
    assert measures[2]["title"] == (
        "Sikre og synliggjøre tilgjengelige psykisk helsetjenester for alle aldersgrupper og befolkningsgrupper"
    )
    assert measures[2]["timeframe"] == "I løpet av 2026" and measures[2]["due_year"] == 2026
    assert [r["name"] for r in measures[5]["responsible"]] == [
        "Landbrukskontoret",
        "Tilrettelagte tjenester",
        "Tildeling og koordinering",
    ]
    assert {"what", "why", "objectives", "uncertain", "source_line"} <= set(measures[0])
    assert Plan.objects.count() == plans_before
    assert not PlanImport.objects.exists()


@pytest.mark.django_db
def test_the_command_saves_a_draft_and_finds_the_municipality_itself():
    out = StringIO()

    call_command("import_plan", str(DRAMMEN_SEED), stdout=out)

    plan = Plan.objects.get(organisations__number="3301", status=PlanStatus.DRAFT, title__startswith="Handlingsplan")
    assert plan.measures.count() == 11
    assert f"plan {plan.pk}" in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_with_a_clear_message(tmp_path):
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")

    with pytest.raises(CommandError, match="tom"):
        call_command("import_plan", str(empty), "--organisation", "3301", "--dry-run")
    with pytest.raises(CommandError, match="Fant ingen organisasjon"):
        call_command("import_plan", str(GJOVIK_SEED), "--organisation", "9999", "--dry-run")
