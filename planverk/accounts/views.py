from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


@method_decorator(ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST", block=True), name="post")
@method_decorator(ratelimit(key="post:username", rate=settings.LOGIN_RATE, method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "accounts/ratelimited.html", status=429)
