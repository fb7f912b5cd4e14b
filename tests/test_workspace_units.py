"""An organisation's units: the ones that can be made responsible for measures."""

import pytest
from django.urls import reverse

from planverk.organisations.models import Unit, UnitKind
from tests.factories import UnitFactory


def test_coordinator_adds_a_unit_to_their_municipality(client, coordinator, drammen, drammen_plan):
    client.force_login(coordinator)
    url = reverse("workspace:unit_list", args=[drammen.pk])
    parent = UnitFactory(organisation=drammen, name="Oppvekst", kind=UnitKind.SECTOR)
    response = client.post(
        url, {"name": "Drammen voksenopplæring", "short_name": "DVO", "kind": "virksomhet", "parent": parent.pk}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(organisation=drammen, name="Drammen voksenopplæring")
    assert (unit.short_name, unit.kind, unit.parent) == ("DVO", UnitKind.AGENCY, parent)
    assert unit.history.latest().history_user == coordinator
    assert "Drammen voksenopplæring" in client.get(url).content.decode()
    # and it can now be made responsible for a measure
    form = client.get(reverse("workspace:measure_create", args=[drammen_plan.pk])).context["form"]
    assert unit in form.fields["primary_units"].queryset


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "tjeneste"}, "Skriv inn navnet på enheten."),
        ({"name": "helsestasjonen", "kind": "tjeneste"}, "Drammen har allerede en enhet som heter «helsestasjonen»."),
        ({"name": "Ny enhet", "kind": "ministry"}, "Velg en av typene i listen."),
        ({"name": "Ny enhet", "kind": "tjeneste", "short_name": "x" * 51}, "Teksten kan ha høyst 50 tegn"),
    ],
)
def test_unit_with_bad_input_is_refused(client, coordinator, drammen, data, message):
    UnitFactory(organisation=drammen, name="Helsestasjonen")
    client.force_login(coordinator)
    before = Unit.objects.count()
    response = client.post(reverse("workspace:unit_list", args=[drammen.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Unit.objects.count() == before


def test_a_unit_cannot_be_placed_under_another_municipalitys_unit(client, coordinator, drammen, gjovik):
    foreign = UnitFactory(organisation=gjovik, name="Gjøviks enhet")
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:unit_list", args=[drammen.pk]),
        {"name": "Ny enhet", "kind": "tjeneste", "parent": foreign.pk},
    )
    assert response.status_code == 400
    assert "Velg en enhet i samme organisasjon." in response.content.decode()
    assert not Unit.objects.filter(name="Ny enhet").exists()


def test_coordinator_of_another_municipality_cannot_add_units(client, other_coordinator, drammen):
    client.force_login(other_coordinator)
    response = client.post(
        reverse("workspace:unit_list", args=[drammen.pk]), {"name": "Inntrenger", "kind": "tjeneste"}
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(name="Inntrenger").exists()
