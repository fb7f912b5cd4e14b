from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "JSON-stat 2.0 fra FHIs åpne statistikk-API, eller CSV med overskriften "
            "geo,year,sex,age,count,population (komma eller semikolon mellom feltene)."
        ),
    )
    source = forms.CharField(
        label=_("Kilde"),
        max_length=300,
        required=False,
        help_text=_(
            "For eksempel «FHI, Dødsårsaksregisteret, uttrekk mars 2026». Tomt: kilden i filen, eller filnavnet."
        ),
    )
    note = forms.CharField(
        label=_("Merknad"),
        max_length=300,
        required=False,
        help_text=_("Vises sammen med tallene, for eksempel «Demoverdier, ikke offisielle tall»."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.STATS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen er for stor; største tillatte er %(max)s MB.") % {"max": round(limit / 1_048_576, 1)}
            )
        # Read no more than the limit, whatever the upload claims its size is.
        content = upload.read(limit + 1)
        if len(content) > limit:
            raise forms.ValidationError(
                _("Filen er for stor; største tillatte er %(max)s MB.") % {"max": round(limit / 1_048_576, 1)}
            )
        self.cleaned_data["content"] = content
        return upload
