"""How authors' texts are written into Discord markdown: shared by the bot and the validator.

The validator measures a question with the same escaping the bot renders it with, so a text
that passes validation always fits its message.
"""

from __future__ import annotations

_ZERO_WIDTH = "\u200b"
_PAIRED_MARKERS = ("**", "__", "~~", "||", "`")
_BLOCK_STARTS = ("#", ">", "-#", "- #")


def code_block(language: str, source: str) -> str:
    """Fence ``source`` so that backticks inside it can never close the block early."""
    return f"```{language}\n{source.replace('```', '`' + _ZERO_WIDTH + '``')}\n```"


def inline(text: str) -> str:
    """Keep a member- or author-written text from breaking the markup around it.

    Code fences are broken up, a marker (``**``, ``__``, ``~~``, ``||``, a backtick) that is not
    closed within the text is escaped so it cannot run into the next line, and lines that would
    become headings, quotes or subtext are escaped.
    """
    text = text.replace("```", "`" + _ZERO_WIDTH + "`" + _ZERO_WIDTH + "`")
    for marker in _PAIRED_MARKERS:
        if text.count(marker) % 2:
            text = text.replace(marker, "".join("\\" + c for c in marker))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(_BLOCK_STARTS):
            lines[index] = line[: len(line) - len(stripped)] + "\\" + stripped
    return "\n".join(lines)
