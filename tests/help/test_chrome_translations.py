"""The help pages' headings and labels (the chrome) in bokmål, nynorsk and English, through gettext.

The chrome strings are read from the public help templates and the labels the pages show. Each page in nn and en
must show what the compiled catalog of its language says for every string the bokmål page shows, and none of the
bokmål text where the catalog has a translation: this holds now and after every catalog update. Once the catalogs
have the help page's strings (`make messages`, translate), the last test also demands that every one of them is
translated.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from planverk.help.languages import LANGUAGES
from planverk.help.models import TRANSLATED_FIELDS, HelpGroup, Service, ServiceKind, ServiceTranslation
from planverk.organisations.models import Organisation

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "help"
PUBLIC_TEMPLATES = sorted(TEMPLATES.glob("*.html"))  # not workspace/ or email/
_TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
_BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.+?){%\s*endblocktranslate\s*%}", re.DOTALL)
_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
# The language check below waits for this string to reach the catalogs.
SENTINEL = "Er det akutt?"


def chrome_msgids() -> list[str]:
    msgids: set[str] = set()
    for path in PUBLIC_TEMPLATES:
        source = path.read_text(encoding="utf-8")
        msgids.update(m.group(2) for m in _TRANSLATE.finditer(source))
        msgids.update(_VARIABLE.sub(r"%(\1)s", m.group(1)) for m in _BLOCK.finditer(source))
    with translation.override("nb"):
        msgids.update(str(label) for label in (*HelpGroup.labels, *ServiceKind.labels))
        msgids.update(str(language.name) for language in LANGUAGES.values())
    return sorted(msgids)


def _pattern(text: str) -> re.Pattern[str]:
    parts = re.split(r"%\(\w+\)s", text)
    return re.compile(r"(?<!\w)" + ".+?".join(re.escape(p) for p in parts) + r"(?!\w)")


def content_strings() -> set[str]:
    """Text that comes from the database, not from the catalogs: services, translations, municipality names."""
    values: set[str] = set()
    for model in (Service, ServiceTranslation):
        for row in model.objects.values_list(*TRANSLATED_FIELDS):
            values.update(" ".join(v.split()) for v in row if v)
    for organisation in Organisation.objects.municipalities().only("name", "short_name"):
        values.add(organisation.display_name)
    return values


class _ChromeText(HTMLParser):
    """The text of a page outside content: text marked as another language than the page's, and text that is
    a whole value from the database, are left out."""

    def __init__(self, content: set[str]) -> None:
        super().__init__()
        self.content = content
        self.page_language = ""
        self.stack: list[bool] = []  # per open element: inside other-language content?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.page_language = lang or ""
            return
        foreign = bool(self.stack and self.stack[-1]) or (lang is not None and lang != self.page_language)
        if tag not in ("br", "meta", "link", "input"):
            self.stack.append(foreign)

    def handle_endtag(self, tag: str) -> None:
        if tag != "html" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and " ".join(data.split()) not in self.content:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def chrome_text(html: str, content: set[str]) -> str:
    parser = _ChromeText(content)
    parser.feed(html)
    return parser.text()


PAGES = {
    "municipality": lambda: reverse("help:municipality", args=["drammen"]),
    "directory": lambda: reverse("help:directory", args=["drammen"]),
    "national": lambda: reverse("help:index"),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["nn", "en"])
def test_chrome_is_what_the_catalog_of_the_language_says(client, drammen, page, language):
    url = PAGES[page]()
    content = content_strings()
    bokmal = chrome_text(client.get(url + "?lang=nb").content.decode(), content)
    html = client.get(f"{url}?lang={language}").content.decode()
    assert f'<html lang="{language}">' in html
    text = chrome_text(html, content)
    shown = [m for m in chrome_msgids() if _pattern(m).search(bokmal)]
    assert len(shown) > 10, "the chrome strings were found on the bokmål page"
    with translation.override(language):
        for msgid in shown:
            translated = gettext(msgid)
            assert _pattern(translated).search(text), f"{language}: «{translated}» (for «{msgid}») is missing"
            if translated != msgid and msgid not in translated:
                assert not _pattern(msgid).search(text), f"{language}: bokmål «{msgid}» is on the page"


def test_the_english_page_differs_from_the_bokmal_one_already(client, drammen):
    # Strings the catalogs had before the help pages (the skip link, "Språk", legevakt) are translated today.
    url = reverse("help:municipality", args=["drammen"])
    english = client.get(url + "?lang=en").content.decode()
    assert "Skip to main content" in english and "Hopp til hovedinnhold" not in english
    assert ">Language<" in english


def _compiled(language: str) -> set[str]:
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo"
    return {entry.msgid for entry in polib.mofile(str(path)) if entry.msgstr or entry.msgstr_plural}


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_chrome_string_is_in_the_compiled_catalog(language):
    compiled = _compiled(language)
    if SENTINEL not in compiled:
        pytest.skip(f"the {language} catalog does not have the help page's strings yet (run `make messages`)")
    assert [m for m in chrome_msgids() if m not in compiled] == []
