"""The status report of a plan for one reporting round: a web page, a tagged PDF and an editable Word file.

Built from the round's approved statuses only (domain rule 6), and structured like the national plan's yearly
report: the title "Status per <date> (etter <n>. driftsår)", then per goal, per measure: number, title,
status narrative and who is responsible.
"""

import datetime
import io
from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.oxml.ns import qn

from planverk.followup.models import ReportingRound, StatusUpdate
from planverk.followup.selectors import round_approved_statuses
from planverk.organisations.models import UnitKind
from planverk.plans.models import Goal, Measure, Plan, Responsibility, ResponsibilityRole

# The crisis numbers of the help block (domain rule 3), for the PDF and the Word file, which carry no site chrome.
HELP_NUMBERS = (
    (gettext_lazy("Akutt fare, ring"), "113"),
    (gettext_lazy("Legevakt"), "116 117"),
    (gettext_lazy("Mental Helse hjelpetelefonen"), "116 123"),
)

# Word and PDF readers want a language with its region.
DOCUMENT_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def year_of_operation(plan: Plan, status_date: datetime.date) -> int | None:
    """Which year of operation of the plan a status date closes, counting from the adoption date when known.

    The national plan, launched 10 September 2020, reports "etter femte driftsår" on 10 September 2025. A plan
    without an adoption date counts calendar years from the start of its period.
    """
    if plan.adopted_on is not None:
        years = status_date.year - plan.adopted_on.year
        if (status_date.month, status_date.day) > (plan.adopted_on.month, plan.adopted_on.day):
            years += 1
        return max(years, 1)
    if plan.period_start:
        return max(status_date.year - plan.period_start + 1, 1)
    return None


def report_title(plan: Plan, reporting_round: ReportingRound) -> str:
    date = formats.date_format(reporting_round.status_date, "j. F Y")
    year = year_of_operation(plan, reporting_round.status_date)
    if year is None:
        return _("Status per %(date)s") % {"date": date}
    return _("Status per %(date)s (etter %(year)s. driftsår)") % {"date": date, "year": year}


@dataclass(frozen=True)
class ReportEntry:
    measure: Measure
    status: StatusUpdate | None  # None: no approved status in this round

    @property
    def heading(self) -> str:
        if self.measure.number:
            return _("Tiltak %(number)s. %(title)s") % {"number": self.measure.number, "title": self.measure.title}
        return self.measure.title

    @property
    def paragraphs(self) -> list[str]:
        """The narrative's paragraphs; line breaks inside a paragraph are kept."""
        if self.status is None:
            return [_("Ingen godkjent status for denne perioden.")]
        if self.status.narrative:
            return [p.strip() for p in self.status.narrative.split("\n\n") if p.strip()]
        same_as = self.status.same_as
        assert same_as is not None  # a status has a narrative or a measure it shares its status with
        return [_("Samme status som tiltak %(number)s.") % {"number": same_as.number or same_as.title}]

    @property
    def responsible(self) -> str:
        """ "Ansvarlig departement: HOD, BFD" as in the national report; "Ansvarlig: …" with unit names otherwise."""
        responsibilities = list(self.measure.responsibilities.all())
        if not responsibilities:
            return ""
        if all(r.unit.kind == UnitKind.MINISTRY for r in responsibilities):
            names = ", ".join(r.unit.short_name or r.unit.name for r in responsibilities)
            return _("Ansvarlig departement: %(names)s") % {"names": names}
        names = ", ".join(
            r.unit.name + (f" ({_('medansvarlig')})" if r.role == ResponsibilityRole.COLLABORATOR else "")
            for r in responsibilities
        )
        return _("Ansvarlig: %(names)s") % {"names": names}


@dataclass(frozen=True)
class ReportSection:
    heading: str
    goal: Goal | None
    entries: list[ReportEntry]


@dataclass(frozen=True)
class StatusReport:
    plan: Plan
    reporting_round: ReportingRound
    title: str
    language: str  # the language it was built in
    sections: list[ReportSection]

    @property
    def entries(self) -> list[ReportEntry]:
        return [entry for section in self.sections for entry in section.entries]

    @property
    def approved_count(self) -> int:
        return sum(1 for entry in self.entries if entry.status is not None)


def _goal_heading(goal: Goal) -> str:
    if goal.number:
        return f"{goal.get_kind_display()} {goal.number} – {goal.title}"
    return goal.title


def document_language(plan: Plan) -> str:
    """The written language (nb or nn) of the plan's first owner: the PDF and Word file are written in it."""
    owner = plan.organisations.order_by("pk").first()
    return owner.written_language if owner is not None else "nb"


def status_report(plan: Plan, reporting_round: ReportingRound) -> StatusReport:
    """Every measure of the plan under its goal, with its approved status in the round: four queries."""
    statuses = round_approved_statuses(reporting_round)
    goals = list(plan.goals.order_by("order", "pk"))
    measures = plan.measures.prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("unit").order_by("order", "pk"),
        )
    ).order_by("order", "pk")
    entries: dict[int | None, list[ReportEntry]] = {}
    for measure in measures:
        entries.setdefault(measure.goal_id, []).append(ReportEntry(measure, statuses.get(measure.pk)))
    sections = [ReportSection(_goal_heading(g), g, entries.get(g.pk, [])) for g in goals]
    if None in entries:
        heading = _("Tiltak uten mål") if goals else _("Tiltak")
        sections.append(ReportSection(heading, None, entries[None]))
    return StatusReport(
        plan=plan,
        reporting_round=reporting_round,
        title=report_title(plan, reporting_round),
        language=translation.get_language() or "nb",
        sections=sections,
    )


def report_filename(report: StatusReport, extension: str) -> str:
    return f"statusrapport-{report.plan.pk}-{report.reporting_round.status_date.isoformat()}.{extension}"


def report_pdf(report: StatusReport, *, base_url: str) -> bytes:
    """A tagged PDF/UA-1 document: headings, reading order, language and title for screen readers."""
    # Imported here: WeasyPrint loads Pango when imported, and nothing else on the site needs it.
    from weasyprint import HTML

    html = render_to_string("followup/public/report_document.html", {"report": report, "help_numbers": HELP_NUMBERS})
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def report_docx(report: StatusReport) -> bytes:
    """A Word document with the built-in Title and Heading styles, so the coordinator can edit it for the council."""
    language = DOCUMENT_LANGUAGES.get(report.language, "nb-NO")
    document = Document()
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.plan.title
    properties.language = language
    properties.author = "Planverk"
    # Word checks spelling in the language of the text, which comes from the styles, not the core properties.
    for style_name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2"):
        run_properties = document.styles[style_name].element.get_or_add_rPr()
        lang = run_properties.find(qn("w:lang"))
        if lang is None:
            lang = run_properties.makeelement(qn("w:lang"), {})
            run_properties.append(lang)
        lang.set(qn("w:val"), language)

    document.add_heading(report.title, level=0)
    document.add_paragraph(report.plan.title, style="Subtitle")
    help_line = document.add_paragraph()
    help_line.add_run(_("Trenger du hjelp nå?") + " ").bold = True
    help_line.add_run(" · ".join(f"{label}: {number}" for label, number in HELP_NUMBERS))
    for summary in report.plan.summary.split("\n\n"):
        if summary.strip():
            document.add_paragraph(summary.strip())
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        for entry in section.entries:
            document.add_heading(entry.heading, level=2)
            for text in entry.paragraphs:
                first, *more = text.split("\n")
                paragraph = document.add_paragraph()
                run = paragraph.add_run(first)
                for line in more:
                    run.add_break()
                    run = paragraph.add_run(line)
            if entry.responsible:
                document.add_paragraph().add_run(entry.responsible).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
