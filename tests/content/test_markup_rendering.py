"""What Discord shows of an escaped text is what its author wrote (property tests).

``discord_render`` is a small model of Discord's markdown parser (its rules and their order,
after simple-markdown): escapes, fenced and inline code, links, masked links, mentions and
timestamps, bold, italics, underline, strike-through, spoilers, headings, subtext, block quotes
and lists. It returns what a reader sees: plain text, code, or a formatting node. A text
escaped with ``inline`` must come out as the text written, its code spans still code, with no
formatting and no mention.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from content.loader import load_directory
from content.markup import code_span, inline, strong

FENCE = re.compile(r"```(?:[a-z0-9_+\-.#]+?\n)?\n*[^\n][\s\S]*?\n*```", re.IGNORECASE)
CODE = re.compile(r"(`+)[\s\S]*?[^`]\1(?!`)")
URL = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]")
ESCAPE = re.compile(r"\\([^0-9A-Za-z\s])")
BLOCKS = re.compile(r"[ \t]*(?:#{1,3}[ \t]|-#[ \t]|>>>[ \t]|>[ \t]|[*\-+][ \t]|\d+\.[ \t])")
FORMATS = (
    ("masked link", re.compile(r"\[[^\]\n]*\]\([^)\n]*\)")),
    ("mention", re.compile(r"<(?:@[!&]?|#)\d+>|<t:-?\d+(?::[a-zA-Z])?>|<a?:\w+:\d+>|</[^>]+>")),
    ("ping", re.compile(r"@(?:everyone|here)")),
    ("bold", re.compile(r"\*\*((?:\\[\s\S]|[^\\])+?)\*\*(?!\*)")),
    ("underline", re.compile(r"__((?:\\[\s\S]|[^\\])+?)__(?!_)")),
    (
        "italic",
        re.compile(r"\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*"),
    ),
    ("italic", re.compile(r"_((?:__|\\[\s\S]|[^\\_])+?)_")),
    ("strike", re.compile(r"~~([\s\S]+?)~~")),
    ("spoiler", re.compile(r"\|\|([\s\S]+?)\|\|")),
)

Node = tuple[str, object]


def _add_text(nodes: list[Node], text: str) -> None:
    if nodes and nodes[-1][0] == "text":
        nodes[-1] = ("text", str(nodes[-1][1]) + text)
    else:
        nodes.append(("text", text))


def discord_render(markup: str) -> list[Node]:
    """Return what Discord shows of ``markup``: text, code and formatting nodes, in order."""
    nodes: list[Node] = []
    index, line_start = 0, True
    while index < len(markup):
        if line_start:
            line_start = False
            block = BLOCKS.match(markup, index)
            if block:
                nodes.append(("block", block.group()))
                index = block.end()
                continue
        escaped = ESCAPE.match(markup, index)
        if escaped:
            _add_text(nodes, escaped.group(1))
            index = escaped.end()
            continue
        code = FENCE.match(markup, index) or CODE.match(markup, index)
        if code:
            nodes.append(("code", code.group()))
            line_start = code.group().endswith("\n")
            index = code.end()
            continue
        url = URL.match(markup, index)
        if url:
            _add_text(nodes, url.group())
            index = url.end()
            continue
        for name, rule in FORMATS:
            found = rule.match(markup, index)
            if found:
                inner = found.group(1) if rule.groups else found.group()
                nodes.append((name, tuple(discord_render(inner)) if rule.groups else inner))
                index = found.end()
                break
        else:
            line_start = markup[index] == "\n"
            _add_text(nodes, markup[index])
            index += 1
    return nodes


def as_written(text: str) -> list[Node]:
    """Return what the author meant: their code spans as code, everything else as text."""
    nodes: list[Node] = []
    index = 0
    while index < len(text):
        kept = None
        if text[index] == "`":
            kept = FENCE.match(text, index) or CODE.match(text, index)
            if kept:
                nodes.append(("code", kept.group()))
        elif text[index] == "h" and URL.match(text, index):
            kept = re.compile(r"https?://[^\s<]+").match(text, index)
            if kept and text.startswith("<", kept.end()):
                kept = None
            elif kept:
                _add_text(nodes, kept.group())
        if kept:
            index = kept.end()
        else:
            _add_text(nodes, text[index])
            index += 1
    return nodes


PIECES = (
    "__eq__",
    "__hash__",
    "type(...).__name__",
    "snake_case",
    "*",
    "**",
    "_",
    "__",
    "~",
    "~~",
    "|",
    "||",
    "#",
    "## ",
    "-# ",
    "> ",
    ">>> ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "3.14",
    "[x](https://example.com)",
    "](",
    "[",
    "`",
    "``",
    "```",
    "```py\n",
    "`x**2`",
    "`__init__`",
    "\\",
    "\\n",
    "@everyone",
    "@here",
    "@",
    "<@123>",
    "<@&45>",
    "<#67>",
    "<t:1700000000:R>",
    "<:blob:89>",
    "</stop:1>",
    "<",
    ">",
    "https://example.com/__x__",
    "http://a.b/*c*",
    " ",
    "  ",
    "\t",
    "\n",
    "a",
    "word",
    "é",
    ".",
    ":",
    "(",
    ")",
)

texts = st.lists(st.sampled_from(PIECES), max_size=24).map("".join) | st.text(
    alphabet=st.sampled_from("ab_*~|`#>-+1. \n\\[]()<@:hé"), max_size=40
)


@settings(max_examples=600, deadline=None)
@given(texts)
@example("A class defines neither __eq__ nor __hash__")
@example("type(...).__name__ names the class")
@example("Use `__eq__` and ```py\nx = 1\n``` here")
@example("# not a heading\n> not a quote\n- not a list\n2. not a list either")
def test_an_escaped_text_shows_as_written(text: str) -> None:
    assert discord_render(inline(text)) == as_written(text)


@settings(max_examples=600, deadline=None)
@given(texts)
@example("What does `a ** b` return?")
@example("[x](https://example.com)\\")  # a link ending in a backslash, then the closing **
def test_a_bold_text_shows_as_written_in_bold_or_plain(text: str) -> None:
    shown = discord_render(strong(text))
    if not text:
        assert shown == []
    elif len(shown) == 1 and shown[0][0] == "bold":
        assert list(shown[0][1]) == as_written(text)  # type: ignore[call-overload]
    else:
        assert shown == as_written(text)
        escaped = inline(text)
        # "**" in a code span or a link would end bold there; a link's last backslash would
        # escape the closing "**".
        assert "**" in escaped or escaped.endswith("\\")


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["• ", "🇦 ", "> ", "💡 **Hint:** "]))
def test_an_escaped_text_after_a_prefix_adds_no_formatting(text: str, prefix: str) -> None:
    shown = discord_render(prefix + inline(text))
    kinds = {kind for kind, _ in shown}
    assert kinds <= {"text", "code", "block", "bold"}


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_code_span_shows_any_text_as_code(text: str) -> None:
    """A member's set id is quoted back in a code span: one span, the text inside unchanged."""
    shown = discord_render(code_span(text))
    assert len(shown) == 1
    kind, markup = shown[0]
    assert kind == "code"
    markup = str(markup)
    fence = len(markup) - len(markup.lstrip("`"))
    inner = markup[fence:-fence]
    written = text.replace("\n", " ")
    if written.startswith("`") or written.endswith("`"):
        inner = inner[1:-1]  # the spaces that keep the text's own backticks off the fence
    assert inner.replace("\u200b", "") == (written if written.strip() else " ")


def test_the_model_sees_discord_markdown() -> None:
    """The model is not blind: unescaped markdown shows as formatting, mentions as mentions."""
    for markup, kind in [
        ("__eq__", "underline"),
        ("**b**", "bold"),
        ("*i*", "italic"),
        ("~~s~~", "strike"),
        ("||x||", "spoiler"),
        ("[x](https://e.com)", "masked link"),
        ("<@123>", "mention"),
        ("@everyone", "ping"),
        ("# Title", "block"),
        ("> quote", "block"),
        ("- item", "block"),
        ("`code`", "code"),
    ]:
        assert kind in {node[0] for node in discord_render(markup)}, markup
    assert discord_render("type(...).__name__") != as_written("type(...).__name__")


def test_escapes_are_counted_by_the_validator_length() -> None:
    """The dunder names of the data-model set take their escapes: 10 characters for __eq__."""
    assert inline("__eq__") == "\\_\\_eq\\_\\_"
    assert inline("`__eq__`") == "`__eq__`"


def shipped_texts() -> list[str]:
    """Every text of every shipped set that is shown through ``inline``."""
    sets, errors = load_directory(Path(__file__).parents[2] / "content" / "sets")
    assert not errors
    texts: list[str] = []
    for qset in sets:
        texts.extend(t for t in (qset.title, qset.description, qset.topic) if t)
        for question in qset.questions:
            texts.extend([question.prompt, *question.options, *question.common_mistakes])
            texts.extend(t for t in (question.context, question.hint, question.takeaway) if t)
            texts.extend(t for t in question.feedback if t)
            if question.solution is not None:
                for step in question.solution.steps:
                    texts.extend([step.title, step.text])
                texts.extend(
                    [question.solution.quick_check] if question.solution.quick_check else []
                )
    return texts


def test_every_shipped_text_shows_as_written() -> None:
    """The data-model set's dunder names among them: ``__eq__`` shows as ``__eq__``."""
    texts = shipped_texts()
    dunders = [t for t in texts if re.search(r"(?<!`)__\w+__", t)]
    assert len(dunders) > 100
    for text in texts:
        assert discord_render(inline(text)) == as_written(text), text
