"""URL × role cases for the statistics import jobs, read by tests/test_authorization.py (same conventions and status
tuples)."""

from typing import Any

from django.utils import timezone

from planverk.organisations.models import Organisation
from planverk.plans.models import Plan
from planverk.stats.models import ImportRun, JobState, StatisticsImportJob


def objects(drammen: Organisation, plan: Plan) -> dict[str, Any]:
    """Objects the cases below need, added to the table's `objects` fixture."""
    now = timezone.now()
    return {
        "statistics_job": StatisticsImportJob.objects.create(
            file_name="tall.csv", state=JobState.RUNNING, created_at=now, content=b"geo"
        ),
        "statistics_job_done": StatisticsImportJob.objects.create(
            file_name="tall.csv", state=JobState.DONE, created_at=now, run=ImportRun.objects.order_by("pk").first()
        ),
    }


# Only national superusers import statistics (it replaces what every municipality sees), so only they follow a job;
# a finished job sends them on to what the import did.
JOB_PAGE = (302, 403, 403, 403, 403, 200)
JOB_DONE = (302, 403, 403, 403, 403, 302)

# (url name, method, args(objects), data, statuses per role in the order of ROLES)
CASES: list[Any] = [
    ("stats_workspace:import_job", "get", lambda o: [o["statistics_job"].pk], {}, JOB_PAGE),
    ("stats_workspace:import_job", "get", lambda o: [o["statistics_job_done"].pk], {}, JOB_DONE),
    ("stats_workspace:import_job", "post", lambda o: [o["statistics_job"].pk], {}, (302, 405, 405, 405, 405, 405)),
]
