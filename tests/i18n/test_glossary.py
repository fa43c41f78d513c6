"""Each language says the quiz words one way everywhere: its glossary, checked on every text.

``i18n/glossary/<babel locale>.yaml`` gives, for each quiz word (attempt, hint, challenge,
streak, badge, review, due, ...), the word a language uses and a ``stem`` that every inflected
form of it contains. Every English text that uses the word (outside ``/commands`` and code
spans) must be translated with a text that contains the stem, so a member never meets two
names for one thing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import i18n
from i18n.catalogs import po_path, read_catalog
from i18n.locales import BABEL_NAMES, SPOKEN

GLOSSARY_DIR = Path(i18n.__file__).resolve().parent / "glossary"
REQUIRED = ("attempt", "hint", "challenge", "streak", "badge", "review", "due")
TRANSLATED = [code for code in SPOKEN if code != "en-US"]

# What the quiz word is not: a command, an option name, code, a placeholder.
_NOT_PROSE = re.compile(r"`[^`]*`|/[a-z]+|\{[^}]*\}|\b[a-z]+:<[^>]*>")


def glossary(code: str) -> dict[str, dict[str, object]]:
    return yaml.safe_load((GLOSSARY_DIR / f"{BABEL_NAMES[code]}.yaml").read_text("utf-8"))


# A list of file keys ("time_limit and attempts", "columns: id, prompt, ..., hint, ...") names
# keys, which stay in English: a run of words joined to a snake_case key is not prose.
_JOIN = r"(?:, | and | or | to )"
_KEY_LIST = re.compile(rf"(?:\b\w+\b{_JOIN})*\b[a-z]+_[a-z_]+\b(?:{_JOIN}\b\w+\b)*")


def prose(text: str) -> str:
    return _KEY_LIST.sub(" ", _NOT_PROSE.sub(" ", text))


def uses(word: str, english: str) -> bool:
    # The noun or verb and its plural ("attempt", "attempts"); "due" alone, not "due to".
    pattern = rf"\b{re.escape(word)}(s|es)?\b" + (r"(?! to\b)" if word == "due" else "")
    return re.search(pattern, prose(english), re.IGNORECASE) is not None


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_language_has_a_glossary_of_the_quiz_words(code: str) -> None:
    entries = glossary(code)
    missing = [word for word in REQUIRED if word not in entries]
    assert not missing, f"{code}: the glossary lacks {missing}"
    for word, entry in entries.items():
        assert entry.get("term"), f"{code}: {word} needs a term"
        assert entry.get("stem"), f"{code}: {word} needs a stem"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_quiz_words_are_translated_the_glossary_s_way(code: str) -> None:
    entries = glossary(code)
    catalog = read_catalog(po_path(code))
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for word, entry in entries.items():
            if not any(uses(word, text) for text in ids):
                continue
            stems = entry["stem"] if isinstance(entry["stem"], list) else [entry["stem"]]
            for text in strings:
                if text and not any(str(s).lower() in text.lower() for s in stems):
                    wrong.append(f"{word!r} in {ids[0]!r}: {text!r}")
    assert not wrong, f"{code}: {len(wrong)} text(s) not using the glossary, first:\n" + (
        "\n".join(wrong[:8])
    )
