"""Statistics in the workspace: national superusers import files and read what each import did."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planverk.lib.views import AuthenticatedRequest, form_page
from planverk.stats import services
from planverk.stats.access import require_statistics_importer
from planverk.stats.forms import ImportForm
from planverk.stats.models import ImportRun, ImportStage, JobState, Publication, StatisticsImportJob


@login_required
@form_page
def import_statistics(request: AuthenticatedRequest) -> HttpResponse:
    require_statistics_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.statistics_job_create(
            content=form.cleaned_data["content"],
            file_name=form.cleaned_data["file"].name or "",
            source=form.cleaned_data["source"],
            note=form.cleaned_data["note"],
            by=request.user,
            now=timezone.now(),
        )
        services.statistics_job_start(job=job, language=get_language())
        return redirect("stats_workspace:import_job", job.pk)
    context = {
        "form": form,
        "jobs": StatisticsImportJob.objects.filter(
            state__in=[JobState.QUEUED, JobState.RUNNING], created_at__gte=timezone.now() - services.STALLED_AFTER
        )
        .only("file_name", "created_at")
        .order_by("-created_at", "-pk"),
        "runs": ImportRun.objects.select_related("imported_by").order_by("-imported_at", "-pk")[:20],
        "publication": Publication.objects.first(),
        "max_megabytes": round(settings.STATS_IMPORT_MAX_BYTES / 1_048_576, 1),
    }
    return render(request, "stats/workspace/import.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def import_job(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    require_statistics_importer(request.user)
    job = get_object_or_404(StatisticsImportJob.objects.defer("content"), pk=job_id)
    if job.state == JobState.DONE and job.run_id is not None:
        messages.success(request, _("Statistikken er importert og publisert på nytt."))
        return redirect("stats_workspace:import_run", job.run_id)
    stalled = job.is_running and job.created_at < timezone.now() - services.STALLED_AFTER
    if job.is_running and not stalled:
        context = {
            "job": job,
            "percent": _overall_percent(job),
            "step": _step_text(job),
            "auto_refresh": request.GET.get("oppdater") != "nei",
        }
        return render(request, "stats/workspace/import_progress.html", context)
    errors = job.errors
    if stalled:
        # The import's transaction never committed, so the interrupted import changed nothing.
        errors = [_("Importen ble avbrutt før den ble ferdig, for eksempel fordi serveren startet på nytt.")]
    return render(request, "stats/workspace/import_job.html", {"job": job, "errors": errors})


# Share of the whole import each stage ends at, in per cent: recomputing the published cells takes longest.
_STAGE_ENDS = {ImportStage.PARSE: 10, ImportStage.VALIDATE: 20, ImportStage.STORE: 50, ImportStage.PUBLISH: 100}


def _overall_percent(job: StatisticsImportJob) -> int:
    if job.state == JobState.QUEUED or job.stage not in _STAGE_ENDS:
        return 0
    stages = list(_STAGE_ENDS)
    index = stages.index(ImportStage(job.stage))
    begins = _STAGE_ENDS[stages[index - 1]] if index else 0
    share = min(job.done, job.total) / job.total if job.total else 0
    return round(begins + (_STAGE_ENDS[stages[index]] - begins) * share)


def _step_text(job: StatisticsImportJob) -> str:
    if job.state == JobState.QUEUED or not job.stage:
        return _("Venter på å starte …")
    if job.stage == ImportStage.STORE and job.total:
        return _("Lagrer seriene … %(done)s av %(total)s") % {"done": job.done, "total": job.total}
    return f"{ImportStage(job.stage).label} …"


@login_required
@require_safe
def import_run(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    require_statistics_importer(request.user)
    run = get_object_or_404(ImportRun.objects.select_related("imported_by"), pk=run_id)
    return render(request, "stats/workspace/import_run.html", {"run": run, "publication": Publication.objects.first()})
