from collections import Counter

from planverk.organisations.models import Organisation, OrganisationKind, Unit
from planverk.organisations.reference import load_reference_data


def test_all_357_municipalities_15_counties_and_8_ministries_are_loaded(db):
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds[OrganisationKind.MUNICIPALITY] == 357
    assert kinds[OrganisationKind.COUNTY] == 15
    ministries = set(Organisation.objects.ministries().values_list("number", flat=True))
    assert ministries == {"HOD", "AID", "BFD", "FD", "JD", "KUD", "KD", "SD"}


def test_municipalities_belong_to_the_county_of_their_number(db):
    for municipality in Organisation.objects.municipalities().select_related("county"):
        assert municipality.county is not None
        assert municipality.number[:2] == municipality.county.number


def test_seed_municipalities_have_their_2024_numbers(db):
    names = dict(Organisation.objects.filter(number__in=["3301", "3407", "5001"]).values_list("number", "name"))
    assert names == {"3301": "Drammen", "3407": "Gjøvik", "5001": "Trondheim - Tråante"}


def test_every_ministry_is_its_own_responsible_unit(db):
    for ministry in Organisation.objects.ministries():
        assert Unit.objects.filter(organisation=ministry, short_name=ministry.number).count() == 1


def test_loading_reference_data_again_creates_nothing(db):
    before = Organisation.objects.count(), Unit.objects.count()
    counts = load_reference_data()
    assert counts == {"created": 0, "updated": 0}
    assert (Organisation.objects.count(), Unit.objects.count()) == before


def test_a_renamed_municipality_is_updated_in_place(db, tmp_path):
    drammen = Organisation.objects.get(number="3301")
    source = tmp_path / "organisations.csv"
    source.write_text(
        "kind,number,name,short_name,county,language\ncounty,33,Buskerud,,,nb\n"
        "municipality,3301,Drammen kommune,,33,nn\n",
        encoding="utf-8",
    )
    assert load_reference_data(source) == {"created": 0, "updated": 1}
    drammen.refresh_from_db()
    assert (drammen.name, drammen.written_language, drammen.slug) == ("Drammen kommune", "nn", "drammen")
