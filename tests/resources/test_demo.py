"""The demo resources: the ones the seed plans list, loaded through the services (so they pass the same checks as
a coordinator's), once."""

import pytest
import yaml

from planverk.resources.demo import DEMO_FILE, load_demo_resources
from planverk.resources.models import Resource

pytestmark = pytest.mark.django_db


def test_loading_again_changes_nothing():
    before = list(Resource.objects.order_by("pk").values())
    loaded = load_demo_resources()
    assert loaded and not any(created for _resource, created in loaded)
    assert list(Resource.objects.order_by("pk").values()) == before


def test_a_deleted_demo_resource_comes_back_once():
    Resource.objects.get(key="demo-leve").delete()
    created = [resource.key for resource, new in load_demo_resources() if new]
    assert created == ["demo-leve"]
    assert Resource.objects.filter(key="demo-leve").count() == 1


def test_every_entry_of_the_file_is_loaded_national_or_for_its_municipality():
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    national = Resource.objects.filter(key__in=[f"demo-{entry['key']}" for entry in data["national"]])
    assert national.count() == len(data["national"])
    assert not national.filter(organisation__isnull=False).exists()
    drammen = Resource.objects.get(key="demo-3301-hjelp-til-psykisk-helse")
    assert drammen.organisation is not None and drammen.organisation.number == "3301"
    assert Resource.objects.get(key="demo-5001-folkehelseprofil").organisation.number == "5001"  # type: ignore[union-attr]


def test_every_demo_address_is_https_and_every_entry_names_its_source():
    text = DEMO_FILE.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for entries in data.values():
        for entry in entries:
            assert entry["url"].startswith("https://"), entry["key"]
            # The comment just above each entry names the seed file(s) it comes from.
            above = text[: text.index(f"- key: {entry['key']}\n")].rstrip().splitlines()[-1]
            assert above.strip().startswith("# 00"), entry["key"]
