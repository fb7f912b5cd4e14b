"""Reference data: municipalities, counties and ministries, from the shipped CSV file."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from planverk.organisations.models import Organisation, OrganisationKind, Unit, UnitKind

DATA_FILE = Path(__file__).parent / "data" / "organisations.csv"


def _slug(kind: str, number: str, name: str, short_name: str) -> str:
    base = slugify((short_name or name).replace("æ", "ae").replace("ø", "o").replace("å", "a"))
    if kind == OrganisationKind.MINISTRY:
        return slugify(number)
    if kind == OrganisationKind.COUNTY:
        return f"fylke-{base}"
    return base


@transaction.atomic
def load_reference_data(path: Path = DATA_FILE) -> dict[str, int]:
    """Create or update every organisation in the file. Safe to run again."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    counts = {"created": 0, "updated": 0}
    counties: dict[str, Organisation] = {}
    # Counties first, so municipalities can point at them.
    for row in sorted(rows, key=lambda r: r["kind"] != OrganisationKind.COUNTY):
        kind, number = row["kind"], row["number"]
        defaults = {
            "kind": kind,
            "name": row["name"],
            "short_name": row["short_name"],
            "written_language": row["language"] or "nb",
            "county": counties.get(row["county"]) if row["county"] else None,
        }
        organisation = Organisation.objects.filter(number=number).first()
        if organisation is None:
            slug = _slug(kind, number, row["name"], row["short_name"])
            if Organisation.objects.filter(slug=slug).exists():
                slug = f"{slug}-{number}"
            organisation = Organisation.objects.create(number=number, slug=slug, **defaults)
            counts["created"] += 1
        elif any(getattr(organisation, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(organisation, k, v)
            organisation.save()
            counts["updated"] += 1
        if kind == OrganisationKind.COUNTY:
            counties[number] = organisation
        if kind == OrganisationKind.MINISTRY:
            # A ministry is its own responsible unit in the national plan.
            Unit.objects.get_or_create(
                organisation=organisation,
                name=organisation.name,
                defaults={"short_name": number, "kind": UnitKind.MINISTRY},
            )
    return counts
