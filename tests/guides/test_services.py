"""Writing guides and steps: bad input changes nothing, contacts come only from the municipality's directory and
the national registry, flagged text is published only when confirmed, steps move within their phase."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from planverk.guides import services
from planverk.guides.models import Guide, GuideStatus, GuideStep
from planverk.lib.safe_messaging import CONFIRMED_REASON, FlaggedText
from planverk.plans.models import Measure
from tests.factories import UnitFactory
from tests.guides.conftest import FLAGGED

NOW = timezone.now()


def _titles(guide: Guide, phase: str) -> list[str]:
    return list(guide.steps.filter(phase=phase).order_by("order", "pk").values_list("title", flat=True))


def test_a_new_guide_is_a_draft_with_who_created_it(drammen, coordinator):
    guide = services.guide_create(
        organisation=drammen, by=coordinator, now=NOW, title=" Rutine ", review_date=datetime.date(2027, 1, 1)
    )
    assert guide.status == GuideStatus.DRAFT
    assert guide.title == "Rutine"
    assert guide.history.get().history_user == coordinator


def test_a_guide_needs_a_title_and_nothing_is_saved_without(drammen):
    before = Guide.objects.count()
    with pytest.raises(ValidationError):
        services.guide_create(organisation=drammen, by=None, now=NOW, title="", review_date=datetime.date(2027, 1, 1))
    assert Guide.objects.count() == before


def test_owner_unit_and_measure_of_another_municipality_are_refused(draft, other_coordinator, gjovik, gjovik_plan):
    measure = Measure.objects.filter(plan=gjovik_plan).first()
    for fields, message in [
        ({"owner": other_coordinator}, "Eieren må være koordinator eller administrator i Drammen"),
        ({"owner_unit": UnitFactory(organisation=gjovik)}, "enheten må høre til Drammen"),
        ({"measure": measure}, "Tiltaket må høre til en av handlingsplanene til Drammen"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.guide_update(guide=draft, expected_version=1, by=None, now=NOW, title="Ny", **fields)
    draft.refresh_from_db()
    assert (draft.title, draft.owner, draft.owner_unit, draft.measure, draft.version) == (
        "Rutine i skolen",
        None,
        None,
        None,
        1,
    )


def test_a_save_over_a_newer_save_is_refused(draft):
    services.guide_update(guide=draft, expected_version=1, by=None, now=NOW, title="Først")
    with pytest.raises(services.ConcurrentEditError):
        services.guide_update(guide=draft, expected_version=1, by=None, now=NOW, title="Sist")
    draft.refresh_from_db()
    assert draft.title == "Først"


def test_contacts_from_the_own_directory_and_the_registry_are_kept(draft, drammen_service, national_service):
    step = services.step_create(
        guide=draft, by=None, now=NOW, phase="assess", title="Ring", contacts=[drammen_service, national_service]
    )
    assert set(step.contacts.all()) == {drammen_service, national_service}
    # The history's first row holds the contacts too.
    assert {r.service_id for r in step.history.get().contacts.all()} == {drammen_service.pk, national_service.pk}


def test_a_contact_of_another_municipality_is_refused_with_a_clear_error(draft, gjovik_service, drammen_service):
    steps_before = GuideStep.objects.count()
    with pytest.raises(ValidationError, match="hører ikke til kommunens tjenesteoversikt"):
        services.step_create(guide=draft, by=None, now=NOW, phase="assess", title="Ring", contacts=[gjovik_service])
    assert GuideStep.objects.count() == steps_before

    step = draft.steps.order_by("pk").first()
    services.step_update(step=step, expected_version=1, by=None, now=NOW, contacts=[drammen_service])
    with pytest.raises(ValidationError, match=gjovik_service.name):
        services.step_update(step=step, expected_version=2, by=None, now=NOW, title="Endret", contacts=[gjovik_service])
    step.refresh_from_db()
    assert (step.title, list(step.contacts.all()), step.version) == ("Se etter tegn", [drammen_service], 2)


def test_an_unknown_legal_duty_or_phase_is_refused(draft):
    with pytest.raises(ValidationError, match="Ukjent plikt"):
        services.step_create(guide=draft, by=None, now=NOW, phase="assess", title="X", legal_duties=["rettighet"])
    with pytest.raises(ValidationError):
        services.step_create(guide=draft, by=None, now=NOW, phase="sometime", title="X")
    assert draft.steps.count() == 3


def test_legal_duties_are_kept_in_a_fixed_order(draft):
    step = services.step_create(
        guide=draft, by=None, now=NOW, phase="assess", title="X", legal_duties=["avvergeplikt", "taushetsplikt"]
    )
    assert step.legal_duties == ["taushetsplikt", "avvergeplikt"]


def test_flagged_text_blocks_publishing_until_confirmed(draft, coordinator):
    step = draft.steps.order_by("pk").first()
    services.step_update(step=step, expected_version=1, by=None, now=NOW, text=FLAGGED)  # a draft: not checked yet
    with pytest.raises(FlaggedText) as refused:
        services.guide_publish(guide=draft, by=coordinator, now=NOW)
    assert [f.phrase.lower() for f in refused.value.findings] == ["sjokkerende"]
    draft.refresh_from_db()
    assert draft.status == GuideStatus.DRAFT

    services.guide_publish(guide=draft, by=coordinator, now=NOW, confirm_flagged=True)
    draft.refresh_from_db()
    assert draft.status == GuideStatus.PUBLISHED
    assert draft.history.order_by("-history_id").first().history_change_reason == CONFIRMED_REASON


def test_changed_text_of_a_published_guide_is_checked_on_save(demo_guide):
    step = demo_guide.steps.order_by("pk").first()
    with pytest.raises(FlaggedText):
        services.step_update(step=step, expected_version=step.version, by=None, now=NOW, text=FLAGGED)
    with pytest.raises(FlaggedText):
        services.guide_update(guide=demo_guide, expected_version=demo_guide.version, by=None, now=NOW, audience=FLAGGED)
    step.refresh_from_db()
    demo_guide.refresh_from_db()
    assert FLAGGED not in step.text and FLAGGED not in demo_guide.audience


def test_a_guide_without_steps_is_not_published(drammen):
    guide = services.guide_create(
        organisation=drammen, by=None, now=NOW, title="Tom", review_date=datetime.date(2027, 1, 1)
    )
    with pytest.raises(ValidationError, match="ingen steg"):
        services.guide_publish(guide=guide, by=None, now=NOW)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT


def test_unpublishing_takes_the_guide_off_the_public_pages(demo_guide):
    services.guide_unpublish(guide=demo_guide, by=None)
    assert not Guide.objects.published().filter(pk=demo_guide.pk).exists()


def test_steps_move_within_their_phase_and_stop_at_the_ends(draft):
    first, second = draft.steps.filter(phase="detect").order_by("order", "pk")
    services.step_move(step=second, direction=-1, by=None, now=NOW)
    assert _titles(draft, "detect") == ["Spør direkte", "Se etter tegn"]
    services.step_move(step=second, direction=-1, by=None, now=NOW)  # already first
    assert _titles(draft, "detect") == ["Spør direkte", "Se etter tegn"]
    services.step_move(step=first, direction=-1, by=None, now=NOW)
    assert _titles(draft, "detect") == ["Se etter tegn", "Spør direkte"]
    assert _titles(draft, "assess") == ["Ring legevakten"]


def test_a_step_moved_to_another_phase_goes_last_there(draft):
    step = draft.steps.get(title="Se etter tegn")
    services.step_update(step=step, expected_version=1, by=None, now=NOW, phase="assess")
    assert _titles(draft, "assess") == ["Ring legevakten", "Se etter tegn"]


def test_the_last_step_of_a_published_guide_is_not_deleted(drammen):
    guide = services.guide_create(
        organisation=drammen, by=None, now=NOW, title="En", review_date=datetime.date(2027, 1, 1)
    )
    step = services.step_create(guide=guide, by=None, now=NOW, phase="detect", title="Spør")
    services.guide_publish(guide=guide, by=None, now=NOW)
    with pytest.raises(ValidationError, match="minst ett steg"):
        services.step_delete(step=step, by=None, now=NOW)
    assert guide.steps.count() == 1
