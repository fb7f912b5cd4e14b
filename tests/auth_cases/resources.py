"""URL × role cases for the resources part, read by tests/test_authorization.py (same conventions and status tuples).

The resource bank is public and the same for everyone. In the workspace a municipality's resources are changed by
its coordinators and admins and by national superusers; national resources by national superusers only. Resources
are public, so one that is not the user's answers 403; a missing one 404.
"""

from typing import Any

from planverk.organisations.models import Organisation
from planverk.plans.models import Plan
from planverk.resources import services
from planverk.resources.models import Resource

VALID_RESOURCE = {
    "title": "Kurs for ansatte",
    "publisher": "Kommunen",
    "url": "https://www.example.no/kurs/",
    "topic": "courses",
    "language": "nb",
    "audiences": "employees",
    "version": "0",
}


def objects(drammen: Organisation, plan: Plan) -> dict[str, Any]:
    """Objects the cases below need, added to the table's `objects` fixture."""
    local = services.resource_create(
        organisation=drammen,
        by=None,
        audiences=["residents"],
        title="Lokal brosjyre",
        publisher="Drammen kommune",
        url="https://www.example.no/brosjyre/",
        topic="self_help",
        language="nb",
    )
    return {"local_resource": local, "national_resource": Resource.objects.get(key="demo-leve")}


EVERYONE = (200, 200, 200, 200, 200, 200)
EDITORS_PAGE = (302, 403, 403, 200, 200, 200)  # anyone who edits some municipality's resources
LOCAL_PAGE = (302, 403, 403, 200, 403, 200)
LOCAL_DONE = (302, 403, 403, 302, 403, 302)
NATIONAL_PAGE = (302, 403, 403, 403, 403, 200)
NATIONAL_DONE = (302, 403, 403, 403, 403, 302)
MISSING = (302, 404, 404, 404, 404, 404)

# (url name, method, args(objects), data, statuses per role in the order of ROLES)
CASES: list[Any] = [
    ("resources:index", "get", lambda o: [], {}, EVERYONE),
    ("resources_workspace:index", "get", lambda o: [], {}, EDITORS_PAGE),
    ("resources_workspace:national_list", "get", lambda o: [], {}, NATIONAL_PAGE),
    ("resources_workspace:national_create", "get", lambda o: [], {}, NATIONAL_PAGE),
    ("resources_workspace:national_create", "post", lambda o: [], VALID_RESOURCE, NATIONAL_DONE),
    ("resources_workspace:resource_list", "get", lambda o: [o["drammen"].pk], {}, LOCAL_PAGE),
    ("resources_workspace:resource_list", "get", lambda o: [999999], {}, MISSING),
    ("resources_workspace:resource_create", "get", lambda o: [o["drammen"].pk], {}, LOCAL_PAGE),
    ("resources_workspace:resource_create", "post", lambda o: [o["drammen"].pk], VALID_RESOURCE, LOCAL_DONE),
    ("resources_workspace:resource_edit", "get", lambda o: [o["local_resource"].pk], {}, LOCAL_PAGE),
    ("resources_workspace:resource_edit", "get", lambda o: [o["national_resource"].pk], {}, NATIONAL_PAGE),
    ("resources_workspace:resource_edit", "get", lambda o: [999999], {}, MISSING),
    (
        "resources_workspace:resource_edit",
        "post",
        lambda o: [o["local_resource"].pk],
        {**VALID_RESOURCE, "version": "1"},
        LOCAL_DONE,
    ),
    (
        "resources_workspace:resource_edit",
        "post",
        lambda o: [o["national_resource"].pk],
        {**VALID_RESOURCE, "version": "1"},
        NATIONAL_DONE,
    ),
    ("resources_workspace:resource_delete", "get", lambda o: [o["local_resource"].pk], {}, LOCAL_PAGE),
    ("resources_workspace:resource_delete", "post", lambda o: [o["local_resource"].pk], {}, LOCAL_DONE),
    ("resources_workspace:resource_delete", "post", lambda o: [o["national_resource"].pk], {}, NATIONAL_DONE),
    ("resources_workspace:resource_delete", "post", lambda o: [999999], {}, MISSING),
]
