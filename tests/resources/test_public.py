"""The public resource bank: search, filters, a municipality's view, pages, and a query count that does not grow
with the data. Works without JavaScript: a GET form whose every answer has its own address."""

import re

import pytest
from django.urls import reverse

from planverk.resources.models import Resource
from planverk.resources.views_public import PAGE_SIZE
from tests.resources.conftest import add_resource

pytestmark = pytest.mark.django_db

URL = reverse("resources:index")


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [resource.title for resource in response.context["page"].object_list]


def test_everyone_sees_the_resources_the_seed_plans_list_with_their_facts(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "LEVE – Landsforeningen for etterlatte ved selvmord" in html
    assert 'href="https://www.leve.no/" rel="external noopener"' in html
    for fact in ("Utgiver", "Språk", "For", "Tema"):
        assert f"<dt>{fact}</dt>" in html


def test_the_help_block_is_on_the_page(client):
    html = client.get(URL).content.decode()
    assert 'href="tel:113"' in html and 'href="tel:116117"' in html


def test_every_link_to_another_site_has_noopener(client):
    html = client.get(URL).content.decode()
    external = re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', html)
    assert external
    assert all("noopener" in tag for tag in external), [tag for tag in external if "noopener" not in tag]


def test_search_finds_words_in_title_description_and_publisher(client):
    assert "Kirkens SOS" in titles(client.get(URL, {"q": "kirkens"}))
    assert "Kirkens SOS" in titles(client.get(URL, {"q": "døgnåpen anonym"}))  # description
    by_publisher = titles(client.get(URL, {"q": "Utdanningsdirektoratet"}))
    assert by_publisher == ["Forebygging av selvskading og selvmord i skolen"]


def test_every_word_must_match(client):
    assert titles(client.get(URL, {"q": "kirkens helsedirektoratet"})) == []


def test_audience_topic_and_language_filters(client):
    bereaved = titles(client.get(URL, {"malgruppe": "bereaved"}))
    assert "LEVE – Landsforeningen for etterlatte ved selvmord" in bereaved
    assert "Kirkens SOS" not in bereaved
    assert set(Resource.objects.filter(title__in=bereaved).values_list("for_bereaved", flat=True)) == {True}
    postvention = titles(client.get(URL, {"tema": "postvention"}))
    assert set(Resource.objects.filter(title__in=postvention).values_list("topic", flat=True)) == {"postvention"}
    assert titles(client.get(URL, {"sprak": "en"})) == ["A public health approach to suicide prevention"]


def test_unknown_filter_values_are_ignored_not_an_error(client):
    response = client.get(URL, {"malgruppe": "pets", "tema": "<script>", "sprak": "xx", "side": "abc"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == Resource.objects.count()


def test_a_municipality_sees_the_national_resources_and_its_own_not_another_ones(client, drammen, gjovik):
    add_resource(gjovik, title="Gjøviks egen brosjyre", audiences=("residents",))
    drammen_titles = titles(client.get(URL, {"kommune": "drammen", "side": "1"}))
    everything = client.get(URL, {"kommune": "drammen"}).context["page"].paginator.count
    assert everything == Resource.objects.visible_to_organisation(drammen.pk).count()
    assert "Hjelp til psykisk helse i Drammen" in titles(client.get(URL, {"kommune": "drammen", "q": "Drammen"}))
    assert "Gjøviks egen brosjyre" not in titles(client.get(URL, {"kommune": "drammen", "q": "brosjyre"}))
    assert "Gjøviks egen brosjyre" in titles(client.get(URL, {"kommune": "gjovik", "q": "brosjyre"}))
    assert drammen_titles  # national ones are there too


def test_an_unknown_municipality_says_so_and_shows_everything(client):
    response = client.get(URL, {"kommune": "finnes-ikke"})
    assert response.status_code == 200
    assert "Vi fant ikke kommunen" in response.content.decode()
    assert response.context["page"].paginator.count == Resource.objects.count()


def test_no_match_shows_a_clear_empty_state_with_a_way_back(client):
    html = client.get(URL, {"q": "zzzfinnesikke"}).content.decode()
    assert "Ingen ressurser passer med søket" in html
    assert f'href="{URL}"' in html


def test_pages_keep_the_filters_and_every_page_has_its_address(client):
    for number in range(PAGE_SIZE + 5):
        add_resource(title=f"Testressurs {number:02}", audiences=("helpers",))
    first = client.get(URL, {"q": "Testressurs", "malgruppe": "helpers"})
    assert first.context["page"].paginator.num_pages == 2
    assert len(titles(first)) == PAGE_SIZE
    html = first.content.decode()
    assert "q=Testressurs&amp;malgruppe=helpers&amp;side=2" in html
    second = client.get(URL, {"q": "Testressurs", "malgruppe": "helpers", "side": "2"})
    assert titles(second) == [f"Testressurs {number:02}" for number in range(PAGE_SIZE, PAGE_SIZE + 5)]
    # A page number past the end shows the last page rather than an error.
    assert titles(client.get(URL, {"q": "Testressurs", "side": "99"})) == titles(second)


# The count and the page of results, the languages in use, the municipalities for the filter; and the chosen
# municipality when there is one.
@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, 4), ({"kommune": "drammen", "q": "selvmord arbeid", "malgruppe": "employees", "sprak": "nb"}, 5)],
)
def test_the_number_of_queries_does_not_grow_with_the_data(client, django_assert_num_queries, drammen, params, queries):
    for size in (5, 30):
        for number in range(size):
            add_resource(drammen if number % 2 else None, title=f"Selvmord og arbeid {size}-{number}")
        with django_assert_num_queries(queries):
            response = client.get(URL, params)
        assert len(titles(response)) == min(PAGE_SIZE, response.context["page"].paginator.count)
        assert response.context["page"].paginator.count >= size
