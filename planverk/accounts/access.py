"""What a user may do in an organisation. Object-level helpers build on these."""

from django.contrib.auth.models import AnonymousUser

from planverk.accounts.models import PLAN_EDITOR_ROLES, Membership, User

AnyUser = User | AnonymousUser


def member_organisation_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_member_organisation_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._member_organisation_ids = cached  # type: ignore[attr-defined]
    return cached


def editor_organisation_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_editor_organisation_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, role__in=PLAN_EDITOR_ROLES).values_list("organisation_id", flat=True)
        )
        user._editor_organisation_ids = cached  # type: ignore[attr-defined]
    return cached


def is_national_superuser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)
