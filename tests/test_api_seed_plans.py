"""The four seed plans, read through the open data API, match the seed documents themselves."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _squash(text: str) -> str:
    # PDF extraction splits words over lines with hyphens; compare letters only.
    return re.sub(r"[\s\-\u00ad–]", "", text).lower()


def _in_seed(title: str, seed: str) -> bool:
    # A table cell can be cut by a page break with another column in between: check both ends.
    squashed = _squash(title)
    return squashed in seed or (squashed[:40] in seed and squashed[-40:] in seed)


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _api_plan(client, plan):  # type: ignore[no-untyped-def]
    response = client.get(reverse("api:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.json()


def _measures(data):  # type: ignore[no-untyped-def]
    return [m for g in data["goals"] for m in g["measures"]] + data["measures_without_goal"]


def test_plan_list_has_the_four_seed_plans(client, national_plan, gjovik_plan, drammen_plan, trondheim_plan):
    plans = client.get(reverse("api:plan_list")).json()["plans"]
    ids = {p["id"] for p in plans}
    assert {national_plan.pk, gjovik_plan.pk, drammen_plan.pk, trondheim_plan.pk} <= ids
    drammen = next(p for p in plans if p["id"] == drammen_plan.pk)
    assert drammen["organisations"] == [{"number": "3301", "name": "Drammen"}]
    assert drammen["level"] == "municipal"
    assert drammen["status"] == "adopted"
    assert drammen["period_start"] == 2024


def test_national_plan_has_61_measures_in_6_goals_with_the_ministries_of_the_seed(client, national_plan):
    data = _api_plan(client, national_plan)
    assert [g["number"] for g in data["goals"]] == ["1", "2", "3", "4", "5", "6"]
    measures = _measures(data)
    assert [m["number"] for m in measures] == [str(n) for n in range(1, 62)]

    # Read the ministries straight from the seed, independently of the fixture.
    seed = _seed("003_bea49cd7e0580b0c.txt")
    written = re.findall(r"Ansvarlig departement:\s*([^\n]+)", seed)
    assert len(written) == 61
    expected = [[code for code in re.split(r",\s*|\s+og\s+", line.strip()) if code] for line in written]
    actual = [[r["short_name"] for r in m["responsible"]] for m in measures]
    assert actual == expected
    assert all(m["responsible"][0]["role"] == "primary" for m in measures)


def test_national_measure_titles_are_those_of_the_seed(client, national_plan):
    seed = _squash(_seed("003_bea49cd7e0580b0c.txt"))
    for measure in _measures(_api_plan(client, national_plan)):
        assert measure["title"] == " ".join(measure["title"].split())
        assert _in_seed(measure["title"], seed), measure["number"]


@pytest.mark.parametrize(
    ("plan_fixture", "seed_file", "goal_count", "measure_count"),
    [
        ("gjovik_plan", "000_be5f89339faa531a.txt", 0, 7),
        ("drammen_plan", "001_99039e1f6bc1f612.txt", 5, 11),
        ("trondheim_plan", "002_4126167fad2d98c8.txt", 3, 21),
    ],
)
def test_municipal_plans_have_their_goals_and_measures(
    db, client, request, plan_fixture, seed_file, goal_count, measure_count
):  # type: ignore[no-untyped-def]
    data = _api_plan(client, request.getfixturevalue(plan_fixture))
    assert len(data["goals"]) == goal_count
    measures = _measures(data)
    assert len(measures) == measure_count
    seed = _squash(_seed(seed_file))
    for measure in measures:
        assert _in_seed(measure["title"], seed), measure["title"]


def test_gjovik_measures_have_all_their_fields(client, gjovik_plan):
    measures = _measures(_api_plan(client, gjovik_plan))
    assert [m["number"] for m in measures] == ["1", "2", "3", "4", "5", "6", "7"]
    for measure in measures:
        assert measure["what"] and measure["why"]
        assert measure["responsible"]
        kinds = {o["kind"] for o in measure["objectives"]}
        assert kinds == {"result", "effect"}
    assert measures[6]["timeframe"] == ""
    assert any(m["timeframe"] == "Pågående" for m in measures)


def test_drammen_goals_link_to_the_national_goals_they_name(client, drammen_plan, national_plan):
    data = _api_plan(client, drammen_plan)
    links = [(g["number"], [(lnk["plan_id"], lnk["kind"], lnk["number"]) for lnk in g["links"]]) for g in data["goals"]]
    assert links == [
        ("1", [(national_plan.pk, "goal", "1")]),
        ("2", [(national_plan.pk, "goal", "6")]),
        ("3", [(national_plan.pk, "goal", "2")]),
        ("4", [(national_plan.pk, "goal", "4")]),
        ("5", [(national_plan.pk, "goal", "5")]),
    ]
    measure_10 = next(m for m in _measures(data) if m["number"] == "10")
    assert [(lnk["plan_id"], lnk["kind"], lnk["number"]) for lnk in measure_10["links"]] == [
        (national_plan.pk, "measure", "20")
    ]


def test_trondheim_categories_are_prevention_levels_with_byradsomrader(client, trondheim_plan):
    data = _api_plan(client, trondheim_plan)
    assert [(g["number"], g["kind"], g["prevention_level"], len(g["measures"])) for g in data["goals"]] == [
        ("3.1", "category", "universal", 9),
        ("3.2", "category", "selective", 7),
        ("3.3", "category", "indicated", 5),
    ]
    for goal in data["goals"]:
        for measure in goal["measures"]:
            assert measure["prevention_level"] == goal["prevention_level"]
            assert measure["responsible"], measure["title"]
            assert all(
                r["organisation"] == "Trondheim - Tråante" or r["organisation"].startswith("Trondheim")
                for r in measure["responsible"]
            )
    first = data["goals"][0]["measures"]
    assert [m["number"] for m in first] == ["1", "2", "3", "4", "", "6", "7", "8", "9"]


def test_loading_demo_data_again_changes_nothing(national_plan):
    from django.core.management import call_command

    from planverk.plans.models import Measure, Plan

    before = (Plan.objects.count(), Measure.objects.count())
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Plan.objects.count(), Measure.objects.count()) == before
