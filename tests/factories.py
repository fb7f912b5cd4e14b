import datetime

import factory

from planverk.accounts.models import Membership, Role, User
from planverk.followup.models import ReportingRound, ReportState, StatusCategory, StatusUpdate
from planverk.organisations.models import Organisation, OrganisationKind, Unit
from planverk.plans.models import Goal, Measure, Plan, PlanLevel, PlanOwner, PlanStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruker{n}")
    password = factory.django.Password("riktig-hest-batteri-stift")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.MUNICIPALITY
    number = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    slug = factory.Sequence(lambda n: f"testkommune-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.VIEWER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    level = PlanLevel.MUNICIPAL
    title = factory.Sequence(lambda n: f"Handlingsplan {n}")
    status = PlanStatus.ADOPTED
    period_start = 2025
    period_end = 2028

    @factory.post_generation
    def organisations(self, create: bool, extracted: list[Organisation] | None, **kwargs: object) -> None:
        if not create:
            return
        for organisation in extracted or [OrganisationFactory()]:
            PlanOwner.objects.create(plan=self, organisation=organisation)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Mål {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Tiltak {n}")


# --- follow-up ---


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    plan = factory.SubFactory(PlanFactory)
    title = "2025"
    status_date = datetime.date(2025, 12, 31)
    deadline = datetime.date(2026, 3, 5)
    opened_at = datetime.datetime(2026, 1, 15, 8, 0, tzinfo=datetime.UTC)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    round = factory.SubFactory(ReportingRoundFactory)
    measure = factory.SubFactory(MeasureFactory, plan=factory.SelfAttribute("..round.plan"))
    category = StatusCategory.IN_PROGRESS
    narrative = "Arbeidet er i gang."
    state = ReportState.SUBMITTED
    reported_at = datetime.datetime(2026, 2, 1, 8, 0, tzinfo=datetime.UTC)
