"""The demo guide: Drammen's, built from its plan, linked to the measure that asks for routines, with contacts from
the directory and the registry, and text that passes the safe-messaging check."""

from planverk.guides.demo import load_demo_guides
from planverk.guides.models import Guide, Phase
from planverk.guides.services import guide_texts
from planverk.lib.safe_messaging import check_texts
from tests.guides.conftest import DEMO_KEY


def test_the_demo_guide_is_published_for_drammen_and_linked_to_its_routines_measure(demo_guide, drammen):
    assert demo_guide.is_published
    assert demo_guide.organisation == drammen
    assert demo_guide.measure is not None
    assert demo_guide.measure.title == "Etablere rutiner i og mellom tjenestene"
    assert {step.phase for step in demo_guide.steps.all()} == set(Phase.values)


def test_the_demo_contacts_are_drammens_or_national_services(demo_guide, drammen):
    contacts = {service for step in demo_guide.steps.all() for service in step.contacts.all()}
    assert contacts
    assert all(service.organisation_id in (None, drammen.pk) for service in contacts)
    assert {"Psykososial beredskap", "Drammen legevakt"} <= {service.name for service in contacts}


def test_the_demo_texts_have_no_safe_messaging_findings(demo_guide):
    assert check_texts(guide_texts(demo_guide)) == []


def test_loading_the_demo_again_changes_nothing(demo_guide):
    steps = demo_guide.steps.count()
    result = load_demo_guides()
    assert [(guide.key, created) for guide, created in result] == [(DEMO_KEY, False)]
    assert Guide.objects.filter(key=DEMO_KEY).count() == 1
    assert demo_guide.steps.count() == steps
