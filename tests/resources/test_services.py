"""Writing to the resource bank: bad input gets a clear error and changes nothing; flagged text needs confirmation;
concurrent saves never overwrite each other; every change is kept with who made it."""

import pytest
from django.core.exceptions import ValidationError

from planverk.lib.safe_messaging import CONFIRMED_REASON, FlaggedText
from planverk.organisations.models import Organisation, OrganisationKind
from planverk.resources import services
from planverk.resources.models import LinkStatus, Resource
from tests.resources.conftest import VALID, add_resource

pytestmark = pytest.mark.django_db

FLAGGED_DESCRIPTION = "Om selvmordsbølgen blant unge"


def test_a_coordinator_adds_a_local_resource_and_the_history_says_who(drammen, coordinator):
    resource = services.resource_create(
        organisation=drammen, by=coordinator, audiences=["residents", "bereaved"], **VALID
    )
    resource.refresh_from_db()
    assert resource.organisation == drammen
    assert resource.audiences == ["residents", "bereaved"]
    assert resource.version == 1
    assert resource.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"url": "ftp://www.example.no/fil"}, "http:// eller https://"),
        ({"url": "javascript:alert(1)"}, "http:// eller https://"),
        ({"url": "www.example.no"}, "http:// eller https://"),
        ({"language": "xx"}, "Ukjent språkkode: xx"),
        ({"topic": "gossip"}, "Ukjent tema"),
        ({"title": ""}, "Tittel: Feltet kan ikke være blankt."),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_saved(drammen, change, message):
    before = Resource.objects.count()
    with pytest.raises(ValidationError) as error:
        services.resource_create(organisation=drammen, by=None, audiences=["residents"], **{**VALID, **change})
    assert message in " ".join(error.value.messages)
    assert Resource.objects.count() == before


def test_a_resource_without_audience_is_refused(drammen):
    before = Resource.objects.count()
    with pytest.raises(ValidationError, match="minst én målgruppe"):
        services.resource_create(organisation=drammen, by=None, audiences=[], **VALID)
    assert Resource.objects.count() == before


def test_an_unknown_audience_is_refused(drammen):
    with pytest.raises(ValidationError, match="Ukjent målgruppe: pets"):
        services.resource_create(organisation=drammen, by=None, audiences=["residents", "pets"], **VALID)


def test_only_municipalities_have_local_resources():
    county = Organisation.objects.exclude(kind=OrganisationKind.MUNICIPALITY).first()
    assert county is not None
    with pytest.raises(ValidationError, match="hører til en kommune"):
        services.resource_create(organisation=county, by=None, audiences=["residents"], **VALID)
    assert not Resource.objects.filter(title=VALID["title"]).exists()


def test_flagged_text_is_not_saved_without_confirmation(drammen):
    with pytest.raises(FlaggedText) as error:
        add_resource(drammen, description=FLAGGED_DESCRIPTION)
    assert [finding.field for finding in error.value.findings] == ["description"]
    assert not Resource.objects.filter(description=FLAGGED_DESCRIPTION).exists()


def test_confirmed_flagged_text_is_saved_and_the_confirmation_is_in_the_history(drammen, coordinator):
    resource = services.resource_create(
        organisation=drammen,
        by=coordinator,
        audiences=["residents"],
        confirm_flagged=True,
        **{**VALID, "description": FLAGGED_DESCRIPTION},
    )
    assert resource.history.get().history_change_reason == CONFIRMED_REASON


def test_an_edit_that_leaves_confirmed_text_alone_is_not_asked_again(drammen):
    resource = services.resource_create(
        organisation=drammen,
        by=None,
        audiences=["residents"],
        confirm_flagged=True,
        **{**VALID, "description": FLAGGED_DESCRIPTION},
    )
    services.resource_update(resource=resource, expected_version=1, by=None, publisher="Ny utgiver")
    assert Resource.objects.get(pk=resource.pk).publisher == "Ny utgiver"


def test_flagged_text_in_an_edit_needs_confirmation_and_changes_nothing(drammen_resource):
    with pytest.raises(FlaggedText):
        services.resource_update(
            resource=drammen_resource, expected_version=1, by=None, title="Sjokkerende tall", publisher="Ny"
        )
    unchanged = Resource.objects.get(pk=drammen_resource.pk)
    assert (unchanged.title, unchanged.publisher, unchanged.version) == (drammen_resource.title, "Drammen kommune", 1)


def test_bad_input_in_an_edit_changes_nothing(drammen_resource):
    for change in ({"url": "ftp://example.no/"}, {"language": "xx"}):
        with pytest.raises(ValidationError):
            services.resource_update(resource=drammen_resource, expected_version=1, by=None, **change)
    with pytest.raises(ValidationError):
        services.resource_update(resource=drammen_resource, expected_version=1, by=None, audiences=[])
    unchanged = Resource.objects.get(pk=drammen_resource.pk)
    assert (unchanged.url, unchanged.language, unchanged.audiences) == (VALID["url"], "nb", ["employees"])
    assert unchanged.version == 1


def test_a_save_over_a_newer_save_is_refused(drammen_resource):
    services.resource_update(resource=drammen_resource, expected_version=1, by=None, title="Først")
    with pytest.raises(services.ConcurrentEditError):
        services.resource_update(resource=drammen_resource, expected_version=1, by=None, title="Sist")
    assert Resource.objects.get(pk=drammen_resource.pk).title == "Først"


def test_a_new_address_forgets_the_old_link_check(drammen_resource):
    Resource.objects.filter(pk=drammen_resource.pk).update(link_status=LinkStatus.BROKEN, link_error="HTTP 404")
    services.resource_update(
        resource=drammen_resource, expected_version=1, by=None, url="https://www.example.no/ny-adresse/"
    )
    updated = Resource.objects.get(pk=drammen_resource.pk)
    assert (updated.link_status, updated.link_error, updated.version) == (LinkStatus.UNCHECKED, "", 2)


def test_deleting_keeps_the_deletion_in_the_history(drammen_resource, coordinator):
    pk = drammen_resource.pk
    services.resource_delete(resource=drammen_resource, by=coordinator)
    assert not Resource.objects.filter(pk=pk).exists()
    assert Resource.history.filter(id=pk, history_type="-").get().history_user == coordinator
