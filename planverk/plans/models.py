from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planverk.organisations.models import Organisation, Unit


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("Nasjonal")
    COUNTY = "county", _("Fylkeskommunal")
    MUNICIPAL = "municipal", _("Kommunal")
    INTERMUNICIPAL = "intermunicipal", _("Interkommunal")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    HEARING = "hearing", _("På høring")
    ADOPTED = "adopted", _("Vedtatt")
    EXTENDED = "extended", _("Forlenget")
    SUPERSEDED = "superseded", _("Erstattet")
    ARCHIVED = "archived", _("Arkivert")


# A hearing draft is published for comment; every later state stays public as history.
PUBLIC_STATUSES = frozenset(
    {PlanStatus.HEARING, PlanStatus.ADOPTED, PlanStatus.EXTENDED, PlanStatus.SUPERSEDED, PlanStatus.ARCHIVED}
)


class PreventionLevel(models.TextChoices):
    UNIVERSAL = "universal", _("Universell – bra for alle")
    SELECTIVE = "selective", _("Selektiv – nyttig for noen")
    INDICATED = "indicated", _("Indikert – nødvendig for enkelte")


# The shared list of target groups (loaded by migration 0002), named in the reader's language.
TARGET_GROUP_NAMES = {
    "population": _("Befolkningen generelt"),
    "children": _("Barn"),
    "youth": _("Ungdom og unge voksne"),
    "students": _("Studenter"),
    "men": _("Menn"),
    "elderly": _("Eldre"),
    "farmers": _("Bønder"),
    "veterans": _("Veteraner"),
    "inmates": _("Innsatte"),
    "lgbtq": _("LHBT+"),
    "sami": _("Samer og urfolk"),
    "minorities": _("Minoriteter og innvandrere"),
    "bereaved": _("Etterlatte"),
    "next_of_kin": _("Pårørende"),
    "employees": _("Ansatte"),
    "at_risk": _("Personer i selvmordsrisiko"),
    "mental_illness_substance_use": _("Personer med psykiske lidelser eller rusproblemer"),
}


class TargetGroup(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self) -> str:
        return str(TARGET_GROUP_NAMES.get(self.slug, self.name))


class PlanQuerySet(models.QuerySet["Plan"]):
    def published(self) -> "PlanQuerySet":
        return self.filter(status__in=PUBLIC_STATUSES)

    def owned_by_any(self, organisation_ids: set[int]) -> "PlanQuerySet":
        return self.filter(organisations__in=organisation_ids).distinct()


class Plan(models.Model):
    level = models.CharField(_("nivå"), max_length=20, choices=PlanLevel.choices)
    organisations = models.ManyToManyField(
        Organisation, related_name="plans", verbose_name=_("eiere"), through="PlanOwner"
    )
    title = models.CharField(_("tittel"), max_length=300)
    summary = models.TextField(_("sammendrag"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("gjelder fra år"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("gjelder til år"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    commissioning_decision = models.TextField(_("bestillingsvedtak"), blank=True)
    adopted_by = models.CharField(_("vedtatt av"), max_length=200, blank=True)
    adopted_on = models.DateField(_("vedtaksdato"), null=True, blank=True)
    case_number = models.CharField(_("saksnummer"), max_length=50, blank=True)
    revision_due = models.DateField(_("skal rulleres innen"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("erstatter"),
    )
    # Identity of plans loaded from demo fixtures, so that reloading finds them again.
    fixture_key = models.CharField(max_length=50, unique=True, null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def period_display(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        if self.period_start:
            return f"{self.period_start}–"
        return ""


class PlanOwner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="plan_owner_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.plan}"


class GoalKind(models.TextChoices):
    GOAL = "goal", _("Mål")
    CATEGORY = "category", _("Kategori")
    FOCUS_AREA = "focus_area", _("Innsatsområde")


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveIntegerField(_("rekkefølge"))
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=GoalKind.choices, default=GoalKind.GOAL)
    title = models.CharField(_("tittel"), max_length=500)
    description = models.TextField(_("beskrivelse"), blank=True)
    prevention_level = models.CharField(
        _("forebyggingsnivå"), max_length=20, choices=PreventionLevel.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}" if self.number else self.title


class Measure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="measures")
    # Order within the plan; numbers are kept as written and may be missing or restart per goal.
    order = models.PositiveIntegerField(_("rekkefølge"))
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("tittel"), max_length=500)
    what = models.TextField(_("hva"), blank=True)
    why = models.TextField(_("hvorfor"), blank=True)
    timeframe = models.CharField(_("når"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("startår"), null=True, blank=True)
    due_year = models.PositiveSmallIntegerField(_("frist (år)"), null=True, blank=True)
    due_date = models.DateField(_("frist (dato)"), null=True, blank=True)
    partners = models.TextField(_("samarbeidspartnere"), blank=True)
    cost = models.TextField(_("kostnad og finansiering"), blank=True)
    prevention_level = models.CharField(
        _("forebyggingsnivå"), max_length=20, choices=PreventionLevel.choices, blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="measures", verbose_name=_("målgrupper")
    )
    arenas = models.CharField(_("arenaer"), max_length=500, blank=True)
    is_new = models.BooleanField(_("nytt tiltak"), null=True, blank=True)
    see_also = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("se også"))
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[target_groups])

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class ResponsibilityRole(models.TextChoices):
    PRIMARY = "primary", _("Hovedansvarlig")
    COLLABORATOR = "collaborator", _("Medansvarlig")


class Responsibility(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="responsibilities")
    role = models.CharField(
        _("rolle"), max_length=20, choices=ResponsibilityRole.choices, default=ResponsibilityRole.PRIMARY
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvar")
        constraints = [models.UniqueConstraint(fields=["measure", "unit"], name="responsibility_unique")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"


class ObjectiveKind(models.TextChoices):
    RESULT = "result", _("Resultatmål")
    EFFECT = "effect", _("Effektmål")


class Objective(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("type"), max_length=10, choices=ObjectiveKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("mål"))
    measurement_method = models.TextField(_("målemetode"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultat- eller effektmål")
        verbose_name_plural = _("resultat- og effektmål")

    def __str__(self) -> str:
        return self.text


class PlanLink(models.Model):
    """A goal or measure contributing to a goal or measure of another plan (e.g. the national plan)."""

    from_goal = models.ForeignKey(Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="links_out")
    from_measure = models.ForeignKey(Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="links_out")
    to_goal = models.ForeignKey(Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="links_in")
    to_measure = models.ForeignKey(Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="links_in")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kobling til annen plan")
        verbose_name_plural = _("koblinger til andre planer")
        constraints = [
            models.CheckConstraint(
                condition=(Q(from_goal__isnull=False) & Q(from_measure__isnull=True))
                | (Q(from_goal__isnull=True) & Q(from_measure__isnull=False)),
                name="planlink_one_source",
            ),
            models.CheckConstraint(
                condition=(Q(to_goal__isnull=False) & Q(to_measure__isnull=True))
                | (Q(to_goal__isnull=True) & Q(to_measure__isnull=False)),
                name="planlink_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_goal or self.from_measure} → {self.to_goal or self.to_measure}"

    @property
    def target(self) -> Goal | Measure:
        target = self.to_goal or self.to_measure
        assert target is not None
        return target
