"""The fixed cast of the test suite, on top of the demo data (reference data and the four seed plans).

Demo data is loaded once per test session; each test runs in a transaction that is rolled back
(the cache lives in the database too, so rate limits do not leak between tests).
"""

import pytest
from django.core.management import call_command

from planverk.accounts.models import Membership, Role, User
from planverk.organisations.models import Organisation
from planverk.plans.models import Plan, PlanStatus
from tests.factories import MeasureFactory, MembershipFactory, PlanFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        call_command("load_demo_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def drammen(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(number="3301")


@pytest.fixture
def gjovik(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(number="3407")


@pytest.fixture
def national_plan(db) -> Plan:  # type: ignore[no-untyped-def]
    return Plan.objects.get(fixture_key="national-2020")


@pytest.fixture
def drammen_plan(db) -> Plan:  # type: ignore[no-untyped-def]
    return Plan.objects.get(fixture_key="drammen-2024")


@pytest.fixture
def gjovik_plan(db) -> Plan:  # type: ignore[no-untyped-def]
    return Plan.objects.get(fixture_key="gjovik-2025")


@pytest.fixture
def trondheim_plan(db) -> Plan:  # type: ignore[no-untyped-def]
    return Plan.objects.get(fixture_key="trondheim-2025")


@pytest.fixture
def drammen_draft(drammen) -> Plan:  # type: ignore[no-untyped-def]
    plan = PlanFactory(organisations=[drammen], status=PlanStatus.DRAFT, title="Utkast til ny plan i Drammen")
    MeasureFactory(plan=plan, title="Hemmelig utkasttiltak")
    return plan


def _member(organisation: Organisation, role: str, username: str) -> User:
    membership = MembershipFactory(user=UserFactory(username=username), organisation=organisation, role=role)
    return membership.user


@pytest.fixture
def viewer(drammen) -> User:  # type: ignore[no-untyped-def]
    return _member(drammen, Role.VIEWER, "alice-leser")


@pytest.fixture
def owner(drammen) -> User:  # type: ignore[no-untyped-def]
    user = _member(drammen, Role.OWNER, "bob-tiltakseier")
    membership = Membership.objects.get(user=user)
    unit = drammen.units.first()
    if unit is not None:
        membership.units.add(unit)
    return user


@pytest.fixture
def coordinator(drammen) -> User:  # type: ignore[no-untyped-def]
    return _member(drammen, Role.COORDINATOR, "charlie-koordinator")


@pytest.fixture
def other_coordinator(gjovik) -> User:  # type: ignore[no-untyped-def]
    return _member(gjovik, Role.COORDINATOR, "dina-gjovik")


@pytest.fixture
def superuser(db) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(username="erik-nasjonal", is_superuser=True, is_staff=True)


# --- help ---
@pytest.fixture(autouse=True)
def _help_page_copies(settings, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # The help pages keep their last good copy on disk (planverk/help/fallback.py); each test gets its own folder.
    settings.HELP_CACHE_DIR = tmp_path_factory.mktemp("help-pages")
