"""The public pages of action guides: the list, one guide with its steps, and a print version. Published guides
only; a draft answers 404 to everyone here, also to its own municipality's coordinators (they use the workspace).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from planverk.guides import selectors
from planverk.guides.access import get_public_guide
from planverk.guides.legal import CHECK_THE_LAW, LOVDATA_URL


@require_safe
def guide_list(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("kommune", "")
    municipalities = list(selectors.municipalities_with_public_guides())
    if chosen not in {m.slug for m in municipalities}:
        chosen = ""
    return render(
        request,
        "guides/public/list.html",
        {"guides": selectors.public_guides(chosen), "municipalities": municipalities, "chosen": chosen},
    )


def _guide_page(request: HttpRequest, guide_id: int, template: str) -> HttpResponse:
    guide = get_public_guide(guide_id)
    sections = selectors.guide_sections(guide)
    return render(
        request,
        template,
        {
            "guide": guide,
            "sections": sections,
            "legal_notes": selectors.legal_notes_used(sections),
            "measure": selectors.public_measure(guide),
            "check_the_law": CHECK_THE_LAW,
            "lovdata_url": LOVDATA_URL,
            # Printed at the foot of the paper copy, so a reader finds the current version.
            "page_url": request.build_absolute_uri(reverse("guides:detail", args=[guide.pk])),
        },
    )


@require_safe
def guide_detail(request: HttpRequest, guide_id: int) -> HttpResponse:
    return _guide_page(request, guide_id, "guides/public/detail.html")


@require_safe
def guide_print(request: HttpRequest, guide_id: int) -> HttpResponse:
    return _guide_page(request, guide_id, "guides/public/print.html")
