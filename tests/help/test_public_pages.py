"""The national help page with its municipality chooser (a GET form: no JavaScript, no cookie), and the public
directory of a municipality's services."""

import re

from django.urls import reverse

from planverk.help import services
from planverk.organisations.models import Organisation


def test_the_national_page_has_the_helplines_and_every_municipality(client, db):
    response = client.get(reverse("help:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("tel:113") < html.index("tel:116117") < html.index("tel:116123")
    for number in ("22 40 00 40", "800 33 321", "116 111"):
        assert number in html
    assert "sidetmedord.no" in html and "www.soschat.no" in html
    etterlatte = html[html.index('id="gruppe-bereaved"') :]
    assert "LEVE – Landsforeningen for etterlatte ved selvmord" in etterlatte
    form = html[html.index('<form method="get"') : html.index("</form>")]
    assert len(re.findall(r"<option ", form)) == Organisation.objects.municipalities().count()
    assert "csrf" not in form


def test_choosing_a_municipality_goes_to_its_page_and_keeps_the_language(client, drammen):
    response = client.get(reverse("help:index"), {"kommune": "drammen", "lang": "nn"})
    assert response.status_code == 302
    assert response["Location"] == "/hjelp/drammen/?lang=nn"
    assert client.get(reverse("help:index"), {"kommune": "3301"})["Location"] == "/hjelp/drammen/"
    assert client.get(reverse("help:index"), {"kommune": "DRAMMEN"})["Location"] == "/hjelp/drammen/"
    assert response.cookies == {}


def test_an_unknown_municipality_in_the_chooser_gets_a_message(client, db):
    response = client.get(reverse("help:index"), {"kommune": "<b>Atlantis</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vi fant ingen kommune som heter «&lt;b&gt;Atlantis&lt;/b&gt;»" in html
    assert "tel:113" in html


def test_the_directory_lists_the_municipalitys_services_by_kind(client, drammen):
    response = client.get(reverse("help:directory", args=["drammen"]))
    assert response.status_code == 200
    assert response.cookies == {}
    html = response.content.decode()
    assert html.index("tel:113") < html.index('id="type-')  # the acute numbers first here too
    kinds = re.findall(r'<h2 id="type-(\w+)"', html)
    assert kinds == ["acute", "low_threshold", "follow_up", "bereaved", "ngo"]
    assert "Drammen legevakt" in html and "Nok. Drammen" in html
    assert "Kirkens SOS" not in html  # the national registry is on the help page


def test_the_directory_filters_by_group_without_javascript(client, drammen):
    services.service_create(organisation=drammen, by=None, kind="bereaved", name="Sorggruppa", groups=["bereaved"])
    html = client.get(reverse("help:directory", args=["drammen"]), {"gruppe": "bereaved"}).content.decode()
    assert "Sorggruppa" in html and "Psykososial beredskap" in html
    assert "Rask psykisk helsehjelp" not in html
    assert '<option value="bereaved" selected>' in html
    unfiltered = client.get(reverse("help:directory", args=["drammen"]), {"gruppe": "tull"}).content.decode()
    assert "Rask psykisk helsehjelp" in unfiltered


def test_every_public_page_links_to_the_help_page(client, db):
    html = client.get(reverse("public:plan_list")).content.decode()
    assert f'href="{reverse("help:index")}"' in html
