"""The OpenAPI schema is served and describes what the API actually returns."""

import jsonschema
from django.urls import reverse


def _validator(client, component):  # type: ignore[no-untyped-def]
    schema = client.get(reverse("api:openapi")).json()
    wrapped = {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    return jsonschema.Draft202012Validator(wrapped)


def test_schema_is_served_and_lists_the_endpoints(client, db):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {"/api/v1/plans", "/api/v1/plans/{id}", "/api/v1/statistics/{number}"}


def test_plan_list_matches_the_schema(client, db):
    validator = _validator(client, "PlanSummary")
    plans = client.get(reverse("api:plan_list")).json()["plans"]
    assert plans
    for plan in plans:
        validator.validate(plan)


def test_every_seed_plan_matches_the_schema(client, national_plan, gjovik_plan, drammen_plan, trondheim_plan):
    validator = _validator(client, "PlanDetail")
    for plan in (national_plan, gjovik_plan, drammen_plan, trondheim_plan):
        validator.validate(client.get(reverse("api:plan_detail", args=[plan.pk])).json())


def test_schema_rejects_what_the_api_must_never_say(client, db):
    validator = _validator(client, "PlanSummary")
    draft = {
        "id": 1,
        "title": "x",
        "organisations": [],
        "level": "municipal",
        "status": "draft",
        "period_start": None,
        "period_end": None,
    }
    assert not validator.is_valid(draft)


def test_statistics_match_the_schema_and_hidden_cells_carry_no_numbers(client, db):
    validator = _validator(client, "Statistics")
    for number in ("0", "3301", "5001"):
        validator.validate(client.get(reverse("stats_api:statistics", args=[number])).json())
    cell = _validator(client, "StatisticsCell")
    hidden = {
        "period": "2023",
        "first_year": 2023,
        "last_year": 2023,
        "pooled": False,
        "sex": "male",
        "age": "total",
        "count": 14,
        "population": None,
        "rate": None,
        "ci_low": None,
        "ci_high": None,
        "suppressed": True,
        "reason": {"code": "breakdown", "text": "…"},
        "source": "",
        "note": "",
    }
    assert not cell.is_valid(hidden)
