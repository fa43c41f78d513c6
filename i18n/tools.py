"""``python -m i18n extract|update|check``: keep the catalogs in step with the code.

- ``extract``: read every marked text of bot/, content/ and storage/ into the template
  ``i18n/locales/quiz_tutor.pot`` (what ``pybabel extract`` does, keywords ``_``,
  ``ngettext:1,2``, ``N_`` and discord.py's ``locale_str``).
- ``update``: merge the template into each language's ``.po`` (creating the missing ones, as
  ``pybabel init`` does); English is filled with the source texts.
- ``check``: every catalog complete: no missing, empty or fuzzy translation, the same
  ``{placeholders}`` as the source, every plural form written, and Babel's Plural-Forms.
"""

from __future__ import annotations

import io
import string
from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from .catalogs import DOMAIN, LOCALES_DIR, TEMPLATE, po_path, read_catalog
from .locales import BABEL_NAMES, DEFAULT_LOCALE, SPOKEN

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("bot", "content", "storage")
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "locale_str": None}
METHOD_MAP = [("**.py", "python")]
COMMENT_TAGS = ("Translators:",)
WIDTH = 100


def extract(root: Path = ROOT) -> Catalog:
    """Return the template: every marked text of the sources, in file order."""
    catalog = Catalog(
        project="quiz-tutor", domain=DOMAIN, charset="utf-8", fuzzy=False, locale=None
    )
    for folder in SOURCE_DIRS:
        base = root / folder
        for filename, lineno, message, comments, context in extract_from_dir(
            base,
            METHOD_MAP,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            if not message or (isinstance(message, tuple) and not all(message)):
                continue
            where = f"{folder}/{filename}".replace("\\", "/")
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_lineno=False, sort_output=False)
    text = buffer.getvalue()
    if not path.is_file() or _undated(path.read_bytes()) != _undated(text):
        path.write_bytes(text)  # a new date alone is no change: no churn in the history


def _undated(text: bytes) -> list[bytes]:
    return [line for line in text.splitlines() if not line.startswith(_DATES)]


_DATES = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def write_template(root: Path = ROOT) -> int:
    """Extract into the template file; return how many texts it has."""
    catalog = extract(root)
    _write(root / "i18n" / "locales" / f"{DOMAIN}.pot", catalog)
    return len(catalog)


def new_catalog(template: Catalog, code: str) -> Catalog:
    """Return an empty catalog of ``code`` from the template (what ``pybabel init`` does)."""
    catalog = Catalog(locale=BABEL_NAMES[code], domain=DOMAIN, project="quiz-tutor", fuzzy=False)
    for message in template:
        if message.id:
            catalog[message.id] = Message(
                message.id,
                ("",) * catalog.num_plurals if isinstance(message.id, tuple) else "",
                locations=message.locations,
                flags=message.flags,
                auto_comments=message.auto_comments,
                context=message.context,
            )
    return catalog


def update(locales_dir: Path = LOCALES_DIR, codes: Iterable[str] = SPOKEN) -> list[str]:
    """Merge the template into every catalog (creating missing ones); return the paths."""
    written = []
    for code in codes:
        # read afresh for each: Catalog.update puts the template's own entries in the catalog
        template = read_catalog(TEMPLATE)
        path = po_path(code, locales_dir)
        if path.is_file():
            catalog = read_catalog(path, BABEL_NAMES[code])
            catalog.update(template, update_header_comment=False)
            catalog.obsolete.clear()
        else:
            catalog = new_catalog(template, code)
        if code == DEFAULT_LOCALE:
            _fill_english(catalog)
        _write(path, catalog)
        written.append(str(path))
    return written


def _fill_english(catalog: Catalog) -> None:
    """English is the source language: its catalog says each text as the code writes it."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id[0], message.id[1]
            message.string = (singular, plural)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")


def fields(text: str) -> set[str]:
    """Return the ``{placeholder}`` names of a text; raise ValueError on a stray brace."""
    parsed = string.Formatter().parse(text)
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in parsed if name}


def problems(code: str, locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Return every reason the catalog of ``code`` is not complete and correct."""
    path = po_path(code, locales_dir)
    if not path.is_file():
        return [f"{code}: {path} is missing; run `python -m i18n update`."]
    template = read_catalog(TEMPLATE)
    catalog = read_catalog(path, BABEL_NAMES[code])
    found: list[str] = []
    expected = Locale.parse(BABEL_NAMES[code])
    from babel.messages.plurals import get_plural  # noqa: PLC0415

    plural = get_plural(expected)
    if catalog.num_plurals != plural.num_plurals:
        found.append(
            f"{code}: Plural-Forms says {catalog.num_plurals} forms, CLDR has "
            f"{plural.num_plurals} ({plural.plural_forms}); run `python -m i18n update`."
        )
    for source in template:
        if source.id:
            found.extend(entry_problems(code, catalog, source))
    return found


def entry_problems(code: str, catalog: Catalog, source: Message) -> list[str]:
    label = source.id[0] if isinstance(source.id, tuple) else source.id
    label = f"{code}: {label!r}"
    message = catalog.get(source.id, source.context)
    if message is None:
        return [f"{label} is not in the catalog; run `python -m i18n update`."]
    if message.fuzzy:
        return [f"{label} is marked fuzzy: check the translation and remove the flag."]
    if isinstance(source.id, tuple):
        forms = list(message.string) if isinstance(message.string, tuple | list) else []
        if len(forms) != catalog.num_plurals or not all(forms):
            return [f"{label} needs all {catalog.num_plurals} plural forms."]
        try:
            wanted = fields(source.id[1]) | fields(source.id[0])
        except ValueError:
            return []  # a source with a literal brace is never formatted: nothing to compare
        out = []
        for index, form in enumerate(forms):
            try:
                got = fields(form)
            except ValueError as error:
                out.append(f"{label} form {index}: {error} (write a literal brace as {{{{).")
                continue
            if got - wanted or (wanted - {"n"}) - got:
                out.append(f"{label} form {index} has {sorted(got)}, the source {sorted(wanted)}.")
        return out
    if not message.string:
        return [f"{label} has no translation."]
    try:
        wanted = fields(source.id)
    except ValueError:
        return []  # a source with a literal brace is never formatted: nothing to compare
    try:
        got = fields(message.string)
    except ValueError as error:
        return [f"{label}: {error} (write a literal brace as {{{{)."]
    if got != wanted:
        return [f"{label} has placeholders {sorted(got)}, the source {sorted(wanted)}."]
    return []
