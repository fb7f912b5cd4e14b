"""The link check, with the network replaced: HEAD first, GET when HEAD is not allowed, timeouts and dead links
reported and stored; the command prints its progress and the dead links and ends with exit code 0."""

import datetime
import urllib.error
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from planverk.resources import links
from planverk.resources.models import LinkStatus, Resource
from tests.resources.conftest import add_resource

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


class FakeResponse:
    def __init__(self, status: int = 200) -> None:
        self.status = status

    def __enter__(self) -> "FakeResponse":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def http_error(url: str, code: int, reason: str) -> urllib.error.HTTPError:
    return urllib.error.HTTPError(url, code, reason, {}, None)  # type: ignore[arg-type]


def network(answers: dict[tuple[str, str], Any]) -> tuple[Any, list[tuple[str, str, float]]]:
    """A stand-in for links.urlopen: answers by (method, url); an exception in the table is raised."""
    calls: list[tuple[str, str, float]] = []

    def urlopen(request: Any, *, timeout: float) -> FakeResponse:
        calls.append((request.get_method(), request.full_url, timeout))
        assert request.get_header("User-agent", "").startswith("Planverk")
        answer = answers[(request.get_method(), request.full_url)]
        if isinstance(answer, BaseException):
            raise answer
        return FakeResponse(answer)

    return urlopen, calls


def test_a_working_link_is_checked_with_head_only():
    urlopen, calls = network({("HEAD", "https://ok.example.no/"): 200})
    with mock.patch.object(links, "urlopen", urlopen):
        result = links.fetch("https://ok.example.no/", timeout=3)
    assert result == links.LinkResult(ok=True, status=200)
    assert calls == [("HEAD", "https://ok.example.no/", 3)]


def test_a_missing_page_is_broken_with_the_http_status():
    url = "https://example.no/borte"
    urlopen, _calls = network({("HEAD", url): http_error(url, 404, "Not Found")})
    with mock.patch.object(links, "urlopen", urlopen):
        result = links.fetch(url)
    assert (result.ok, result.status, result.error) == (False, 404, "HTTP 404 Not Found")


@pytest.mark.parametrize("refusal", [405, 501])
def test_a_server_that_refuses_head_gets_a_get(refusal):
    url = "https://nohead.example.no/"
    urlopen, calls = network({("HEAD", url): http_error(url, refusal, "Nope"), ("GET", url): 200})
    with mock.patch.object(links, "urlopen", urlopen):
        result = links.fetch(url)
    assert result.ok
    assert [method for method, _url, _timeout in calls] == ["HEAD", "GET"]


def test_a_get_after_head_can_still_find_the_page_gone():
    url = "https://nohead.example.no/borte"
    urlopen, _calls = network(
        {("HEAD", url): http_error(url, 405, "Method Not Allowed"), ("GET", url): http_error(url, 410, "Gone")}
    )
    with mock.patch.object(links, "urlopen", urlopen):
        assert links.fetch(url).error == "HTTP 410 Gone"


@pytest.mark.parametrize("timeout", [TimeoutError("timed out"), urllib.error.URLError(TimeoutError("timed out"))])
def test_a_server_that_does_not_answer_in_time_is_broken(timeout):
    url = "https://slow.example.no/"
    urlopen, _calls = network({("HEAD", url): timeout})
    with mock.patch.object(links, "urlopen", urlopen):
        result = links.fetch(url, timeout=2)
    assert not result.ok
    assert result.error == "Tidsavbrudd: svarte ikke innen 2 sekunder"


def test_a_host_that_does_not_exist_is_broken():
    url = "https://finnes-ikke.example.no/"
    urlopen, _calls = network({("HEAD", url): urllib.error.URLError("Name or service not known")})
    with mock.patch.object(links, "urlopen", urlopen):
        assert links.fetch(url).error == "Fikk ikke kontakt: Name or service not known"


def test_only_web_addresses_are_fetched():
    with mock.patch.object(links, "urlopen", side_effect=AssertionError("no request")):
        assert not links.fetch("file:///etc/passwd").ok


def test_a_redirect_to_something_other_than_the_web_is_not_followed():
    handler = links._WebRedirectsOnly()
    request = mock.Mock()
    with pytest.raises(urllib.error.HTTPError):
        handler.redirect_request(request, None, 302, "Found", {}, "ftp://example.no/fil")


def test_the_result_is_stored_without_a_new_version_or_history_entry(drammen):
    resource = add_resource(drammen, url="https://example.no/borte")
    urlopen, _calls = network({("HEAD", resource.url): http_error(resource.url, 404, "Not Found")})
    with mock.patch.object(links, "urlopen", urlopen):
        links.check_links([resource], now=NOW)
    stored = Resource.objects.get(pk=resource.pk)
    assert (stored.link_status, stored.link_checked_at, stored.link_error) == (
        LinkStatus.BROKEN,
        NOW,
        "HTTP 404 Not Found",
    )
    assert stored.version == 1
    assert Resource.history.filter(id=resource.pk).count() == 1


def test_the_command_reports_progress_and_the_dead_links(drammen):
    Resource.objects.exclude(organisation=drammen).delete()
    Resource.objects.filter(organisation=drammen).delete()
    fine = add_resource(drammen, title="Virker fint", url="https://ok.example.no/")
    dead = add_resource(drammen, title="Borte vekk", url="https://example.no/borte")
    slow = add_resource(None, title="Treg nasjonal", url="https://slow.example.no/")
    urlopen, calls = network(
        {
            ("HEAD", fine.url): 200,
            ("HEAD", dead.url): http_error(dead.url, 404, "Not Found"),
            ("HEAD", slow.url): TimeoutError("timed out"),
        }
    )
    out = StringIO()
    with mock.patch.object(links, "urlopen", urlopen):
        call_command("check_resource_links", "--timeout", "4", stdout=out)  # no CommandError: exit code 0
    text = out.getvalue()
    assert "Sjekker 3 lenker" in text
    assert "1/3 virker: https://ok.example.no/" in text
    assert "2/3 VIRKER IKKE (HTTP 404 Not Found): https://example.no/borte" in text
    assert "Ferdig: 1 virker, 2 virker ikke." in text
    report = text.split("Døde lenker:")[1]
    assert "Borte vekk (Drammen): https://example.no/borte – HTTP 404 Not Found" in report
    assert "Treg nasjonal (nasjonal)" in report and "Virker fint" not in report
    assert {timeout for _method, _url, timeout in calls} == {4.0}
    statuses = dict(Resource.objects.values_list("title", "link_status"))
    assert statuses == {"Virker fint": "ok", "Borte vekk": "broken", "Treg nasjonal": "broken"}


def test_the_command_can_check_one_municipality(drammen):
    own = add_resource(drammen, title="Drammens lenke", url="https://ok.example.no/drammen")
    urlopen, calls = network(
        {("HEAD", url): 200 for url in Resource.objects.filter(organisation=drammen).values_list("url", flat=True)}
    )
    out = StringIO()
    with mock.patch.object(links, "urlopen", urlopen):
        call_command("check_resource_links", "--organisation", drammen.number, stdout=out)
    assert {url for _method, url, _timeout in calls} == set(
        Resource.objects.filter(organisation=drammen).values_list("url", flat=True)
    )
    assert own.url in {url for _method, url, _timeout in calls}
    assert "Døde lenker" not in out.getvalue()


def test_an_unknown_organisation_number_is_an_error():
    with pytest.raises(CommandError, match="9999"):
        call_command("check_resource_links", "--organisation", "9999", stdout=StringIO())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        "http://10.0.0.5/intern",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # a cloud metadata service
        "http://[::1]/",
    ],
)
def test_an_address_inside_the_servers_own_network_is_never_fetched(url):
    # The real links.urlopen: these addresses resolve without the network, and the check stops before connecting.
    with mock.patch.object(links._opener, "open") as opened:
        result = links.fetch(url, timeout=1)
    assert not opened.called
    assert not result.ok
    assert "internt nett" in result.error


def test_a_redirect_inwards_is_not_followed():
    handler = links._WebRedirectsOnly()
    with pytest.raises(urllib.error.URLError, match="internt nett"):
        handler.redirect_request(None, None, 302, "Found", {}, "http://127.0.0.1/")
