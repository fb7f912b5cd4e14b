"""The last good copy of every help page, as plain files under settings.HELP_CACHE_DIR (rule 3 of the domain).

Not Django's cache: the shared cache lives in the database, which is exactly what may be down, and a cache may
evict. These files are only ever replaced by a newer good copy. One file per page and language:
`drammen.html` (the municipality's own language), `drammen.nn.html`, and the same under the kommunenummer
(`3301.html`), so /hjelp/3301/ can be answered without the database too. Writes go to a temporary file that
replaces the old one, so a reader never sees half a page.
"""

import contextlib
import logging
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

_KEY = re.compile(r"[a-z0-9_-]{1,100}")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _directory() -> Path:
    return Path(settings.HELP_CACHE_DIR)


def _path(key: str, language: str) -> Path | None:
    if not _KEY.fullmatch(key) or (language and not _LANGUAGE.fullmatch(language)):
        return None
    return _directory() / (f"{key}.{language}.html" if language else f"{key}.html")


def load(key: str, language: str = "") -> str | None:
    path = _path(key, language)
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        logger.exception("Kunne ikke lese lagret hjelpeside %s", path)
        return None


def save(keys: tuple[str, ...], language: str, html: str) -> None:
    """Keep this copy under each key, writing only what changed. A failure is logged: the page still answers."""
    for key in keys:
        path = _path(key, language)
        if path is None or load(key, language) == html:
            continue
        temporary = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".html")
            with os.fdopen(descriptor, "w", encoding="utf-8") as f:
                f.write(html)
            os.replace(temporary, path)
        except OSError:
            logger.exception("Kunne ikke lagre kopi av hjelpesiden %s", path)
            if temporary:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def stored() -> list[tuple[str, str]]:
    """(key, language) of every stored copy; language "" is the page in the municipality's own language."""
    try:
        names = [p.name for p in _directory().glob("*.html") if not p.name.startswith(".")]
    except OSError:
        return []
    pages = []
    for name in names:
        key, _, language = name.removesuffix(".html").partition(".")
        if _KEY.fullmatch(key) and (not language or _LANGUAGE.fullmatch(language)):
            pages.append((key, language))
    return sorted(pages)
