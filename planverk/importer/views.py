"""The importer in the workspace: upload a plan, follow the reading, review the proposal, save it as a draft.

The review screen is one form. Every button on it posts all of it, so what the user typed is kept whatever they
press; the button then says what to do next (save, merge, split, remove, add, create the draft).
"""

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from planverk.accounts.access import is_national_superuser
from planverk.importer import review, services
from planverk.importer.access import get_import_for_user
from planverk.importer.errors import ImportRefused
from planverk.importer.forms import UploadForm
from planverk.importer.models import ImportState, PlanImport
from planverk.importer.proposal import Proposal
from planverk.lib.views import AuthenticatedRequest, form_page
from planverk.organisations.access import organisations_edited_by
from planverk.organisations.models import Organisation, OrganisationKind, Unit

# An import still reading after this long has stopped (the server restarted, the thread died).
STALLED_AFTER = datetime.timedelta(minutes=10)
RECENT_IMPORTS = 20


def _stalled(plan_import: PlanImport, now: datetime.datetime) -> bool:
    return plan_import.is_running and plan_import.created_at < now - STALLED_AFTER


# --- Upload ------------------------------------------------------------------------------------


@login_required
@form_page
def upload(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_edited_by(request.user)
    if not organisations.exists():
        raise PermissionDenied
    if request.method != "POST":
        return _upload_page(request, UploadForm(organisations=organisations))
    form = UploadForm(request.POST, request.FILES, organisations=organisations)
    if form.is_valid():
        data, source_name = form.document()
        try:
            plan_import = services.import_start(
                organisation=form.cleaned_data["organisation"], by=request.user, data=data, source_name=source_name
            )
        except ImportRefused as refused:
            form.add_error("file" if form.cleaned_data["file"] else "text", refused.message)
        else:
            services.import_run(plan_import=plan_import, language=get_language())
            return redirect("importer:detail", plan_import.pk)
    return _upload_page(request, form, status=400)


def _upload_page(request: AuthenticatedRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    imports = PlanImport.objects.select_related("organisation", "created_by")
    if is_national_superuser(request.user):
        imports = imports.filter(created_by=request.user)
    else:
        imports = imports.filter(organisation__in=organisations_edited_by(request.user))
    now = timezone.now()
    rows = [(i, _stalled(i, now)) for i in imports.order_by("-created_at", "-pk")[:RECENT_IMPORTS]]
    return render(request, "importer/upload.html", {"form": form, "rows": rows}, status=status)


# --- One import --------------------------------------------------------------------------------


@login_required
@form_page
def detail(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    plan_import = get_import_for_user(request.user, import_id, "edit" if request.method == "POST" else "view")
    if plan_import.state != ImportState.REVIEW:
        if request.method == "POST":
            # Pressed twice, or in two tabs: the page now says what became of the import.
            return redirect("importer:detail", plan_import.pk)
        return _status_page(request, plan_import)
    if request.method == "POST":
        return _review_post(request, plan_import)
    proposal = Proposal.from_json(plan_import.proposal or {})
    forms = review.ProposalReview(proposal, unit_choices=_unit_choices(plan_import.organisation))
    return _review_page(request, plan_import, forms)


def _status_page(request: HttpRequest, plan_import: PlanImport) -> HttpResponse:
    if plan_import.is_running and not _stalled(plan_import, timezone.now()):
        return render(
            request,
            "importer/progress.html",
            {
                "plan_import": plan_import,
                "percent": _overall_percent(plan_import),
                "step": _step_text(plan_import),
                "auto_refresh": request.GET.get("oppdater") != "nei",
            },
        )
    error = plan_import.error
    if plan_import.is_running:
        error = _(
            "Lesingen av dokumentet stoppet opp og ble ikke ferdig. Last opp filen på nytt. Skjer det igjen, "
            "prøv en annen filtype, for eksempel Word eller ren tekst."
        )
    return render(request, "importer/status.html", {"plan_import": plan_import, "error": error})


def _overall_percent(plan_import: PlanImport) -> int:
    # Reading the pages is most of the work; finding goals and measures is the last tenth.
    if plan_import.progress_step == "detect":
        return 90 + plan_import.percent // 10
    return plan_import.percent * 9 // 10


def _step_text(plan_import: PlanImport) -> str:
    if plan_import.state == ImportState.QUEUED:
        return _("Venter på å starte …")
    if plan_import.progress_step == "detect":
        return _("Finner mål og tiltak …")
    if plan_import.progress_total > 1:
        return _("Leser dokumentet … side %(done)s av %(total)s") % {
            "done": plan_import.progress_done,
            "total": plan_import.progress_total,
        }
    return _("Leser dokumentet …")


# --- Review ------------------------------------------------------------------------------------

Operation = Callable[[Proposal, str], Proposal]
OPERATIONS: dict[str, Operation] = {
    "merge": review.merge_with_next,
    "split": review.split,
    "remove": review.remove,
    "add": review.add_after,
    "add-to": lambda proposal, goal_key: review.add_to_goal(proposal, goal_key or None),
}
DONE = {
    "save": gettext_lazy("Endringene er lagret."),
    "merge": gettext_lazy("Tiltakene er slått sammen."),
    "split": gettext_lazy("Tiltaket er delt i to. Sjekk tittelen på den andre delen."),
    "remove": gettext_lazy("Tiltaket er fjernet fra forslaget."),
    "add": gettext_lazy("Et nytt tiltak er lagt til. Fyll inn tittel og innhold."),
    "add-to": gettext_lazy("Et nytt tiltak er lagt til. Fyll inn tittel og innhold."),
}


def _review_post(request: AuthenticatedRequest, plan_import: PlanImport) -> HttpResponse:
    units = _unit_choices(plan_import.organisation)
    proposal = Proposal.from_json(plan_import.proposal or {})
    if request.POST.get("revision") != _revision(plan_import):
        forms = review.ProposalReview(proposal, unit_choices=units)
        error = _(
            "Forslaget er endret et annet sted (i en annen fane eller av en kollega) etter at du åpnet det, så "
            "endringene dine ble ikke lagret. Her er forslaget slik det er lagret nå."
        )
        return _review_page(request, plan_import, forms, errors=[error], status=409)
    action, _sep, key = request.POST.get("action", "save").partition(":")
    if action not in OPERATIONS and action != "create":
        action = "save"
    forms = review.ProposalReview(proposal, request.POST, unit_choices=units)
    if not forms.is_valid():
        return _review_page(request, plan_import, forms, status=400)
    proposal = forms.proposal()
    refused: list[str] = []
    try:
        changed = OPERATIONS[action](proposal, key) if action in OPERATIONS else proposal
    except review.ReviewError as error:
        changed, refused = proposal, [error.message]
    try:
        services.import_update(plan_import=plan_import, proposal=changed)  # the edits are kept, whatever comes next
    except ValidationError:
        # Saved as a plan or discarded in another tab a moment ago: the page now says which.
        return redirect("importer:detail", plan_import.pk)
    if refused:
        return _show_again(request, plan_import, changed, units, refused)
    if action == "create":
        try:
            plan = services.import_save(plan_import=plan_import, proposal=changed, by=request.user)
        except ValidationError as error:
            return _show_again(request, plan_import, changed, units, error.messages)
        messages.success(
            request,
            _("Utkastet er opprettet fra %(file)s. Gå gjennom og send det videre når det er klart.")
            % {"file": plan_import.source_name},
        )
        return redirect("workspace:plan_detail", plan.pk)
    messages.success(request, DONE[action])
    url = reverse("importer:detail", args=[plan_import.pk])
    anchor = _anchor(action, key, before=proposal, after=changed)
    return redirect(f"{url}#{anchor}" if anchor else url)


def _show_again(
    request: HttpRequest, plan_import: PlanImport, proposal: Proposal, units: list[tuple[str, str]], errors: list[str]
) -> HttpResponse:
    """The proposal as now saved, with why the step could not be done."""
    forms = review.ProposalReview(proposal, unit_choices=units)
    return _review_page(request, plan_import, forms, errors=errors, status=400)


def _anchor(action: str, key: str, *, before: Proposal, after: Proposal) -> str:
    """Where the page should open after a step: at the measure the user is working on."""
    keys = [m.key for m in after.measures]
    if action in ("split", "add") and key in keys:
        following = keys.index(key) + 1
        return f"m-{keys[following]}" if following < len(keys) else f"m-{key}"
    if action == "add-to":
        new = [k for k in keys if k not in {m.key for m in before.measures}]
        return f"m-{new[0]}" if new else ""
    if action == "remove":
        old = [m.key for m in before.measures]
        if key in old:
            earlier = [k for k in old[: old.index(key)] if k in keys]
            return f"m-{earlier[-1]}" if earlier else "forslag"
    if action == "merge":
        return f"m-{key}"
    return ""


def _revision(plan_import: PlanImport) -> str:
    return plan_import.updated_at.isoformat()


def _unit_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """Units a measure may be given: the organisation's own; for a national plan, the ministries' too."""
    wanted = Q(organisation=organisation)
    if organisation.kind in (OrganisationKind.MINISTRY, OrganisationKind.DIRECTORATE):
        wanted |= Q(organisation__kind=OrganisationKind.MINISTRY)
    units = Unit.objects.filter(wanted).order_by("name", "pk").values_list("pk", "name", "short_name")
    return [(str(pk), f"{name} ({short})" if short and short != name else name) for pk, name, short in units]


def _review_page(
    request: HttpRequest,
    plan_import: PlanImport,
    forms: review.ProposalReview,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    proposal = forms.original
    uncertain = len(proposal.uncertain) + sum(len(g.uncertain) for g in proposal.goals)
    uncertain += sum(len(m.uncertain) for m in proposal.measures)
    context = {
        "plan_import": plan_import,
        "forms": forms,
        "proposal": proposal,
        "source": source_lines(plan_import.text),
        "revision": _revision(plan_import),
        "errors": errors or [],
        "field_errors": forms.error_list() if forms.plan.is_bound else [],
        "uncertain_count": uncertain,
        "new_units": proposal.new_unit_names(),
    }
    return render(request, "importer/review.html", context, status=status)


def source_lines(text: str) -> SafeString:
    """The cleaned text as numbered lines, each an anchor (#kilde-12) for "Vis i kilden".

    Built here rather than in a template loop: a national plan has some 2,500 lines.
    """
    lines = text.split("\n")
    return mark_safe(  # noqa: S308 - every line is escaped
        "".join(f'<li id="kilde-{n}">{escape(line)}</li>' for n, line in enumerate(lines, start=1))
    )


# --- Discard -----------------------------------------------------------------------------------


@login_required
@form_page
def discard(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    plan_import = get_import_for_user(request.user, import_id, "edit")
    if plan_import.state != ImportState.REVIEW:
        return redirect("importer:detail", plan_import.pk)
    if request.method != "POST":
        return render(request, "importer/discard.html", {"plan_import": plan_import})
    services.import_discard(plan_import=plan_import)
    messages.success(request, _("Importen av %(file)s er forkastet.") % {"file": plan_import.source_name})
    return redirect("importer:upload")
