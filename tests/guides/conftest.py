import datetime

import pytest
from django.utils import timezone

from planverk.guides import services
from planverk.guides.models import Guide
from planverk.help.models import Service

DEMO_KEY = "demo-3301-selvmordsfare"
# A phrase the safe-messaging list flags (sensational wording).
FLAGGED = "Det var sjokkerende for alle."


@pytest.fixture
def demo_guide(db) -> Guide:  # type: ignore[no-untyped-def]
    return Guide.objects.get(key=DEMO_KEY)


@pytest.fixture
def draft(drammen) -> Guide:  # type: ignore[no-untyped-def]
    guide = services.guide_create(
        organisation=drammen,
        by=None,
        now=timezone.now(),
        title="Rutine i skolen",
        audience="Lærere",
        review_date=datetime.date(2027, 6, 30),
    )
    for phase, title in [("detect", "Se etter tegn"), ("detect", "Spør direkte"), ("assess", "Ring legevakten")]:
        services.step_create(guide=guide, by=None, now=timezone.now(), phase=phase, title=title)
    return guide


@pytest.fixture
def drammen_service(drammen) -> Service:  # type: ignore[no-untyped-def]
    return Service.objects.get(key="demo-3301-legevakt")


@pytest.fixture
def national_service(db) -> Service:  # type: ignore[no-untyped-def]
    return Service.objects.get(key="mental-helse-hjelpetelefonen")


@pytest.fixture
def gjovik_service(gjovik) -> Service:  # type: ignore[no-untyped-def]
    service = Service.objects.filter(organisation=gjovik).order_by("pk").first()
    assert service is not None, "the demo has services in Gjøvik"
    return service
