"""What the public sees: the seed figures reproduced on the pages, in the API and the CSV file, the three agreeing
cell by cell; uncertainty and where to get help beside every figure; no ranking; a fixed number of queries."""

import datetime
import itertools
import re
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planverk.organisations.models import Organisation
from planverk.plans.models import Plan
from planverk.stats.models import Observation, PublishedCell, Series
from planverk.stats.services import statistics_import
from tests.stats.outputs import api_cells, csv_cells, page_cells

NOW = timezone.make_aware(datetime.datetime(2026, 3, 1, 12, 0))
ROOT = Path(__file__).resolve().parents[2]


def import_rows(rows: list[str]) -> None:
    text = "geo;year;sex;age;count;population\n" + "\n".join(rows) + "\n"
    statistics_import(content=text.encode(), file_name="test.csv", source="Test", note="", by=None, now=NOW)


def page(client, key: str, query: str = "") -> str:
    response = client.get(reverse("stats:geography", args=[key]) + query)
    assert response.status_code == 200
    return response.content.decode()


def api(client, number: str) -> dict:
    response = client.get(reverse("stats_api:statistics", args=[number]))
    assert response.status_code == 200
    return response.json()


def find(series: list[dict], period: str, sex: str = "total", age: str = "total") -> dict:
    return next(c for c in series if c["period"] == period and c["sex"] == sex and c["age"] == age)


# --- the seed figures -------------------------------------------------------------------------------------------


def test_norway_2022_is_11_3_per_100_000_on_the_page_and_in_the_api(client, db):
    cell = find(api(client, "0")["series"], "2022")
    assert (cell["count"], cell["rate"]) == (610, 11.3)
    html = page(client, "norge", "?periode=2013-2022")
    row = re.search(r'data-period="2022-2022".*?</tr>', html, re.DOTALL).group(0)
    assert 'data-value="count">610<' in row
    assert 'data-value="rate">11,3<' in row


def test_norway_2023_and_2024_are_710_and_727(client, db):
    series = api(client, "0")["series"]
    assert find(series, "2023")["count"] == 710
    assert find(series, "2024")["count"] == 727
    assert [c["period"] for c in series if c["pooled"]] == ["2012–2021", "2013–2022", "2014–2023", "2015–2024"]


def test_drammens_ten_year_pooled_figures(client, db):
    series = api(client, "3301")["series"]
    first, second = find(series, "2012–2021"), find(series, "2013–2022")
    assert (first["count"], second["count"]) == (119, 117)
    assert (first["rate"], second["rate"]) == (12.1, 11.8)
    # The seed: "11-13 selvmord pr 100.000 innbyggere", "litt over det nasjonale snittet", "forskjellene svært små".
    norway = find(api(client, "0")["series"], "2013–2022")
    assert 11 <= first["rate"] <= 13
    assert 11 <= second["rate"] <= 13
    assert second["ci_low"] <= norway["rate"] <= second["ci_high"]
    html = page(client, "drammen")
    assert 'data-value="rate">11,8<' in html
    assert "9,8–14,2" in html
    assert "Ikke tydelig forskjellig fra Norge (11,7)" in html


def test_trondheim_2023_total_is_shown_and_its_split_by_sex_is_not(client, db):
    series = api(client, "5001")["series"]
    assert find(series, "2023")["count"] == 27
    for sex in ("male", "female"):
        hidden = find(series, "2023", sex=sex)
        assert hidden["suppressed"] is True
        assert hidden["reason"]["code"] == "breakdown"
        assert hidden["count"] is hidden["population"] is hidden["rate"] is hidden["ci_low"] is None
    visible = re.sub(r"<[^>]+>", " ", page(client, "trondheim"))
    csv_text = client.get(reverse("stats:table_csv", args=["trondheim"])).content.decode("utf-8-sig")
    for text in (visible, csv_text):
        assert re.search(r"\b27\b", text)
        assert not re.search(r"\b(14|13)\b", text)


def test_the_page_marks_which_figures_are_demo_values(client, db):
    html = page(client, "norge")
    assert "Folketallene er demoverdier, ikke offisielle tall fra SSB" in html
    assert "Kildedokumenter: Drammen kommunes handlingsplan" in html


def test_the_page_is_found_by_number_and_slug_and_404_otherwise(client, db):
    assert 'data-value="rate">11,8<' in page(client, "3301")
    assert client.get(reverse("stats:geography", args=["finnes-ikke"])).status_code == 404
    assert client.get(reverse("stats_api:statistics", args=["9999"])).status_code == 404
    assert client.get(reverse("stats_api:statistics", args=["drammen"])).status_code == 404


def test_a_place_without_data_says_so(client, db):
    assert "Ingen statistikk er importert for Gjøvik ennå." in page(client, "gjovik")
    assert api(client, "3407")["series"] == []


# --- what comes with the figures --------------------------------------------------------------------------------


def test_every_statistics_page_pairs_the_figures_with_where_to_get_help(client, db):
    for key in ("norge", "drammen", "trondheim", "fylke-buskerud"):
        html = page(client, key)
        assert "Trenger du hjelp nå?" in html
        assert 'href="tel:113"' in html and 'href="tel:116123"' in html
    assert {p["number"] for p in api(client, "0")["help"]["phone_numbers"]} == {"113", "116 117", "116 123"}


def test_the_page_explains_uncertainty_the_dark_figure_and_hidden_numbers(client, db):
    html = page(client, "drammen")
    assert "95 % konfidensintervall" in html
    assert "mørketall" in html
    assert "vises ikke tall på 4 eller færre" in html
    assert "Tall etter metode vises aldri" in html


def test_the_chart_is_a_named_image_followed_by_a_table_with_the_same_numbers(client, db):
    html = page(client, "drammen")
    chart = re.search(r'<svg class="interval-chart"[^>]*role="img"[^>]*>.*?</svg>', html, re.DOTALL).group(0)
    assert '<title id="graf-rate-tittel">Selvmord per 100 000 innbyggere per år, rullerende perioder på 10 år' in chart
    assert "2012–2021: 12,1 (10,1–14,5); 2013–2022: 11,8 (9,8–14,2)" in chart
    after = html[html.index("</svg>") :]
    table = after[: after.index("</table>")]
    assert "<caption>Selvmord per 100 000 innbyggere per år, rullerende perioder på 10 år</caption>" in table
    assert 'data-value="rate">12,1<' in table and 'data-value="rate">11,8<' in table
    assert "<script" not in html


def test_the_period_form_chooses_the_period_without_javascript(client, db):
    html = page(client, "drammen", "?periode=2012-2021")
    assert re.search(r'<option value="2012-2021" selected>', html)
    assert "Perioden 2012–2021" in html
    assert re.search(r'<dd data-value="rate">12,1</dd>', html)
    # An unknown period falls back to the latest.
    assert "Perioden 2013–2022" in page(client, "drammen", "?periode=1900-1909")


def test_comparisons_are_worded_by_the_intervals(client, db):
    # A county with a clearly higher rate than the country, and Drammen compared with it.
    import_rows([f"33;{year};total;total;{60 + year % 3};200000" for year in range(2012, 2023)])
    html = page(client, "drammen")
    assert "Lavere enn Buskerud" in html
    county = page(client, "fylke-buskerud")
    assert "Høyere enn Norge" in county


def test_the_index_lists_places_alphabetically_without_any_figures(client, db):
    response = client.get(reverse("stats:index"))
    html = response.content.decode()
    names = re.findall(r'<a class="ds-link" href="/statistikk/[^"]+/">([^<]+)</a>', html)
    assert names == ["Norge", "Drammen", "Trondheim"]
    assert not re.search(r"\d+,\d", html)  # no rate anywhere: places are never ranked


def test_no_output_ever_orders_places_by_a_figure():
    # Safe messaging: a ranking of municipalities on suicide rates is never made, so no code may sort by one.
    for path in (ROOT / "planverk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"order_by\([^)]*[\"']-?(rate|count|ci_low|ci_high)[\"']", text), path
        assert not re.search(r"sort\w*\([^)]*key=[^)]*\.(rate|count)\b", text), path


# --- one selector, and the three outputs agree ------------------------------------------------------------------


def test_no_view_reads_the_imported_counts():
    # Outputs read published cells through the selectors; the raw observations are for the publishing service.
    for name in ("views_public.py", "api.py", "selectors.py"):
        text = (ROOT / "planverk" / "stats" / name).read_text(encoding="utf-8")
        assert "Observation" not in text and "suppress(" not in text, name
    assert "stats_selectors" in (ROOT / "planverk" / "plans" / "views_public.py").read_text(encoding="utf-8")


def test_demo_outputs_agree_cell_by_cell(client, db):
    for key, number in (("norge", "0"), ("drammen", "3301"), ("trondheim", "5001")):
        from_api = api_cells(client, number)
        assert from_api
        assert page_cells(client, key) == from_api
        assert csv_cells(client, key) == from_api


BUSKERUD = ["3301", "3303", "3305", "3310", "3312"]


@st.composite
def generated_tables(draw: st.DrawFn) -> list[str]:
    """Buskerud and a few of its municipalities, some years, totals and maybe a split by sex."""
    municipalities = draw(st.lists(st.sampled_from(BUSKERUD), min_size=1, max_size=4, unique=True))
    first = draw(st.integers(2000, 2010))
    years = range(first, first + draw(st.integers(1, 13)))
    by_sex = draw(st.booleans())
    rows = []
    totals: dict[tuple[int, str], int] = {}
    for number in municipalities:
        population = draw(st.integers(2_000, 120_000))
        for year in years:
            men, women = draw(st.integers(0, 12)), draw(st.integers(0, 6))
            parts = [("male", men), ("female", women)] if by_sex else []
            for sex, count in [("total", men + women), *parts]:
                share = population // 2 if sex != "total" else population
                rows.append(f"{number};{year};{sex};total;{count};{share}")
                totals[(year, sex)] = totals.get((year, sex), 0) + count
    if draw(st.booleans()):
        rows += [f"33;{year};{sex};total;{count};500000" for (year, sex), count in totals.items()]
    return rows


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=generated_tables())
def test_generated_tables_agree_cell_by_cell_in_page_csv_and_api(client, db, rows):
    Series.objects.all().delete()
    import_rows(rows)
    for number in sorted({row.split(";")[0] for row in rows}):
        organisation = Organisation.objects.get(number=number)
        from_api = api_cells(client, number)
        assert from_api, number
        assert page_cells(client, organisation.slug) == from_api, number
        assert csv_cells(client, organisation.slug) == from_api, number
        threshold = 4
        for cell in from_api.values():
            if cell["reason"]:
                assert cell["count"] is cell["population"] is cell["rate"] is None
            else:
                assert cell["count"] > threshold


# --- the API's schema -------------------------------------------------------------------------------------------


def _validator(client):
    schema = client.get(reverse("api:openapi")).json()
    wrapped = {"$ref": "#/components/schemas/Statistics", "components": schema["components"]}
    return jsonschema.Draft202012Validator(wrapped)


@pytest.mark.parametrize("number", ["0", "3301", "5001", "33", "3407"])
def test_the_api_matches_its_schema(client, db, number):
    _validator(client).validate(api(client, number))


def test_the_schema_refuses_a_hidden_cell_with_a_number(client, db):
    data = api(client, "5001")
    hidden = next(c for c in data["series"] if c["suppressed"])
    hidden["count"] = 14
    assert not _validator(client).is_valid(data)


# --- on a plan's page -------------------------------------------------------------------------------------------


def test_a_municipal_plan_shows_its_latest_pooled_period_compared_with_the_country(client, drammen_plan):
    html = client.get(reverse("public:plan_detail", args=[drammen_plan.pk])).content.decode()
    summary = html[html.index('class="plan-stats"') : html.index("</section>", html.index('class="plan-stats"'))]
    assert "Drammen, 2013–2022: 11,8 registrerte selvmord per 100 000 innbyggere per år" in summary
    assert "(95 % konfidensintervall 9,8–14,2)" in summary
    assert "Ikke tydelig forskjellig fra Norge (11,7)" in summary
    assert reverse("stats:geography", args=["drammen"]) in summary
    assert "116 123" in summary


def test_a_plan_for_a_place_without_pooled_figures_shows_no_summary(client, trondheim_plan, gjovik_plan):
    for plan in (trondheim_plan, gjovik_plan):
        assert 'class="plan-stats"' not in client.get(reverse("public:plan_detail", args=[plan.pk])).content.decode()


def test_the_national_plan_shows_the_country(client, national_plan):
    html = client.get(reverse("public:plan_detail", args=[national_plan.pk])).content.decode()
    assert "Norge, 2015–2024: 12,1 registrerte selvmord per 100 000 innbyggere per år" in html


# --- a fixed number of queries ----------------------------------------------------------------------------------

# The place (with its county), then the published cells of the place, its county and the country at once.
PAGE_QUERIES = 2
# The place, its published cells.
API_QUERIES = 2
CSV_QUERIES = 2


def _grow() -> None:
    """Forty years for Drammen by sex, its county and every other municipality of Buskerud."""
    Series.objects.all().delete()
    rows = []
    buskerud = list(Organisation.objects.filter(county__number="33").values_list("number", flat=True))
    for number, year in itertools.product(buskerud, range(1985, 2025)):
        rows += [
            f"{number};{year};total;total;{9 + year % 5};100000",
            f"{number};{year};male;total;{6 + year % 3};50000",
            f"{number};{year};female;total;{3 + year % 5 - year % 3};50000",
        ]
    import_rows(rows)


@pytest.mark.parametrize(
    ("name", "args", "queries"),
    [
        ("stats:geography", ["drammen"], PAGE_QUERIES),
        ("stats:table_csv", ["drammen"], CSV_QUERIES),
        ("stats_api:statistics", ["3301"], API_QUERIES),
    ],
)
def test_pages_and_api_cost_the_same_queries_with_much_more_data(
    client, db, django_assert_num_queries, name, args, queries
):
    url = reverse(name, args=args)
    with django_assert_num_queries(queries):
        small = client.get(url)
    assert small.status_code == 200
    before = PublishedCell.objects.filter(geo="3301").count()

    _grow()

    with django_assert_num_queries(queries):
        big = client.get(url)
    assert big.status_code == 200
    assert PublishedCell.objects.filter(geo="3301").count() > 10 * before
    assert len(big.content) > 3 * len(small.content)


def test_observations_are_kept_apart_from_what_is_published(db):
    # Hidden cells carry no numbers, by a database constraint as well as by the service.
    hidden = PublishedCell.objects.filter(geo="5001", sex="male").get()
    assert hidden.count is None and hidden.population is None
    assert Observation.objects.get(series__geo="5001", series__sex="male").count == 14


def test_a_plan_page_still_exists_for_every_seed_plan(client, db):
    for plan in Plan.objects.filter(fixture_key__isnull=False):
        assert client.get(reverse("public:plan_detail", args=[plan.pk])).status_code == 200
