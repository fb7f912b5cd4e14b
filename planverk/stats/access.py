"""Who may import statistics? National superusers only: an import replaces figures every municipality sees.

Reading is open to everyone: what is published has been through the suppression rules.
"""

from django.core.exceptions import PermissionDenied

from planverk.accounts.access import AnyUser, is_national_superuser


def can_import_statistics(user: AnyUser) -> bool:
    return is_national_superuser(user)


def require_statistics_importer(user: AnyUser) -> None:
    if not can_import_statistics(user):
        raise PermissionDenied
