"""A saved session says the language it was played in; older or broken states mean English."""

from __future__ import annotations

import pytest

from bot.languages import saved_locale


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ('{"engine": {}, "discord": {"locale": "pl"}}', "pl"),
        ('{"discord": {"locale": "es-419"}}', "es-ES"),
        ('{"discord": {"status_message_id": 1}}', "en-US"),  # saved before languages
        ('{"discord": {"locale": "zz"}}', "en-US"),
        ('{"discord": []}', "en-US"),
        ("[]", "en-US"),
        ("not json", "en-US"),
    ],
)
def test_saved_locale(state: str, expected: str) -> None:
    assert saved_locale(state) == expected
