"""The TV-screen slide and the A4 poster: the numbers, the messages (the municipality's own, else the national
ones), a QR code to the help page; public, no script, no cookie, cacheable; the poster a PDF with the numbers as
text."""

import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from planverk.help import services
from planverk.help.models import DisplayMessage

NATIONAL_FIRST = "Ingen kan gjøre alt, men alle kan gjøre noe."


def _national_texts() -> list[str]:
    return list(DisplayMessage.objects.national().order_by("order", "pk").values_list("text", flat=True))


def _positions(html: str, texts: list[str]) -> list[int]:
    return [html.index(text) for text in texts]


@pytest.fixture
def drammen_messages(drammen):  # type: ignore[no-untyped-def]
    return [
        services.display_message_create(organisation=drammen, text=text, by=None)
        for text in ("Drammen bryr seg om deg.", "Snakk med helsesykepleieren.")
    ]


def test_the_slide_shows_the_numbers_and_the_national_messages_in_order(client, drammen):
    assert not DisplayMessage.objects.local_to(drammen.pk).exists()
    response = client.get(reverse("help:slide", args=["drammen"]))
    assert response.status_code == 200
    html = response.content.decode()
    for number in ("113", "116 117", "116 123", "22 40 00 40", "116 111", "800 33 321"):
        assert f">{number}<" in html, number
    texts = _national_texts()
    assert texts[0] == NATIONAL_FIRST and len(texts) >= 3
    positions = _positions(html, texts)
    assert positions == sorted(positions)
    assert html.count('class="message"') == len(texts)
    assert "Drammen" in html
    # Rotating with CSS, one message at a time; still under reduced motion.
    assert "@keyframes" in html and "prefers-reduced-motion: reduce" in html
    assert response["Refresh"] == "600"  # the screen loads it again, so edits appear


def test_a_municipalitys_own_messages_replace_the_national_ones(client, drammen, drammen_messages):
    html = client.get(reverse("help:slide", args=["drammen"])).content.decode()
    first, second = _positions(html, ["Drammen bryr seg om deg.", "Snakk med helsesykepleieren."])
    assert first < second
    assert html.count('class="message"') == 2
    assert NATIONAL_FIRST not in html
    # Other municipalities keep the national messages.
    other = client.get(reverse("help:slide", args=["gjovik"])).content.decode()
    assert NATIONAL_FIRST in other and "Drammen bryr seg om deg." not in other


def test_the_national_slide_shows_the_national_messages(client, drammen_messages):
    html = client.get(reverse("help:national_slide")).content.decode()
    assert NATIONAL_FIRST in html and "Drammen bryr seg om deg." not in html
    assert ">113<" in html and ">116 117<" in html and ">116 123<" in html
    assert "/hjelp</strong>" in html


def test_one_message_does_not_rotate(client, drammen):
    services.display_message_create(organisation=drammen, text="Bare én melding.", by=None)
    html = client.get(reverse("help:slide", args=["drammen"])).content.decode()
    assert html.count('class="message"') == 1 and "@keyframes" not in html


def test_the_slide_has_a_named_qr_code_and_the_address_as_text(client, drammen, settings):
    settings.SITE_URL = "https://planverk.example.no"
    html = client.get(reverse("help:slide", args=["drammen"])).content.decode()
    svg = re.search(r"<svg [^>]*>", html)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert 'aria-label="QR-kode til hjelpesiden: planverk.example.no/hjelp/drammen"' in svg.group(0)
    assert "<strong>planverk.example.no/hjelp/drammen</strong>" in html
    assert "<path" in html  # the code itself


def test_the_slide_is_public_scriptless_cookieless_and_cacheable(client, coordinator, drammen):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(coordinator)
        response = client.get(reverse("help:slide", args=["drammen"]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script" not in html.lower()
        assert response.cookies == {} and "Set-Cookie" not in response.headers
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert "csrfmiddlewaretoken" not in html
        # Nothing from another host: no external stylesheet, image or font.
        assert not re.search(r'(src|href)="(https?:)?//', html)


def test_an_unknown_municipality_has_no_slide_or_poster(client, db):
    assert client.get(reverse("help:slide", args=["finnes-ikke"])).status_code == 404
    assert client.get(reverse("help:poster", args=["finnes-ikke"])).status_code == 404


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_poster_is_a_pdf_with_the_numbers_as_text(client, drammen):
    cache.clear()
    response = client.get(reverse("help:poster", args=["drammen"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="hjelp-plakat-drammen.pdf"'
    assert response.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1  # one A4 sheet
    text = " ".join(_pdf_text(response.content).split())
    for expected in ("113", "116 117", "116 123", "Drammen", "Er det akutt?", NATIONAL_FIRST):
        assert expected in text, expected
    assert response.cookies == {}
    assert "public" in response["Cache-Control"]


def test_a_browser_with_the_poster_gets_304(client, drammen):
    first = client.get(reverse("help:poster", args=["drammen"]))
    again = client.get(reverse("help:poster", args=["drammen"]), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_national_poster(client, db):
    response = client.get(reverse("help:national_poster"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="hjelp-plakat-nasjonal.pdf"' in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content).split())
    assert "113" in text and "116 117" in text and "116 123" in text


def test_the_poster_is_cached_by_its_content_so_a_change_shows_at_once(client, drammen, monkeypatch):
    cache.clear()
    first = client.get(reverse("help:poster", args=["drammen"])).content
    rendered = []
    # A repeat comes from the cache: WeasyPrint is not asked again.
    import weasyprint

    real_write = weasyprint.HTML.write_pdf

    def counting_write(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(1)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting_write)
    assert client.get(reverse("help:poster", args=["drammen"])).content == first
    assert rendered == []
    services.display_message_create(organisation=drammen, text="En ny overskrift for plakaten.", by=None)
    changed = client.get(reverse("help:poster", args=["drammen"])).content
    assert rendered == [1]
    assert "En ny overskrift for plakaten." in " ".join(_pdf_text(changed).split())
