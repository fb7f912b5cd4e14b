"""Statistics in the workspace: national superusers import files and read what each import did."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planverk.lib.views import AuthenticatedRequest, add_service_error, form_page
from planverk.stats import services
from planverk.stats.access import require_statistics_importer
from planverk.stats.forms import ImportForm
from planverk.stats.models import ImportRun, Publication


@login_required
@form_page
def import_statistics(request: AuthenticatedRequest) -> HttpResponse:
    require_statistics_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = services.statistics_import(
                    content=form.cleaned_data["content"],
                    file_name=upload.name or "",
                    source=form.cleaned_data["source"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                    now=timezone.now(),
                )
            except services.StatisticsImportError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Statistikken er importert og publisert på nytt."))
                return redirect("stats_workspace:import_run", run.pk)
        status = 400
    else:
        status = 200
    context = {
        "form": form,
        "runs": ImportRun.objects.select_related("imported_by").order_by("-imported_at", "-pk")[:20],
        "publication": Publication.objects.first(),
        "max_megabytes": round(settings.STATS_IMPORT_MAX_BYTES / 1_048_576, 1),
    }
    return render(request, "stats/workspace/import.html", context, status=status)


@login_required
@require_safe
def import_run(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    require_statistics_importer(request.user)
    run = get_object_or_404(ImportRun.objects.select_related("imported_by"), pk=run_id)
    return render(request, "stats/workspace/import_run.html", {"run": run, "publication": Publication.objects.first()})
