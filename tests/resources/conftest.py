"""A way to add resources in tests; the demo resources of the seed plans are already there."""

from typing import Any

import pytest

from planverk.resources import services
from planverk.resources.models import Resource

VALID: dict[str, Any] = {
    "title": "Samtaleguide for ansatte",
    "publisher": "Testforlaget",
    "url": "https://www.example.no/samtaleguide/",
    "topic": "talking",
    "language": "nb",
    "description": "Slik spør du om selvmordstanker.",
}


def add_resource(organisation: Any = None, audiences: tuple[str, ...] = ("employees",), **fields: Any) -> Resource:
    return services.resource_create(organisation=organisation, by=None, audiences=audiences, **{**VALID, **fields})


@pytest.fixture
def drammen_resource(drammen) -> Resource:  # type: ignore[no-untyped-def]
    return add_resource(drammen, title="Drammens egen veileder", publisher="Drammen kommune")
