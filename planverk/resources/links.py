"""Is a resource's address still there? One request per link with urllib: HEAD first (no body to download), GET
when the server does not allow HEAD. Redirects are followed (urllib follows up to ten). The result is stored with
QuerySet.update, so a check is neither a change in the history nor a new version a coordinator could collide with.
"""

import datetime
import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from planverk.resources.models import LinkStatus, Resource

USER_AGENT = "Planverk-lenkesjekk/1.0 (ressursbanken; kontroll av lenker)"
DEFAULT_TIMEOUT = 10.0
# Servers that do not implement HEAD answer one of these; they get a GET.
HEAD_REFUSED = (405, 501)
MAX_ERROR_LENGTH = 300
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class LinkResult:
    ok: bool
    error: str = ""
    status: int | None = None


def refuse_internal_address(url: str) -> None:
    """Coordinators type the addresses and the check runs on the server: an address inside the server's own network
    (localhost, private ranges, link-local metadata services) is never fetched, so the check cannot be used to
    probe it. Checked on every redirect too."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise urllib.error.URLError(f"Fant ikke adressen {host}") from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise urllib.error.URLError("Adressen peker inn i et internt nett og blir ikke sjekket")


class _WebRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to public http(s) addresses only: urllib would otherwise follow one to ftp, or inwards."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in WEB_SCHEMES:
            raise urllib.error.HTTPError(newurl, code, "Videresender til en adresse som ikke er http(s)", headers, fp)
        refuse_internal_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_WebRedirectsOnly)


def urlopen(request: urllib.request.Request, *, timeout: float) -> Any:
    """The one place that goes on the network; tests replace it."""
    refuse_internal_address(request.full_url)
    return _opener.open(request, timeout=timeout)


def _request(url: str, method: str, timeout: float) -> int:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    # fetch() lets only http(s) addresses through.
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    with urlopen(request, timeout=timeout) as response:
        return int(response.status)


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> LinkResult:
    """The answer to one address; never raises for network trouble."""
    if urlsplit(url).scheme not in WEB_SCHEMES:
        return LinkResult(ok=False, error="Adressen er ikke http eller https")
    try:
        try:
            status = _request(url, "HEAD", timeout)
        except urllib.error.HTTPError as error:
            if error.code not in HEAD_REFUSED:
                raise
            status = _request(url, "GET", timeout)
    except urllib.error.HTTPError as error:
        return LinkResult(ok=False, error=f"HTTP {error.code} {error.reason}".strip(), status=error.code)
    except TimeoutError:
        return LinkResult(ok=False, error=f"Tidsavbrudd: svarte ikke innen {timeout:g} sekunder")
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return LinkResult(ok=False, error=f"Tidsavbrudd: svarte ikke innen {timeout:g} sekunder")
        return LinkResult(ok=False, error=f"Fikk ikke kontakt: {error.reason}")
    except (http.client.HTTPException, OSError, ValueError) as error:
        return LinkResult(ok=False, error=f"Fikk ikke kontakt: {error.__class__.__name__} {error}".strip())
    return LinkResult(ok=True, status=status)


def check_links(
    resources: Iterable[Resource],
    *,
    now: datetime.datetime,
    timeout: float = DEFAULT_TIMEOUT,
    on_checked: Callable[[Resource, LinkResult], None] | None = None,
) -> list[tuple[Resource, LinkResult]]:
    """Check each resource's address and store the outcome on it; (resource, result) in the order given."""
    results = []
    for resource in resources:
        result = fetch(resource.url, timeout=timeout)
        resource.link_status = LinkStatus.OK if result.ok else LinkStatus.BROKEN
        resource.link_checked_at = now
        resource.link_error = result.error[:MAX_ERROR_LENGTH]
        Resource.objects.filter(pk=resource.pk).update(
            link_status=resource.link_status, link_checked_at=now, link_error=resource.link_error
        )
        results.append((resource, result))
        if on_checked is not None:
            on_checked(resource, result)
    return results
