"""The languages of the help pages.

The page chrome (headings, labels) exists in bokmål, nynorsk and English through gettext. Content (the text of
national and local services) can also be translated into the languages below; a resident chooses one with
`?lang=` on the page's address, never with a cookie. Codes are BCP 47 / ISO 639 as used in HTML `lang`.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CHROME_LANGUAGES = ("nb", "nn", "en")
# The national registry is written in bokmål; nynorsk and other languages are translations of it.
NATIONAL_LANGUAGE = "nb"


@dataclass(frozen=True)
class Language:
    code: str
    name: Promise  # in the language of the page
    autonym: str  # in the language itself, for the language switcher
    rtl: bool = False


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("nb", _("Norsk (bokmål)"), "Bokmål"),
        Language("nn", _("Norsk (nynorsk)"), "Nynorsk"),
        Language("en", _("Engelsk"), "English"),
        Language("se", _("Nordsamisk"), "Davvisámegiella"),
        Language("sma", _("Sørsamisk"), "Åarjelsaemien gïele"),
        Language("smj", _("Lulesamisk"), "Julevsámegiella"),
        Language("fkv", _("Kvensk"), "Kainun kieli"),
        Language("pl", _("Polsk"), "Polski"),
        Language("lt", _("Litauisk"), "Lietuvių"),
        Language("uk", _("Ukrainsk"), "Українська"),
        Language("ru", _("Russisk"), "Русский"),
        Language("ar", _("Arabisk"), "العربية", rtl=True),
        Language("fa", _("Persisk"), "فارسی", rtl=True),
        Language("prs", _("Dari"), "دری", rtl=True),
        Language("ps", _("Pashto"), "پښتو", rtl=True),
        Language("ur", _("Urdu"), "اردو", rtl=True),
        Language("so", _("Somali"), "Soomaali"),
        Language("ti", _("Tigrinja"), "ትግርኛ"),
        Language("tr", _("Tyrkisk"), "Türkçe"),
        Language("th", _("Thai"), "ไทย"),
        Language("vi", _("Vietnamesisk"), "Tiếng Việt"),
        Language("es", _("Spansk"), "Español"),
        Language("fr", _("Fransk"), "Français"),
        Language("de", _("Tysk"), "Deutsch"),
    )
}

LANGUAGE_CHOICES = [(code, language.name) for code, language in LANGUAGES.items()]


def chrome_language(language: str, fallback: str) -> str:
    """The language of headings and labels: the chosen one when the catalogs have it, else the fallback."""
    return language if language in CHROME_LANGUAGES else fallback


def is_rtl(language: str) -> bool:
    entry = LANGUAGES.get(language)
    return bool(entry and entry.rtl)
