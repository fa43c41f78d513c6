"""How authors' texts are written into Discord markdown: shared by the bot and the validator.

The validator measures a question with the same escaping the bot renders it with, so a text
that passes validation always fits its message.
"""

from __future__ import annotations

import re

_ZERO_WIDTH = "\u200b"

# Discord's own patterns (its markdown parser's rules), tried where the text is read.
_FENCE = re.compile(r"```(?:[a-z0-9_+\-.#]+?\n)?\n*[^\n][\s\S]*?\n*```", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)[\s\S]*?[^`]\1(?!`)")
_URL = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]")
_URL_RUN = re.compile(r"https?://[^\s<]+")
_LINE_MARK = re.compile(r"[ \t]*(?:[#>\-+]|\d+\.(?=[ \t]))")

_ALWAYS = frozenset("*_~|`[<@")
"""Escaped wherever they stand: emphasis, underline, strike, spoiler, stray backticks, masked
links, mentions, timestamps and custom emojis, ``@everyone``."""
_PLAIN = re.compile(r"[^\\*_~|`\[<@\nh]+")


def code_block(language: str, source: str) -> str:
    """Fence ``source`` so that backticks inside it can never close the block early."""
    return f"```{language}\n{source.replace('```', '`' + _ZERO_WIDTH + '``')}\n```"


def code_span(text: str) -> str:
    """Show ``text`` as inline code: nothing inside a code span is markdown, nothing is escaped.

    Backticks in a row are kept apart by zero-width spaces, so a fence of two always holds; a
    line break becomes a space.
    """
    text = re.sub(r"``+", lambda run: _ZERO_WIDTH.join(run.group()), text.replace("\n", " "))
    fence = "``" if "`" in text else "`"  # three would open a code block
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}" if text.strip() else "` `"


def _escapes_next(text: str, index: int) -> bool:
    """Tell whether Discord would read a backslash before ``text[index]`` as an escape."""
    if index >= len(text):
        return True  # what follows the text (closing ``**``, say) could be escaped
    following = text[index]
    return not (following.isascii() and following.isalnum()) and not following.isspace()


def inline(text: str) -> str:
    """Write an author's or member's text so that Discord shows it exactly as written.

    Inline code spans and fenced code blocks are kept: they are how authors format on purpose.
    Everywhere else, every character Discord would read as markdown is escaped with a
    backslash: ``*``, ``_``, ``~``, ``|``, a backtick that closes no span, ``[`` (masked
    links), ``<`` and ``@`` (mentions, timestamps, custom emojis), and at the start of a line
    ``#``, ``>``, ``-``, ``+`` and ``1.`` (headings, quotes, lists). A backslash is
    doubled where Discord would read it as an escape. Links (``https://…``) are kept as written
    (a link directly followed by ``<`` is not made a link: an escape there would join it).
    The validator measures texts with this function, so its length limits count the escapes.
    """
    out: list[str] = []
    index = 0
    line_start = True
    size = len(text)
    while index < size:
        if line_start:
            line_start = False
            mark = _LINE_MARK.match(text, index)
            if mark:
                out.append(mark.group()[:-1] + "\\" + mark.group()[-1])
                index = mark.end()
                continue
        char = text[index]
        if char == "`":
            kept = _FENCE.match(text, index) or _CODE_SPAN.match(text, index)
            if kept:
                out.append(kept.group())
                line_start = kept.group().endswith("\n")
                index = kept.end()
                continue
        elif char == "h" and _URL.match(text, index):
            run = _URL_RUN.match(text, index)
            assert run is not None
            if text.startswith("<", run.end()):  # its escape would join the link: no link
                scheme = text.index(":", index)
                out.append(text[index:scheme] + "\\:")
                index = scheme + 1
            else:  # Discord links everything up to a space: kept as written
                out.append(run.group())
                index = run.end()
            continue
        elif char == "\n":
            out.append(char)
            index += 1
            line_start = True
            continue
        elif char not in _ALWAYS and char != "\\":
            plain = _PLAIN.match(text, index)
            end = plain.end() if plain else index + 1
            out.append(text[index:end])
            index = end
            continue
        if char in _ALWAYS or (char == "\\" and _escapes_next(text, index + 1)):
            out.append("\\" + char)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def strong(text: str) -> str:
    """Write ``text`` in bold, shown as written; plain when bold could not hold it.

    Discord ends bold at the first ``**``, even one inside a code span, so such a text is not
    wrapped (its code is still shown as code).
    """
    escaped = inline(text)
    # A link ending in a backslash keeps it (links are kept as written): it would escape the
    # closing "**", so such a text is plain too.
    plain = "**" in escaped or not escaped or escaped.endswith("\\")
    return escaped if plain else f"**{escaped}**"
