"""Fixtures for the help pages: a fully filled-in service of Drammen, one of Gjøvik, and a database that is down."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from planverk.help import services
from planverk.help.models import Service
from planverk.organisations.models import Organisation

# Every field a municipality is asked to publish, filled in (made-up values: tests only).
FULL_SERVICE: dict[str, Any] = {
    "kind": "low_threshold",
    "name": "Samtaletilbudet for unge voksne",
    "description": "Samtaler uten ventetid for deg som strever.",
    "target_group": "Unge voksne",
    "age_group": "18–30 år",
    "opening_hours": "Mandag–fredag 08.00–15.30",
    "phone": "22 22 22 22",
    "phone_hours": "Hverdager 09.00–14.00",
    "sms": "+47 400 00 000",
    "chat_url": "https://chat.example.no/samtale",
    "web_url": "https://www.example.no/samtaletilbudet/",
    "address": "Eksempelgata 1, 3044 Drammen",
    "referral_needed": False,
    "free": True,
    "languages": ["nb", "en", "pl"],
    "contact_role": "Helsesykepleier",
    "last_verified": datetime.date(2026, 11, 1),
    "groups": ["struggling", "worried"],
}


@pytest.fixture
def drammen_service(drammen: Organisation) -> Service:
    return services.service_create(organisation=drammen, by=None, **FULL_SERVICE)


@pytest.fixture
def gjovik_service(gjovik: Organisation) -> Service:
    return services.service_create(
        organisation=gjovik, by=None, kind="low_threshold", name="Gjøviks samtaletilbud", groups=["struggling"]
    )


@contextmanager
def database_down() -> Iterator[None]:
    """Every query fails as it would with the database server gone."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("could not connect to server: Connection refused (test)")

    with (
        mock.patch.object(BaseDatabaseWrapper, "cursor", refuse),
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse),
    ):
        yield
