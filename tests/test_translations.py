"""The translation catalogs: complete, faithful to their placeholders, compiled, and used by the pages.

Source strings are bokmål (nb); nn and en are translations. After changing a string in code or a template:
`manage.py makemessages -l nb -l nn -l en …`, translate, then `manage.py compilemessages`.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LANGUAGES = ["nb", "nn", "en"]
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

# printf-style placeholders as Python formats them (%(name)s, %(count)d, %s) and str.format fields ({name}, {0}).
_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]|\{[^{}]*\}")


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _mo(language: str) -> polib.MOFile:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    assert path.exists(), f"{path} is missing: run `manage.py compilemessages`"
    return polib.mofile(str(path))


def _placeholders(text: str) -> set[str]:
    return {p for p in _PLACEHOLDER.findall(text) if p != "%%"}


def _translations(catalog: polib.POFile | polib.MOFile) -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """(context, msgid) → msgstr, or the plural forms in order, for what msgfmt compiles (no header, no fuzzy)."""
    result: dict[tuple[str | None, str], str | tuple[str, ...]] = {}
    for entry in catalog:
        if not entry.msgid or entry.obsolete:
            continue
        if isinstance(entry, polib.POEntry) and not entry.translated():
            continue
        if entry.msgid_plural:
            result[(entry.msgctxt, entry.msgid)] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_the_right_header(language):
    metadata = _po(language).metadata
    assert metadata["Language"] == language
    assert "charset=UTF-8" in metadata["Content-Type"]
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    po = _po(language)
    assert len(po) > 0
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    # Plural entries need every form, not just the first.
    incomplete = [e.msgid for e in po if e.msgid_plural and not all(e.msgstr_plural.values())]
    assert incomplete == []


def test_bokmal_catalog_repeats_the_source():
    po = _po("nb")
    assert [e.msgid for e in po if not e.msgid_plural and e.msgstr != e.msgid] == []
    plurals = [e for e in po if e.msgid_plural]
    assert [
        e.msgid for e in plurals if (e.msgstr_plural.get(0), e.msgstr_plural.get(1)) != (e.msgid, e.msgid_plural)
    ] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in _po(language):
        if entry.msgid_plural:
            # %(count)d may be left out of the singular ("one measure"), but nothing else may go missing or appear.
            wanted = _placeholders(entry.msgid_plural)
            for form in entry.msgstr_plural.values():
                if not _placeholders(form) <= wanted or wanted - _placeholders(form) - {"%(count)d", "%(count)s"}:
                    wrong.append((entry.msgid_plural, form))
        elif _placeholders(entry.msgid) != _placeholders(entry.msgstr):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


def test_placeholder_pattern_finds_what_django_uses():
    assert _placeholders("%(organisation)s har «%(name)s», %(limit_value)d tegn, %s og {count} – 100 %%") == {
        "%(organisation)s",
        "%(name)s",
        "%(limit_value)d",
        "%s",
        "{count}",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(language):
    # A stale .mo (compilemessages not run after editing the .po) shows the old text on the site.
    assert _translations(_mo(language)) == _translations(_po(language))


PAGE_STRINGS = {
    # language: [(translation that must be on the page, bokmål source that must not be)]
    "nn": [
        ("Handlingsplanar", "Handlingsplaner"),
        ("Filtrer planar", "Filtrer planer"),
        ("Vedteke", "Vedtatt"),
        ("Treng du hjelp no?", "Trenger du hjelp nå?"),
        ("Hopp til hovudinnhald", "Hopp til hovedinnhold"),
        ("Logg inn", None),
    ],
    "en": [
        ("Action plans", "Handlingsplaner"),
        ("Filter plans", "Filtrer planer"),
        ("Adopted", "Vedtatt"),
        ("Do you need help now?", "Trenger du hjelp nå?"),
        ("Skip to main content", "Hopp til hovedinnhold"),
        ("Log in", "Logg inn"),
        ("Measure", None),
    ],
    "nb": [
        ("Handlingsplaner", None),
        ("Filtrer planer", None),
        ("Vedtatt", None),
        ("Trenger du hjelp nå?", None),
    ],
}


@pytest.mark.parametrize("language", list(PAGE_STRINGS))
def test_public_plan_list_is_shown_in_the_browsers_language(client, db, language):
    url = reverse("public:plan_list")
    assert url == "/planer/"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert response.headers["Content-Language"] == language
    for translated, source in PAGE_STRINGS[language]:
        assert translated in html
        if source is not None:
            assert source not in html
