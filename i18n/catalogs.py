"""The gettext catalogs: read from the committed ``.po`` files and compiled in memory.

No build step: each catalog is read with Babel's ``read_po`` the first time its language is
needed, its complete and non-fuzzy translations are compiled with ``write_mo`` into a
``babel.support.Translations`` and cached. A missing, empty, partial or fuzzy translation is
left out, so gettext gives the English source for it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .locales import BABEL_NAMES, DEFAULT_LOCALE, PSEUDO_LOCALE

DOMAIN = "quiz_tutor"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"

_cache: dict[str, NullTranslations] = {}
_overrides: dict[str, Catalog] = {}
_lock = threading.Lock()


def po_path(code: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """Return the ``.po`` file of a spoken Discord locale."""
    return locales_dir / BABEL_NAMES[code] / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a ``.po`` or ``.pot`` file (its Plural-Forms come from the file's header)."""
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def usable(message: Message) -> bool:
    """Tell whether a catalog entry has a complete, reviewed translation."""
    if not message.id or message.fuzzy:
        return False
    if isinstance(message.string, tuple | list):
        return bool(message.string) and all(message.string)
    return bool(message.string)


def compile_catalog(catalog: Catalog) -> Translations:
    """Compile the usable translations of ``catalog`` in memory."""
    kept = Catalog(locale=catalog.locale, domain=DOMAIN, fuzzy=False)
    kept.mime_headers = catalog.mime_headers
    kept._num_plurals, kept._plural_expr = catalog.num_plurals, catalog.plural_expr
    for message in catalog:
        if usable(message):
            kept[message.id] = Message(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, kept, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translations(code: str) -> NullTranslations:
    """Return the compiled translations of a spoken locale, cached (English: none)."""
    found = _cache.get(code)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(code)
        if found is None:
            found = _load(code)
            _cache[code] = found
    return found


def _load(code: str) -> NullTranslations:
    if code in _overrides:
        return compile_catalog(_overrides[code])
    if code == PSEUDO_LOCALE:
        from .pseudo import pseudo_catalog  # noqa: PLC0415  (tests only)

        return compile_catalog(pseudo_catalog())
    if code == DEFAULT_LOCALE or code not in BABEL_NAMES:
        return NullTranslations()
    path = po_path(code)
    if not path.is_file():
        return NullTranslations()
    return compile_catalog(read_catalog(path, BABEL_NAMES[code]))


def reload() -> None:
    """Forget every compiled catalog (they are read again when next needed)."""
    with _lock:
        _cache.clear()


@contextmanager
def overridden(
    code: str, entries: Mapping[str | tuple[str, str], str | tuple[str, ...]]
) -> Iterator[None]:
    """Use a small in-memory catalog for ``code`` inside the block (tests): msgid → msgstr.

    A plural entry is keyed by (singular, plural) and gives one msgstr per plural form of the
    language (Babel's CLDR rule for it).
    """
    catalog = Catalog(locale=BABEL_NAMES.get(code, "en_US"), domain=DOMAIN)
    for msgid, msgstr in entries.items():
        catalog[msgid] = Message(msgid, msgstr)
    previous = _overrides.get(code)
    _overrides[code] = catalog
    reload()
    try:
        yield
    finally:
        if previous is None:
            _overrides.pop(code, None)
        else:
            _overrides[code] = previous
        reload()
