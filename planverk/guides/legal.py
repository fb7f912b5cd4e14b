"""The fixed texts about legal duties that a guide's steps refer to: one short orientation per duty, with the law
references, kept here in one place so every guide, page and printout says the same thing.

They orient an employee; they are not legal advice. Every text points to the current law on lovdata.no, because
the paragraphs change (the child welfare act was renumbered in 2023) and a stored guide must not go stale silently.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from planverk.guides.models import LegalDuty

LOVDATA_URL = "https://lovdata.no/"


@dataclass(frozen=True)
class LegalNote:
    duty: str
    label: Promise
    summary: Promise
    references: tuple[Promise, ...]


LEGAL_NOTES: dict[str, LegalNote] = {
    LegalDuty.CONFIDENTIALITY: LegalNote(
        duty=LegalDuty.CONFIDENTIALITY,
        label=_("Taushetsplikt"),
        summary=_(
            "Det du får vite om andres helse og personlige forhold i jobben, har du taushetsplikt om. "
            "Taushetsplikten hindrer ikke at du gir opplysninger når personen samtykker, og den viker når loven "
            "pålegger deg å gi opplysninger eller å avverge alvorlig skade."
        ),
        references=(
            _("helsepersonelloven § 21 (helsepersonell)"),
            _("forvaltningsloven § 13 (ansatte i offentlig forvaltning)"),
        ),
    ),
    LegalDuty.DUTY_TO_INFORM: LegalNote(
        duty=LegalDuty.DUTY_TO_INFORM,
        label=_("Opplysningsplikt"),
        summary=_(
            "I noen situasjoner skal du gi opplysninger av eget tiltak, selv om du har taushetsplikt: til "
            "barnevernet når det er alvorlig bekymring for et barns omsorgssituasjon, og for helsepersonell til "
            "politi og brannvesen når det er nødvendig for å avverge alvorlig skade på person."
        ),
        references=(
            _("barnevernsloven § 13-2 og helsepersonelloven § 33 (opplysningsplikt til barnevernet)"),
            _("helsepersonelloven § 31 (varsle nødetatene)"),
        ),
    ),
    LegalDuty.DUTY_TO_AVERT: LegalNote(
        duty=LegalDuty.DUTY_TO_AVERT,
        label=_("Avvergeplikt"),
        summary=_(
            "Alle har plikt til å forsøke å avverge visse alvorlige straffbare handlinger, som drap og grov vold, "
            "ved å varsle politiet eller på annen måte, også når de har taushetsplikt. Selvmord er ikke en "
            "straffbar handling, men fare for liv og helse kan gi rett til å dele opplysninger for å avverge fare."
        ),
        references=(
            _("straffeloven § 196 (plikt til å avverge visse straffbare handlinger)"),
            _("helsepersonelloven § 23 nr. 4 (rett til å gi opplysninger når tungtveiende interesser gjør det rett)"),
        ),
    ),
}

CHECK_THE_LAW = _("Dette er en kort orientering, ikke juridisk rådgivning. Sjekk gjeldende lovtekst på lovdata.no.")


def notes_for(duties: list[str]) -> list[LegalNote]:
    """The notes of a step's duties, in the fixed order of LegalDuty; unknown codes are left out."""
    return [LEGAL_NOTES[duty] for duty in LegalDuty.values if duty in duties]
