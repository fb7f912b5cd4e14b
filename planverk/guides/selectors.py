"""Reads of guides that several views share: a guide's steps grouped by phase, and the choices its forms offer."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from planverk.accounts.models import PLAN_EDITOR_ROLES, User
from planverk.guides.legal import LegalNote, notes_for
from planverk.guides.models import Guide, GuideQuerySet, GuideStep, Phase
from planverk.help.models import Service
from planverk.help.phone import format_phone, tel_href
from planverk.organisations.models import Organisation
from planverk.plans.models import Measure, Plan


@dataclass(frozen=True)
class Contact:
    """A service as a step shows it: who to call, and where the help page says more."""

    name: str
    phone: str  # formatted for reading, e.g. 22 40 00 40
    tel: str
    help_url: str
    national: bool


@dataclass
class PhaseSection:
    phase: str
    label: str
    steps: list[GuideStep] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"del-{self.phase}"


def _contact(service: Service, organisation: Organisation) -> Contact:
    if service.organisation_id is None:
        url = reverse("help:municipality", args=[organisation.slug])
    else:
        url = reverse("help:directory", args=[organisation.slug]) + f"#tjeneste-{service.pk}"
    return Contact(
        name=service.name,
        phone=format_phone(service.phone) if service.phone else "",
        tel=tel_href(service.phone) if service.phone else "",
        help_url=url,
        national=service.organisation_id is None,
    )


def guide_steps(guide: Guide) -> QuerySet[GuideStep]:
    return guide.steps.prefetch_related(Prefetch("contacts", queryset=Service.objects.order_by("name", "pk")))


def guide_sections(guide: Guide, *, include_empty: bool = False) -> list[PhaseSection]:
    """The steps in the phases' fixed order (detect → assess → follow up → after), in two queries.

    Each step gets `contact_list` and `legal_notes` for the templates.
    """
    sections = {phase.value: PhaseSection(phase.value, str(phase.label)) for phase in Phase}
    for step in guide_steps(guide).order_by("order", "pk"):
        step.contact_list = [_contact(s, guide.organisation) for s in step.contacts.all()]  # type: ignore[attr-defined]
        step.legal_notes = notes_for(step.legal_duties)  # type: ignore[attr-defined]
        sections[step.phase].steps.append(step)
    return [section for section in sections.values() if include_empty or section.steps]


def legal_notes_used(sections: list[PhaseSection]) -> list[LegalNote]:
    """Every duty any step names, once each, for the summary at the end of a guide."""
    duties = {duty for section in sections for step in section.steps for duty in step.legal_duties}
    return notes_for(sorted(duties))


def public_guides(organisation_slug: str = "") -> GuideQuerySet:
    guides = Guide.objects.published().select_related("organisation", "owner_unit")
    if organisation_slug:
        guides = guides.filter(organisation__slug=organisation_slug)
    return guides.order_by("organisation__name", "title", "pk")


def public_measure(guide: Guide) -> Measure | None:
    """The measure that requires the guide, when its plan is public (a draft plan's measure is not named)."""
    measure = guide.measure
    return measure if measure is not None and measure.plan.is_public else None


def with_public_guide_flag(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Measures that know, in the same query, whether a published guide is linked to them."""
    return measures.annotate(has_public_guides=Exists(Guide.objects.published().filter(measure=OuterRef("pk"))))


def public_guides_for_measure(measure: Measure) -> list[Guide]:
    """The published guides a measure's public page lists: one query, and none when the flag says there are none."""
    if not getattr(measure, "has_public_guides", True):
        return []
    return list(Guide.objects.published().filter(measure=measure).order_by("title", "pk"))


def municipalities_with_public_guides() -> QuerySet[Organisation]:
    return Organisation.objects.filter(guides__in=Guide.objects.published()).distinct().order_by("name")


# --- Choices for the forms ---------------------------------------------------------------------------------


def contact_choices(organisation: Organisation) -> QuerySet[Service]:
    """The municipality's own services first, then the national registry, the same as its help page offers."""
    return (
        Service.objects.for_help_page(organisation.pk)
        .select_related("organisation")
        .order_by("organisation_id", "name", "pk")
    )


def owner_choices(organisation: Organisation) -> QuerySet[User]:
    """Those who may change the guide: the owner is asked to review it."""
    return (
        User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=PLAN_EDITOR_ROLES, is_active=True
        )
        .distinct()
        .order_by("username")
    )


def measure_choices(organisation: Organisation) -> QuerySet[Measure]:
    plans = Plan.objects.owned_by_any({organisation.pk}).values("pk")
    return Measure.objects.filter(plan__in=plans).select_related("plan").order_by("plan__title", "order", "pk")
