"""URL × role cases for the display part, read by tests/test_authorization.py (same conventions and status tuples).

The slide and the poster are public like the help page. The messages follow the directory's rule: a
municipality's are changed by its coordinators and admins and by national superusers (a message is public, so
someone else's answers 403), the national ones by national superusers only.
"""

from typing import Any

from planverk.help import services
from planverk.help.models import DisplayMessage
from planverk.organisations.models import Organisation
from planverk.plans.models import Plan


def objects(drammen: Organisation, plan: Plan) -> dict[str, Any]:
    """Objects the cases below need, added to the table's `objects` fixture."""
    first = services.display_message_create(organisation=drammen, text="Drammen bryr seg.", by=None)
    services.display_message_create(organisation=drammen, text="Spør om hjelp.", by=None)
    return {
        "message": first,
        "national_message": DisplayMessage.objects.national().order_by("order", "pk").first(),
    }


EVERYONE = (200, 200, 200, 200, 200, 200)
NO_ONE = (404, 404, 404, 404, 404, 404)
DIRECTORY_PAGE = (302, 403, 403, 200, 403, 200)
DIRECTORY_DONE = (302, 403, 403, 302, 403, 302)
REGISTRY_PAGE = (302, 403, 403, 403, 403, 200)
REGISTRY_DONE = (302, 403, 403, 403, 403, 302)
REGISTRY_REFUSED = (302, 403, 403, 403, 403, 400)  # an empty message
MISSING = (302, 404, 404, 404, 404, 404)

# (url name, method, args(objects), data, statuses per role in the order of ROLES)
CASES: list[Any] = [
    ("help:slide", "get", lambda o: ["drammen"], {}, EVERYONE),
    ("help:slide", "get", lambda o: ["finnes-ikke"], {}, NO_ONE),
    ("help:national_slide", "get", lambda o: [], {}, EVERYONE),
    ("help:poster", "get", lambda o: ["drammen"], {}, EVERYONE),
    ("help:national_poster", "get", lambda o: [], {}, EVERYONE),
    ("help_workspace:message_list", "get", lambda o: [o["drammen"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:message_list", "post", lambda o: [o["drammen"].pk], {"text": "Ny melding."}, DIRECTORY_DONE),
    ("help_workspace:national_messages", "get", lambda o: [], {}, REGISTRY_PAGE),
    ("help_workspace:national_messages", "post", lambda o: [], {"text": ""}, REGISTRY_REFUSED),
    ("help_workspace:message_edit", "get", lambda o: [o["message"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:message_edit", "get", lambda o: [o["national_message"].pk], {}, REGISTRY_PAGE),
    ("help_workspace:message_edit", "get", lambda o: [999999], {}, MISSING),
    ("help_workspace:message_edit", "post", lambda o: [o["message"].pk], {"text": "Endret."}, DIRECTORY_DONE),
    ("help_workspace:message_delete", "get", lambda o: [o["message"].pk], {}, DIRECTORY_PAGE),
    ("help_workspace:message_delete", "post", lambda o: [o["message"].pk], {}, DIRECTORY_DONE),
    ("help_workspace:message_delete", "post", lambda o: [o["national_message"].pk], {}, REGISTRY_DONE),
    ("help_workspace:message_move", "post", lambda o: [o["message"].pk], {"direction": "ned"}, DIRECTORY_DONE),
    ("help_workspace:message_move", "post", lambda o: [o["national_message"].pk], {"direction": "ned"}, REGISTRY_DONE),
]
