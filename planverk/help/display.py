"""The TV-screen slide and the A4 poster: the same data (messages, the numbers, a QR code to the help page), two
renderings. Public like the help page (rule 3): no user, session or CSRF token goes into them, so they depend only
on their address and may be cached.

A municipality with messages of its own shows those; otherwise the national ones.
"""

import hashlib
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from planverk.help import selectors
from planverk.help.languages import NATIONAL_LANGUAGE, chrome_language
from planverk.help.models import DisplayMessage
from planverk.organisations.models import Organisation

# How often an unattended screen loads the slide again, so edits appear.
REFRESH_SECONDS = 600
# Seconds each message stays on the screen before the next one.
SECONDS_PER_MESSAGE = 10
# How long a rendered poster is kept; its key is a hash of its content, so a change never waits for this.
POSTER_CACHE_SECONDS = 60 * 60 * 24
# The slide shows at most this many helplines beside 113 and legevakt: big type on one screen.
MAX_HELPLINES = 5


@dataclass(frozen=True)
class Number:
    display: str
    name: str


@dataclass
class Display:
    organisation: Organisation | None
    language: str
    messages: list[str]
    acute: list[Number]
    helplines: list[Number]
    url: str  # the help page, absolute: what the QR code holds and the text beside it says

    @property
    def url_text(self) -> str:
        return selectors.url_label(self.url)

    @property
    def place(self) -> str:
        return self.organisation.display_name if self.organisation is not None else ""

    @property
    def headline(self) -> str:
        return self.messages[0] if self.messages else ""

    def qr_svg(self) -> SafeString:
        """The QR code as inline SVG, named for screen readers."""
        svg = segno.make(self.url, error="m").svg_inline(
            scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr"
        )
        label = _("QR-kode til hjelpesiden: %(url)s") % {"url": self.url_text}
        attributes = format_html('<svg role="img" aria-label="{}" focusable="false" ', label)
        # segno's markup holds only path data from the URL's bits; the label is escaped above.
        return mark_safe(svg.replace("<svg ", attributes, 1))  # noqa: S308

    def qr_data_uri(self) -> str:
        """The QR code as an SVG data URI, for WeasyPrint's <img>."""
        uri: str = segno.make(self.url, error="m").svg_data_uri(scale=1, border=4, omitsize=True)
        return uri


def messages_for(organisation: Organisation | None) -> list[str]:
    """The municipality's own messages in their order, else the national ones: one query."""
    organisation_id = organisation.pk if organisation is not None else None
    rows = list(
        DisplayMessage.objects.for_display(organisation_id)
        .order_by("order", "pk")
        .values_list("organisation_id", "text")
    )
    own = [text for owner, text in rows if owner is not None]
    return own or [text for owner, text in rows if owner is None]


def _number(entry: selectors.Entry) -> Number:
    assert entry.phone is not None
    return Number(display=entry.phone.display, name=str(entry.name))


def help_url(organisation: Organisation | None) -> str:
    # The site's own address, not the request's Host: the same slide for everyone, and a QR code that works.
    path = reverse("help:municipality", args=[organisation.slug]) if organisation else reverse("help:index")
    return settings.SITE_URL.rstrip("/") + path


def build(organisation: Organisation | None) -> Display:
    default = organisation.written_language if organisation is not None else NATIONAL_LANGUAGE
    language = chrome_language(default, NATIONAL_LANGUAGE)
    with translation.override(language):
        page = selectors.help_page(organisation, language=language, page_language=language)
        return Display(
            organisation=organisation,
            language=language,
            messages=messages_for(organisation),
            acute=[_number(entry) for entry in page.acute if entry.phone],
            helplines=[_number(entry) for entry in page.helplines if entry.phone][:MAX_HELPLINES],
            url=help_url(organisation),
        )


def _context(display: Display) -> dict[str, object]:
    count = len(display.messages)
    cycle = max(count, 1) * SECONDS_PER_MESSAGE
    return {
        "display": display,
        "rotate": count > 1,
        "cycle": cycle,
        # Each message is shown for its share of the cycle, then hidden until its turn comes again.
        "shown_until": f"{100 / max(count, 1):.3f}",
        "hidden_from": f"{100 / max(count, 1) + 0.001:.3f}",
        "delays": [index * SECONDS_PER_MESSAGE for index in range(count)],
    }


def render_slide(display: Display) -> str:
    with translation.override(display.language):
        return render_to_string("help/slide.html", _context(display))


def render_poster_html(display: Display) -> str:
    with translation.override(display.language):
        return render_to_string("help/poster.html", _context(display))


def poster_pdf(display: Display) -> bytes:
    """The poster as a tagged PDF, kept in the cache under a hash of its HTML: the same content is rendered once,
    changed content (a message, a number) at once."""
    html = render_poster_html(display)
    key = "help-poster:" + hashlib.sha256(html.encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    # Imported here: WeasyPrint loads Pango when imported, and nothing else on these pages needs it.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_variant="pdf/ua-1")
    cache.set(key, pdf, POSTER_CACHE_SECONDS)
    return pdf


def poster_filename(display: Display) -> str:
    name = display.organisation.slug if display.organisation is not None else "nasjonal"
    return f"hjelp-plakat-{name}.pdf"
