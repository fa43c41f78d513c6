"""GIFT's texts: a leading ``[html]``/``[markdown]``/``[plain]``/``[moodle]`` format tag, and
HTML read into the text Discord shows."""

from __future__ import annotations

import re

from content.importers._gift_scan import Run, plain, strip
from content.importers._html import HtmlError, html_to_text
from content.importers._source import Position, tidy

FORMATS = ("html", "markdown", "plain", "moodle")
_HTML_HINT = re.compile(
    r"</?(?:p|br|b|i|u|s|strong|em|code|pre|div|span|ul|ol|li|img|a|sub|sup|h[1-6]|table|tr"
    r"|td|th|font|hr|blockquote)\b[^<>]*>|&(?:[a-z]+|#[0-9]+|#x[0-9a-f]+);",
    re.IGNORECASE,
)


class _Unreadable(ValueError):
    """A text of the question that cannot be read, at ``at``: the question is not drafted."""

    def __init__(self, at: Position, message: str) -> None:
        super().__init__(message)
        self.at = at


def _text(run: Run, default_format: str) -> str:
    """Return an answer or feedback as Discord text, read in its own or the question's format."""
    text_format, text = _format_tag(plain(strip(run)), default_format)
    return _convert(text, text_format, strip(run)[0].at if strip(run) else None)


def _format_tag(text: str, default_format: str) -> tuple[str, str]:
    """Split a leading ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]`` from ``text``."""
    match = re.match(r"\[([a-z]+)\]", text)
    if match is not None and match.group(1) in FORMATS:
        return match.group(1), text[match.end() :].strip()
    return default_format, text


def _convert(text: str, text_format: str, at: Position | None) -> str:
    """Return ``text`` as Discord shows it: HTML read into text, other formats kept.

    Raise _Unreadable, pointed at ``at``, for HTML the parser cannot read.
    """
    try:
        if text_format == "html":
            text = html_to_text(text)
        elif text_format == "moodle" and _HTML_HINT.search(text):
            text = html_to_text(text.replace("\n", "<br>"))
    except HtmlError as error:
        raise _Unreadable(at or Position(1, 1), str(error)) from None
    return tidy(text)
