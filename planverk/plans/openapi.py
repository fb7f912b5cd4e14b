"""OpenAPI 3.1 description of the open data API, served at /api/v1/openapi.json."""

from typing import Any

_nullable_str: dict[str, Any] = {"type": ["string", "null"]}
_nullable_int: dict[str, Any] = {"type": ["integer", "null"]}

_link = {
    "type": "object",
    "required": ["plan_id", "plan_title", "kind", "id", "number", "title"],
    "properties": {
        "plan_id": {"type": "integer"},
        "plan_title": {"type": "string"},
        "kind": {"enum": ["goal", "measure"]},
        "id": {"type": "integer"},
        "number": {"type": "string"},
        "title": {"type": "string"},
    },
}

_plan_summary = {
    "type": "object",
    "required": ["id", "title", "organisations", "level", "status", "period_start", "period_end"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "organisations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "name"],
                "properties": {
                    "number": {"type": "string", "description": "Kommunenummer, fylkesnummer or ministry code"},
                    "name": {"type": "string"},
                },
            },
        },
        "level": {"enum": ["national", "county", "municipal", "intermunicipal"]},
        "status": {"enum": ["hearing", "adopted", "extended", "superseded", "archived"]},
        "period_start": _nullable_int,
        "period_end": _nullable_int,
    },
}

_status = {
    "type": ["object", "null"],
    "description": "The measure's latest approved status; null when none is approved. Unapproved reports never appear.",
    "required": ["period", "status_date", "category", "narrative", "same_as"],
    "properties": {
        "period": {"type": "string", "description": "The reporting round, e.g. 2025 or Status per 10. september 2025"},
        "status_date": {"type": "string", "format": "date"},
        "category": {"enum": ["not_started", "in_progress", "done", "continuous", "delayed", "changed", "cancelled"]},
        "narrative": {"type": "string", "description": "May be empty when same_as is given"},
        "same_as": {"type": ["integer", "null"], "description": "Id of the measure whose status this one shares"},
    },
}

_measure = {
    "type": "object",
    "required": ["id", "number", "order", "title", "responsible", "target_groups", "objectives", "links", "status"],
    "properties": {
        "id": {"type": "integer"},
        "number": {"type": "string", "description": "As written in the plan; may be empty"},
        "order": {"type": "integer"},
        "title": {"type": "string"},
        "what": {"type": "string"},
        "why": {"type": "string"},
        "timeframe": {"type": "string"},
        "start_year": _nullable_int,
        "due_year": _nullable_int,
        "due_date": {"type": ["string", "null"], "format": "date"},
        "responsible": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "unit": {"type": "string"},
                    "short_name": {"type": "string"},
                    "organisation": {"type": "string"},
                    "role": {"enum": ["primary", "collaborator"]},
                },
            },
        },
        "partners": {"type": "string"},
        "cost": {"type": "string"},
        "prevention_level": {"enum": ["universal", "selective", "indicated", None]},
        "target_groups": {"type": "array", "items": {"type": "string"}},
        "arenas": {"type": "string"},
        "is_new": {"type": ["boolean", "null"]},
        "objectives": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"enum": ["result", "effect"]},
                    "text": {"type": "string"},
                    "measurement_method": {"type": "string"},
                },
            },
        },
        "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
        "see_also": {"type": "array", "items": {"type": "integer"}},
        "status": {"$ref": "#/components/schemas/Status"},
    },
}

_reason = {
    "type": ["object", "null"],
    "description": "Why a cell is hidden; null when it is published. The codes do not tell a small count from one "
    "hidden because it could be computed from others: that distinction would itself disclose small counts.",
    "required": ["code", "text"],
    "properties": {
        "code": {
            "enum": ["privacy", "series", "source", "breakdown"],
            "description": "privacy: small, or derivable from other cells; series: most of the series is hidden; "
            "source: hidden by the source; breakdown: a municipality's yearly figure by sex or age (shown pooled only)",
        },
        "text": {"type": "string", "description": "The reason in the reader's language"},
    },
}

_statistics_cell = {
    "type": "object",
    "description": "One published cell. When suppressed, count, population, rate and the interval are null.",
    "required": [
        "period",
        "first_year",
        "last_year",
        "pooled",
        "sex",
        "age",
        "count",
        "population",
        "rate",
        "ci_low",
        "ci_high",
        "suppressed",
        "reason",
        "source",
        "note",
    ],
    "properties": {
        "period": {"type": "string", "description": "2022, or 2013–2022 for a pooled period"},
        "first_year": {"type": "integer"},
        "last_year": {"type": "integer"},
        "pooled": {"type": "boolean", "description": "A rolling period of several years"},
        "sex": {"enum": ["total", "male", "female"]},
        "age": {"type": "string", "description": "total, or an age group such as 15-19 or 75+"},
        "count": _nullable_int | {"minimum": 0, "description": "Registered suicides in the period"},
        "population": _nullable_int | {"description": "Population, or person-years for a pooled period"},
        "rate": {"type": ["number", "null"], "description": "Per 100 000 inhabitants per year, one decimal"},
        "ci_low": {"type": ["number", "null"], "description": "Exact (Garwood) 95 % confidence interval, lower"},
        "ci_high": {"type": ["number", "null"], "description": "Exact (Garwood) 95 % confidence interval, upper"},
        "suppressed": {"type": "boolean"},
        "reason": {"$ref": "#/components/schemas/SuppressionReason"},
        "source": {"type": "string"},
        "note": {"type": "string", "description": "For example that some figures are demo values"},
    },
    "allOf": [
        {
            "if": {"properties": {"suppressed": {"const": True}}},
            "then": {
                "properties": {
                    "count": {"type": "null"},
                    "population": {"type": "null"},
                    "rate": {"type": "null"},
                    "ci_low": {"type": "null"},
                    "ci_high": {"type": "null"},
                    "reason": {"type": "object"},
                }
            },
            "else": {"properties": {"count": {"type": "integer"}, "reason": {"type": "null"}}},
        }
    ],
}

_statistics = {
    "type": "object",
    "required": ["geography", "unit", "confidence_level", "suppression", "series", "help"],
    "properties": {
        "geography": {
            "type": "object",
            "required": ["number", "name", "kind", "county"],
            "properties": {
                "number": {"type": "string", "description": "Kommunenummer, fylkesnummer, or 0 for Norway"},
                "name": {"type": "string"},
                "kind": {"enum": ["country", "county", "municipality"]},
                "county": _nullable_str,
            },
        },
        "unit": {"type": "string"},
        "confidence_level": {"type": "number"},
        "suppression": {
            "type": "object",
            "properties": {
                "threshold": {"type": "integer", "description": "Counts at or below this are never published"},
                "pooled_years": {"type": "integer", "description": "Length of the rolling pooled periods"},
            },
        },
        "series": {"type": "array", "items": {"$ref": "#/components/schemas/StatisticsCell"}},
        "help": {
            "type": "object",
            "description": "Where to get help: every figure comes with it",
            "properties": {
                "text": {"type": "string"},
                "phone_numbers": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"label": {"type": "string"}, "number": {"type": "string"}},
                    },
                },
            },
        },
    },
}

OPENAPI_SCHEMA: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Planverk – åpne data",
        "version": "1",
        "description": "Published suicide-prevention action plans as data. Drafts are never included.",
    },
    "paths": {
        "/api/v1/plans": {
            "get": {
                "summary": "Published plans",
                "responses": {
                    "200": {
                        "description": "All published plans",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "plans": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/PlanSummary"},
                                        }
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/plans/{id}": {
            "get": {
                "summary": "One published plan with goals and measures",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "The plan",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PlanDetail"}}},
                    },
                    "404": {"description": "No published plan with this id"},
                },
            }
        },
        "/api/v1/statistics/{number}": {
            "get": {
                "summary": "Published suicide statistics of a municipality, a county or the country",
                "description": "Yearly figures and rolling pooled periods, after suppression of small numbers: a "
                "hidden cell carries only its reason. Never broken down by method, never ranked.",
                "parameters": [
                    {
                        "name": "number",
                        "in": "path",
                        "required": True,
                        "description": "Kommunenummer (3301), fylkesnummer (33) or 0 for Norway",
                        "schema": {"type": "string", "pattern": "^[0-9]{1,4}$"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The published cells (an empty series when nothing is imported)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Statistics"}}},
                    },
                    "404": {"description": "No municipality or county with this number"},
                },
            }
        },
    },
    "components": {
        "schemas": {
            "SuppressionReason": _reason,
            "StatisticsCell": _statistics_cell,
            "Statistics": _statistics,
            "Link": _link,
            "Status": _status,
            "PlanSummary": _plan_summary,
            "Measure": _measure,
            "PlanDetail": {
                "allOf": [
                    {"$ref": "#/components/schemas/PlanSummary"},
                    {
                        "type": "object",
                        "properties": {
                            "summary": {"type": "string"},
                            "adopted_by": {"type": "string"},
                            "adopted_on": {"type": ["string", "null"], "format": "date"},
                            "case_number": {"type": "string"},
                            "revision_due": {"type": ["string", "null"], "format": "date"},
                            "goals": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "number": {"type": "string"},
                                        "kind": {"enum": ["goal", "category", "focus_area"]},
                                        "title": {"type": "string"},
                                        "description": {"type": "string"},
                                        "prevention_level": {"enum": ["universal", "selective", "indicated", None]},
                                        "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
                                        "measures": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Measure"},
                                        },
                                    },
                                },
                            },
                            "measures_without_goal": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Measure"},
                            },
                        },
                    },
                ]
            },
        }
    },
}
