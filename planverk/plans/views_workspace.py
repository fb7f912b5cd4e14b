from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planverk.plans import selectors
from planverk.plans.access import plans_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    plans = selectors.plan_list(plans_visible_to(request.user, "edit"))
    return render(request, "workspace/home.html", {"plans": plans})
