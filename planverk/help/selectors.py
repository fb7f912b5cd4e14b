"""What the help pages show, in the language a resident chose. A fixed number of queries whatever the size of the
directory; the same builders work on unsaved services read from the registry file (the page of last resort)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from planverk.help.languages import CHROME_LANGUAGES, LANGUAGES, NATIONAL_LANGUAGE, is_rtl
from planverk.help.models import TRANSLATED_FIELDS, HelpGroup, Service, ServiceKind, ServiceTranslation
from planverk.help.phone import format_phone, tel_href
from planverk.organisations.models import Organisation

KIND_ORDER = {kind: rank for rank, kind in enumerate(ServiceKind.values)}


@dataclass(frozen=True)
class Text:
    """A piece of content and the language it is in; `attrs` marks it when that is not the page's language."""

    value: str
    lang: str
    attrs: SafeString

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Phone:
    digits: str

    @property
    def display(self) -> str:
        return format_phone(self.digits)

    @property
    def href(self) -> str:
        return tel_href(self.digits)


@dataclass(frozen=True)
class Entry:
    """A service as one page shows it."""

    service: Service
    name: Text
    description: Text
    target_group: Text
    age_group: Text
    opening_hours: Text
    phone_hours: Text
    contact_role: Text
    phone: Phone | None
    sms: Phone | None
    languages: list[str]  # names, in the language of the page

    @property
    def anchor(self) -> str:
        return f"tjeneste-{self.service.pk or self.service.key}"

    @property
    def chat_label(self) -> str:
        return url_label(self.service.chat_url)

    @property
    def web_label(self) -> str:
        return url_label(self.service.web_url)

    @property
    def has_facts(self) -> bool:
        service = self.service
        return bool(
            self.phone_hours
            or self.opening_hours
            or self.target_group
            or self.age_group
            or self.sms
            or service.web_url
            or service.address
            or service.referral_needed is not None
            or service.free is not None
            or self.languages
            or self.contact_role
            or (not service.is_national and service.last_verified)
        )


def url_label(url: str) -> str:
    """An address as people read it: www.leve.no rather than https://www.leve.no/."""
    return url.split("://", 1)[-1].removesuffix("/")


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    entries: list[Entry]


@dataclass(frozen=True)
class LanguageLink:
    code: str
    autonym: str
    attrs: SafeString
    current: bool


@dataclass
class HelpPage:
    organisation: Organisation | None
    language: str  # the content language asked for (or the municipality's)
    page_language: str  # headings and labels: nb, nn or en
    acute: list[Entry] = field(default_factory=list)  # 113, then legevakt
    helplines: list[Entry] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    local: list[Entry] = field(default_factory=list)  # the municipality's own services, by kind and name
    languages: list[LanguageLink] = field(default_factory=list)


def lang_attrs(language: str, page_language: str) -> SafeString:
    if language == page_language:
        return mark_safe("")
    if is_rtl(language):
        return format_html(' lang="{}" dir="rtl"', language)
    return format_html(' lang="{}"', language)


def base_language(service: Service, organisation: Organisation | None) -> str:
    """The language a service's own fields are written in."""
    if service.organisation_id is None or organisation is None:
        return NATIONAL_LANGUAGE
    return organisation.written_language


def localize(
    service: Service,
    translations: Iterable[ServiceTranslation],
    *,
    language: str,
    fallback: str,
    base: str,
    page_language: str,
) -> Entry:
    """Each text in the chosen language if translated, else in the fallback (the municipality's), else as written."""
    by_language = {t.language: t for t in translations}
    preferred = [(code, by_language.get(code)) for code in (language, fallback) if code != base]

    def text(name: str) -> Text:
        for code, translation in preferred:
            value = getattr(translation, name, "") if translation is not None else ""
            if value:
                return Text(value, code, lang_attrs(code, page_language))
        return Text(getattr(service, name), base, lang_attrs(base, page_language))

    texts = {name: text(name) for name in TRANSLATED_FIELDS}
    return Entry(
        service=service,
        phone=Phone(service.phone) if service.phone else None,
        sms=Phone(service.sms) if service.sms else None,
        languages=[str(LANGUAGES[code].name) for code in service.languages if code in LANGUAGES],
        **texts,
    )


def _local_sort_key(entry: Entry) -> tuple[int, str]:
    return (KIND_ORDER.get(entry.service.kind, len(KIND_ORDER)), entry.name.value.lower())


def build_page(
    *,
    organisation: Organisation | None,
    services: Sequence[tuple[Service, Sequence[ServiceTranslation]]],
    language: str,
    page_language: str,
) -> HelpPage:
    """Arrange services (with their translations) into the sections of a help page."""
    fallback = organisation.written_language if organisation is not None else NATIONAL_LANGUAGE
    page = HelpPage(organisation=organisation, language=language, page_language=page_language)
    national_bereaved: list[Entry] = []
    local: list[Entry] = []
    content_languages: set[str] = set()
    for service, translations in services:
        content_languages.update(t.language for t in translations)
        entry = localize(
            service,
            translations,
            language=language,
            fallback=fallback,
            base=base_language(service, organisation),
            page_language=page_language,
        )
        if service.organisation_id is not None:
            local.append(entry)
        elif service.kind == ServiceKind.ACUTE:
            page.acute.append(entry)
        elif service.kind == ServiceKind.BEREAVED:
            national_bereaved.append(entry)
        else:
            page.helplines.append(entry)
    local.sort(key=_local_sort_key)
    page.local = local
    for group in HelpGroup:
        entries = [e for e in local if group in e.service.groups]
        if group == HelpGroup.BEREAVED:
            entries += national_bereaved
        if entries:
            page.groups.append(Group(key=group.value, title=str(group.label), entries=entries))
    page.languages = language_links(content_languages, current=language, page_language=page_language)
    return page


def language_links(content_languages: Iterable[str], *, current: str, page_language: str) -> list[LanguageLink]:
    offered = set(CHROME_LANGUAGES) | set(content_languages) | {current}
    return [
        LanguageLink(code=code, autonym=lang.autonym, attrs=lang_attrs(code, page_language), current=code == current)
        for code, lang in LANGUAGES.items()
        if code in offered
    ]


def _national_order(service: Service) -> tuple[int, str]:
    return (service.order, service.name)


def services_for_page(organisation: Organisation | None) -> list[tuple[Service, list[ServiceTranslation]]]:
    """The national registry and the municipality's own services, with translations: two queries."""
    services = (
        Service.objects.for_help_page(organisation.pk if organisation is not None else None)
        .prefetch_related(Prefetch("translations", queryset=ServiceTranslation.objects.order_by("language")))
        .order_by("order", "name", "pk")
    )
    return [(service, list(service.translations.all())) for service in services]


def help_page(organisation: Organisation | None, *, language: str, page_language: str) -> HelpPage:
    return build_page(
        organisation=organisation,
        services=services_for_page(organisation),
        language=language,
        page_language=page_language,
    )


def directory(organisation: Organisation, *, language: str, page_language: str, group: str = "") -> HelpPage:
    """The municipality's own services, by kind, optionally only those of one help-page group."""
    page = help_page(organisation, language=language, page_language=page_language)
    local = [e for e in page.local if not group or group in e.service.groups]
    page.groups = [
        Group(key=kind.value, title=str(kind.label), entries=[e for e in local if e.service.kind == kind])
        for kind in ServiceKind
        if any(e.service.kind == kind for e in local)
    ]
    return page


def stale_services(today: datetime.date, days: int, *, organisation_id: int | None) -> list[Service]:
    """Entries to check again: the national registry (organisation_id None) or one municipality's directory."""
    services = Service.objects.national() if organisation_id is None else Service.objects.local_to(organisation_id)
    return list(services.stale(today, days).order_by("last_verified", "name"))
