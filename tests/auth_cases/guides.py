"""URL × role cases for the guides part, read by tests/test_authorization.py (same conventions and status tuples).

A published guide is public: the public pages show it to everyone, and in the workspace someone who may not change
it gets 403. A draft is private to its municipality: outsiders get 404 on every page, public or not. Guides are
changed by the municipality's coordinators and admins and by national superusers.
"""

import datetime
from typing import Any

from django.utils import timezone

from planverk.guides import services
from planverk.guides.models import Guide
from planverk.organisations.models import Organisation
from planverk.plans.models import Plan


def objects(drammen: Organisation, plan: Plan) -> dict[str, Any]:
    """Objects the cases below need, added to the table's `objects` fixture."""
    now = timezone.now()
    guide = Guide.objects.get(key="demo-3301-selvmordsfare")
    draft = services.guide_create(
        organisation=drammen, by=None, now=now, title="Utkast til rutine", review_date=datetime.date(2027, 6, 30)
    )
    draft_step = services.step_create(guide=draft, by=None, now=now, phase="detect", title="Spør direkte")
    return {
        "guide": guide,
        "guide_step": guide.steps.order_by("pk").first(),
        "draft_guide": draft,
        "draft_step": draft_step,
    }


EVERYONE = (200, 200, 200, 200, 200, 200)
NO_ONE = (404, 404, 404, 404, 404, 404)
LIST = (302, 200, 200, 200, 200, 200)
PUBLISHED_READ = (302, 200, 200, 200, 200, 200)
MEMBERS_READ = (302, 200, 200, 200, 404, 200)  # a draft
PUBLISHED_HISTORY = (302, 200, 200, 200, 403, 200)  # history holds text from before publication: members only
PUBLISHED_WRITE_PAGE = (302, 403, 403, 200, 403, 200)
DRAFT_WRITE_PAGE = (302, 403, 403, 200, 404, 200)
PUBLISHED_WRITE_DONE = (302, 403, 403, 302, 403, 302)
DRAFT_WRITE_DONE = (302, 403, 403, 302, 404, 302)
NEW_GUIDE_PAGE = (302, 403, 403, 200, 403, 200)
NEW_GUIDE_DONE = (302, 403, 403, 302, 403, 302)

VALID_GUIDE = {"title": "Rutine ved bekymring", "review_date": "2027-06-30", "version": "0"}
VALID_STEP = {"phase": "assess", "title": "Ring legevakten", "version": "0"}

# (url name, method, args(objects), data, statuses per role in the order of ROLES)
CASES: list[Any] = [
    ("guides:list", "get", lambda o: [], {}, EVERYONE),
    ("guides:detail", "get", lambda o: [o["guide"].pk], {}, EVERYONE),
    ("guides:detail", "get", lambda o: [o["draft_guide"].pk], {}, NO_ONE),
    ("guides:print", "get", lambda o: [o["guide"].pk], {}, EVERYONE),
    ("guides:print", "get", lambda o: [o["draft_guide"].pk], {}, NO_ONE),
    ("guides_workspace:index", "get", lambda o: [], {}, LIST),
    ("guides_workspace:guide_create", "get", lambda o: [o["drammen"].pk], {}, NEW_GUIDE_PAGE),
    ("guides_workspace:guide_create", "post", lambda o: [o["drammen"].pk], VALID_GUIDE, NEW_GUIDE_DONE),
    ("guides_workspace:guide_detail", "get", lambda o: [o["guide"].pk], {}, PUBLISHED_READ),
    ("guides_workspace:guide_detail", "get", lambda o: [o["draft_guide"].pk], {}, MEMBERS_READ),
    ("guides_workspace:guide_edit", "get", lambda o: [o["guide"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("guides_workspace:guide_edit", "get", lambda o: [o["draft_guide"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "guides_workspace:guide_edit",
        "post",
        lambda o: [o["draft_guide"].pk],
        {**VALID_GUIDE, "version": "1"},
        DRAFT_WRITE_DONE,
    ),
    ("guides_workspace:guide_publish", "get", lambda o: [o["draft_guide"].pk], {}, DRAFT_WRITE_PAGE),
    ("guides_workspace:guide_publish", "post", lambda o: [o["draft_guide"].pk], {}, DRAFT_WRITE_DONE),
    ("guides_workspace:guide_unpublish", "post", lambda o: [o["guide"].pk], {}, PUBLISHED_WRITE_DONE),
    ("guides_workspace:guide_delete", "get", lambda o: [o["draft_guide"].pk], {}, DRAFT_WRITE_PAGE),
    ("guides_workspace:guide_delete", "post", lambda o: [o["draft_guide"].pk], {}, DRAFT_WRITE_DONE),
    # A published guide is unpublished before it can be deleted: the editors get the page saying so.
    ("guides_workspace:guide_delete", "post", lambda o: [o["guide"].pk], {}, (302, 403, 403, 400, 403, 400)),
    ("guides_workspace:guide_history", "get", lambda o: [o["guide"].pk], {}, PUBLISHED_HISTORY),
    ("guides_workspace:guide_history", "get", lambda o: [o["draft_guide"].pk], {}, MEMBERS_READ),
    ("guides_workspace:step_create", "get", lambda o: [o["guide"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("guides_workspace:step_create", "get", lambda o: [o["draft_guide"].pk], {}, DRAFT_WRITE_PAGE),
    ("guides_workspace:step_create", "post", lambda o: [o["draft_guide"].pk], VALID_STEP, DRAFT_WRITE_DONE),
    ("guides_workspace:step_edit", "get", lambda o: [o["guide_step"].pk], {}, PUBLISHED_WRITE_PAGE),
    ("guides_workspace:step_edit", "get", lambda o: [o["draft_step"].pk], {}, DRAFT_WRITE_PAGE),
    (
        "guides_workspace:step_edit",
        "post",
        lambda o: [o["draft_step"].pk],
        {**VALID_STEP, "version": "1"},
        DRAFT_WRITE_DONE,
    ),
    ("guides_workspace:step_delete", "get", lambda o: [o["draft_step"].pk], {}, DRAFT_WRITE_PAGE),
    ("guides_workspace:step_delete", "post", lambda o: [o["draft_step"].pk], {}, DRAFT_WRITE_DONE),
    ("guides_workspace:step_move", "post", lambda o: [o["guide_step"].pk], {"direction": "ned"}, PUBLISHED_WRITE_DONE),
    ("guides_workspace:step_move", "post", lambda o: [o["draft_step"].pk], {"direction": "opp"}, DRAFT_WRITE_DONE),
]
