"""Indicators on objectives, and the end-of-period evaluation of each measure with its summary for the revised plan."""

import pytest
from django.urls import reverse
from django.utils import timezone

from planverk.followup import services
from planverk.followup.models import Evaluation, Implementation, Indicator
from planverk.plans.models import Measure, Objective, ObjectiveKind

INDICATOR = {
    "name": "Andel ansatte med VIVAT-kurs",
    "unit": "prosent",
    "measurement_method": "Telling i kurskalenderen",
    "source": "Kursregisteret",
    "direction": "increase",
    "baseline": "12,5",
    "baseline_year": "2024",
    "target": "80",
    "target_year": "2027",
}


@pytest.fixture
def measure(drammen_plan) -> Measure:  # type: ignore[no-untyped-def]
    return drammen_plan.measures.order_by("order").first()


@pytest.fixture
def objective(measure) -> Objective:  # type: ignore[no-untyped-def]
    return Objective.objects.create(measure=measure, kind=ObjectiveKind.RESULT, text="Ansatte kan spørre om selvmord")


# --- Indicators --------------------------------------------------------------------------------


def test_coordinator_adds_an_indicator_to_an_objective(client, coordinator, measure, objective):
    client.force_login(coordinator)
    url = reverse("followup:indicator_create", args=[objective.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, INDICATOR)
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:measure_followup", args=[measure.pk])
    indicator = Indicator.objects.get(objective=objective)
    assert (indicator.name, indicator.unit, str(indicator.baseline), indicator.target_year) == (
        "Andel ansatte med VIVAT-kurs",
        "prosent",
        "12.50",
        2027,
    )
    assert indicator.history.get().history_user == coordinator
    page = client.get(response["Location"]).content.decode()
    assert "Andel ansatte med VIVAT-kurs (prosent)" in page
    assert "12,5" in page


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": ""}, "Skriv inn navnet på indikatoren."),
        ({"direction": "sideways"}, "Velg en av retningene i listen."),
        ({"target_year": "2020"}, "Året for målverdien kan ikke være før året for utgangsverdien."),
        ({"baseline": "tolv"}, "Skriv et tall, for eksempel 12 eller 12,5."),
    ],
)
def test_bad_indicator_input_changes_nothing(client, coordinator, objective, changes, error):
    client.force_login(coordinator)
    response = client.post(reverse("followup:indicator_create", args=[objective.pk]), {**INDICATOR, **changes})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Indicator.objects.filter(objective=objective).exists()


def test_owner_cannot_add_indicators(client, owner, objective):
    client.force_login(owner)
    assert client.post(reverse("followup:indicator_create", args=[objective.pk]), INDICATOR).status_code == 403
    assert not Indicator.objects.filter(objective=objective).exists()


# --- Evaluation --------------------------------------------------------------------------------


def _evaluation(**changes: object) -> dict[str, object]:
    return {
        "implementation": "partly",
        "notes": "Kursene ble holdt i halvparten av skolene.",
        "partner_input": "NAV ønsker å være med i neste plan.",
        "continue_in_revision": "true",
        "version": 0,
        **changes,
    }


def test_coordinator_evaluates_a_measure_and_the_summary_counts_it(client, coordinator, drammen_plan, measure):
    client.force_login(coordinator)
    url = reverse("followup:evaluation_edit", args=[measure.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _evaluation())
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(measure=measure)
    assert (evaluation.implementation, evaluation.continue_in_revision, evaluation.evaluated_by) == (
        Implementation.PARTLY,
        True,
        coordinator,
    )
    assert evaluation.history.get().history_user == coordinator

    response = client.get(reverse("followup:evaluation_summary", args=[drammen_plan.pk]))
    assert response.status_code == 200
    overview = response.context["overview"]
    counts = dict(overview.by_implementation)
    total = drammen_plan.measures.count()
    assert (counts["Delvis gjennomført"], counts["Fullt gjennomført"], counts["Ikke evaluert"]) == (1, 0, total - 1)
    assert dict(overview.by_continuation)["Videreføres"] == 1
    page = response.content.decode()
    assert "NAV ønsker å være med i neste plan." in page


def test_a_second_evaluation_keeps_both_versions_with_who_made_them(client, coordinator, superuser, measure):
    services.evaluation_record(
        measure=measure,
        implementation=Implementation.PARTLY,
        notes="Første vurdering",
        partner_input="",
        continue_in_revision=None,
        expected_version=None,
        by=coordinator,
        now=timezone.now(),
    )
    client.force_login(superuser)
    response = client.post(
        reverse("followup:evaluation_edit", args=[measure.pk]), _evaluation(implementation="fully", version=1)
    )
    assert response.status_code == 302
    history = list(Evaluation.objects.get(measure=measure).history.order_by("history_date", "history_id"))
    assert [(h.implementation, h.history_user) for h in history] == [("partly", coordinator), ("fully", superuser)]


def test_an_evaluation_saved_meanwhile_is_not_overwritten(client, coordinator, measure):
    services.evaluation_record(
        measure=measure,
        implementation=Implementation.NOT,
        notes="Den andre koordinatoren skrev dette",
        partner_input="",
        continue_in_revision=False,
        expected_version=None,
        by=coordinator,
        now=timezone.now(),
    )
    client.force_login(coordinator)
    response = client.post(reverse("followup:evaluation_edit", args=[measure.pk]), _evaluation(version=0))
    assert response.status_code == 409
    assert Evaluation.objects.get(measure=measure).notes == "Den andre koordinatoren skrev dette"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"implementation": ""}, "Velg hvor langt tiltaket er gjennomført."),
        ({"implementation": "halfway"}, "Velg en av gjennomføringsgradene i listen."),
        ({"continue_in_revision": "kanskje"}, "Velg et av valgene i listen."),
    ],
)
def test_bad_evaluation_input_changes_nothing(client, coordinator, measure, changes, error):
    client.force_login(coordinator)
    response = client.post(reverse("followup:evaluation_edit", args=[measure.pk]), _evaluation(**changes))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Evaluation.objects.filter(measure=measure).exists()


def test_owner_and_viewer_read_the_evaluation_but_cannot_evaluate(client, owner, viewer, drammen_plan, measure):
    for user in (owner, viewer):
        client.force_login(user)
        assert client.get(reverse("followup:evaluation_summary", args=[drammen_plan.pk])).status_code == 200
        assert client.post(reverse("followup:evaluation_edit", args=[measure.pk]), _evaluation()).status_code == 403
    assert not Evaluation.objects.filter(measure=measure).exists()
