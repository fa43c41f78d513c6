"""The code fragments of a question's explanations, and the outputs the texts state for them.

The explanations are the solution's steps and quick check, the hint, the takeaway, the common
mistakes and the feedback (``explanations.explanation_texts`` reads the same fields). The
shipped sets mostly write code in plain prose, so a fragment is any of:

- a fenced block or an inline ``code`` span (backticks);
- in the prose outside them, a call: a name or dotted name, optionally after ``await``, with its
  balanced parentheses and any ``.attr``, ``(...)`` or ``[...]`` that follow
  (``next(g)``, ``acc.send(10)``, ``await asyncio.sleep(0)``, ``Cents(1).__radd__(0)``);
- a comprehension or generator expression in brackets (``(n * n for n in data)``);
- an attribute or item followed by a stated outcome (``post.pk is None``), or a bare name
  the question's code binds (``result is "done"``).

A fragment *states an outcome* when the words right after it pair it with a definite value:
``<fragment> returns|gives|is|evaluates to|becomes|equals|->|== <literal>`` (a Python literal:
number, string, list, tuple, dict, True, False, None), ``<fragment> raises <ExceptionName>`` or
``<fragment> prints <literal>``. Anything else after a fragment ("is a coroutine") is prose.
``fragment_runs.py`` runs the fragments; ``fragment_marks.py`` lists those that do not run.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from dataclasses import dataclass

from content.model import Question, Solution
from tests.content_checks.explanations import EXCEPTION

FENCE = re.compile(r"```[\w+-]*\n(.*?)```", re.S)
INLINE = re.compile(r"`([^`\n]+)`")
CALL_START = re.compile(r"(?:\bawait\s+)?(?<![\w.])[A-Za-z_][\w.]*\(")
CHAIN = re.compile(r"\.[A-Za-z_]\w*(?:\([^()]*\))?|\[[^\]\n]*\]|\([^()\n]*\)")
VERB = re.compile(
    r"\s*(?:(?:just|always|still|now|then|also)\s+)?"
    r"(returns|gives|is|evaluates to|becomes|equals|->|→|==|raises|prints)\s+(?=\S)"
)
TOKEN = re.compile(r"-?[A-Za-z_0-9][\w.]*")
ATTRIBUTE = re.compile(r"(?<![\w.(\[])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[[^\]\n]+\])+(?![\w(\[])")
"""An attribute or item (``post.pk``, ``scope["body"]``): a fragment when an outcome follows."""
BARE_NAME = re.compile(r"(?<![\w.\[(\"'])[A-Za-z_]\w*(?![\w(\[.\"'])")
CONDITION = re.compile(r"\b(?:if|elif|while|assert|not)\s+$")
FILE_NAME = re.compile(r"[\w./-]+\.(?:py|yaml|yml|toml|cfg|ini|txt|html|json)")
COMPREHENSION_START = re.compile(r"(?<![\w\])])[\[({]")
COMPREHENSION = re.compile(r"^[\[({][^\n]*\bfor\b[^\n]*\bin\b")
"""A comprehension or generator expression written in the prose: ``(n * n for n in data)``."""
CLOSERS = {"[": "]", "(": ")", "{": "}"}


@dataclass(frozen=True)
class Stated:
    """An outcome the text states for a fragment: ``verb`` and the value as written."""

    verb: str
    written: str

    @property
    def exception(self) -> str | None:
        return self.written if self.verb == "raises" else None

    @property
    def value(self) -> object:
        return ast.literal_eval(self.written)


@dataclass(frozen=True)
class Fragment:
    key: str
    """``set-id/question-id``."""
    where: str
    """The field it stands in: ``step 1``, ``quick check``, ``hint``, ``feedback B``..."""
    source: str
    stated: Stated | None = None
    fenced: bool = False


def explanation_fields(question: Question) -> list[tuple[str, str]]:
    """Every explanation text of ``question``, named by the field it stands in."""
    solution = question.solution or Solution()
    fields = [(f"step {number}", step.text) for number, step in enumerate(solution.steps, 1)]
    fields.append(("quick check", solution.quick_check or ""))
    fields += [("hint", question.hint or ""), ("takeaway", question.takeaway or "")]
    fields += [(f"mistake {n}", text) for n, text in enumerate(question.common_mistakes, 1)]
    fields += [
        (f"feedback {letter}", text)
        for letter, text in zip(question.letters, question.feedback, strict=False)
        if text
    ]
    return [(where, text) for where, text in fields if text]


def fragments_of(key: str, question: Question) -> list[Fragment]:
    """Every code fragment in ``question``'s explanations, in reading order."""
    found = []
    names = code_names(question)
    for where, text in explanation_fields(question):
        for source, stated, fenced in fragments_in(text, names):
            found.append(Fragment(key, where, source, stated, fenced))
    return found


def code_names(question: Question) -> frozenset[str]:
    """The names the question's Python code binds (variables, parameters, functions, classes)."""
    if question.code is None or question.code.language != "python":
        return frozenset()
    try:
        tree = ast.parse(question.code.source.replace("???", "..."))
    except SyntaxError:
        return frozenset()
    return frozenset(
        node.id
        if isinstance(node, ast.Name)
        else node.arg
        if isinstance(node, ast.arg)
        else node.name
        for node in ast.walk(tree)
        if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
        or isinstance(node, ast.arg | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    )


def fragments_in(
    text: str, names: frozenset[str] = frozenset()
) -> list[tuple[str, Stated | None, bool]]:
    """The fragments of one text: (source, stated outcome or None, fenced). A bare name the
    question's code binds (``names``) is a fragment when an outcome follows it."""
    found: list[tuple[str, Stated | None, bool]] = []
    for block in FENCE.findall(text):
        found.append((block.strip("\n"), None, True))
    prose = FENCE.sub(" ", text)
    for match in INLINE.finditer(prose):
        found.append((match.group(1), stated_after(prose, match.end()), False))
    prose = INLINE.sub(lambda match: " " * len(match.group(0)), prose)
    for match in COMPREHENSION_START.finditer(prose):
        end = _balanced_end(prose, match.start())
        if end is not None and COMPREHENSION.search(prose[match.start() : end]):
            found.append((prose[match.start() : end], stated_after(prose, end), False))
            prose = prose[: match.start()] + " " * (end - match.start()) + prose[end:]
    position = 0
    while match := CALL_START.search(prose, position):
        end = _balanced_end(prose, match.end() - 1)
        if end is None:
            position = match.end()
            continue
        while chained := CHAIN.match(prose, end):
            end = chained.end()
        source = prose[match.start() : end]
        found.append((source, stated_after(prose, end), False))
        position = end
    for match in ATTRIBUTE.finditer(prose):
        stated = stated_after(prose, match.end())
        if stated is not None and not FILE_NAME.fullmatch(match.group(0)):
            found.append((match.group(0), stated, False))
    for match in BARE_NAME.finditer(prose):
        stated = stated_after(prose, match.end())
        # Only "<name> is <literal>": "a prints", "it raises", "if x is None:" are prose or code.
        verb = VERB.match(prose, match.end())
        if (
            stated is not None
            and match.group(0) in names
            and verb is not None
            and verb.group(1) in ("is", "==")
            and not CONDITION.search(prose, 0, match.start())
        ):
            found.append((match.group(0), stated, False))
    return found


def stated_after(text: str, end: int) -> Stated | None:
    """The outcome the words at ``text[end:]`` state, or None when they state none."""
    verb = VERB.match(text, end)
    if verb is None:
        return None
    written = _value_at(text, verb.end())
    if written is None:
        return None
    name = verb.group(1)
    if name == "raises":
        return Stated("raises", written) if EXCEPTION.fullmatch(written) else None
    try:
        ast.literal_eval(written)
    except (ValueError, SyntaxError):
        return None
    return Stated("prints" if name == "prints" else "is", written)


def _value_at(text: str, start: int) -> str | None:
    first = text[start]
    if first in CLOSERS or first in "'\"":
        end = _balanced_end(text, start)
        return None if end is None else text[start:end]
    token = TOKEN.match(text, start)
    return token.group(0).rstrip(".") if token else None


def _balanced_end(text: str, start: int) -> int | None:
    """The index just past the bracket or quote opened at ``text[start]``, or None."""
    quote = text[start] if text[start] in "'\"" else None
    if quote:
        end = text.find(quote, start + 1)
        return None if end < 0 else end + 1
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char in "'\"" and depth:
            closing = text.find(char, index + 1)
            if closing > 0 and "\n" not in text[index:closing]:
                index = closing
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def with_stated(question: Question, fragment: Fragment, written: str) -> Question:
    """A copy of ``question`` where ``fragment``'s stated value is written as ``written``."""
    assert fragment.stated is not None
    old = fragment.source
    stated = fragment.stated.written

    def swap(text: str) -> str:
        pattern = re.compile(re.escape(old) + f"({VERB.pattern})" + re.escape(stated))
        return pattern.sub(lambda match: old + match.group(1) + written, text, count=1)

    solution = question.solution or Solution()
    steps = tuple(dataclasses.replace(step, text=swap(step.text)) for step in solution.steps)
    quick = swap(solution.quick_check) if solution.quick_check else None
    return dataclasses.replace(
        question,
        solution=dataclasses.replace(solution, steps=steps, quick_check=quick),
        hint=swap(question.hint) if question.hint else None,
        takeaway=swap(question.takeaway) if question.takeaway else None,
        common_mistakes=tuple(swap(text) for text in question.common_mistakes),
        feedback=tuple(swap(text) if text else text for text in question.feedback),
    )
