"""Reads of the resource bank that several views use."""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower

from planverk.organisations.models import Organisation, OrganisationQuerySet
from planverk.resources.models import AUDIENCE_FIELDS, Resource, ResourceQuerySet, Topic


@dataclass(frozen=True)
class Filters:
    query: str = ""
    audience: str = ""
    topic: str = ""
    language: str = ""
    organisation: Organisation | None = None


def search(filters: Filters) -> ResourceQuerySet:
    """The public resource bank: national resources and every municipality's, or with a municipality chosen the
    national ones and that municipality's."""
    resources = Resource.objects.select_related("organisation")
    if filters.organisation is not None:
        resources = resources.visible_to_organisation(filters.organisation.pk)
    if filters.query:
        resources = resources.matching(filters.query)
    if filters.audience in AUDIENCE_FIELDS:
        resources = resources.for_audience(filters.audience)
    if filters.topic in Topic.values:
        resources = resources.filter(topic=filters.topic)
    if filters.language:
        resources = resources.filter(language=filters.language)
    return resources.order_by(Lower("title"), "pk")


def languages_in_use() -> list[str]:
    """Codes of the languages some resource is in: the language filter offers no language that finds nothing."""
    return sorted(set(Resource.objects.values_list("language", flat=True).distinct()))


def municipalities_with_resources(chosen: Organisation | None) -> OrganisationQuerySet:
    """For the municipality filter: those with local resources, and the chosen one even when it has none."""
    condition = Q(resources__isnull=False)
    if chosen is not None:
        condition |= Q(pk=chosen.pk)
    return Organisation.objects.municipalities().filter(condition).distinct().only("name", "slug").order_by("name")
