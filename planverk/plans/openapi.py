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
    },
    "components": {
        "schemas": {
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
