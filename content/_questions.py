"""Read one question of a set file, recording every problem on the way."""

from __future__ import annotations

from dataclasses import dataclass

from content import _rules as rules
from content._compose import Mapping, Node, Scalar
from content._nodes import Keys, describe
from content._reveal import RevealReader
from content.errors import shown
from content.limits import (
    CODE_LANGUAGE_MAX,
    CODE_SOURCE_MAX,
    CODE_SOURCE_MAX_LINES,
    CONTEXT_MAX,
    FIELD_TEXT_MAX,
    HINT_MAX,
    KIND_MAX,
    OPTION_MAX,
    PROMPT_MAX,
    QUESTION_TEXT_MAX,
    REVEAL_TEXT_MAX,
    TAKEAWAY_MAX,
    field_text_lengths,
    question_text_length,
    reveal_text_length,
)
from content.model import (
    MAX_ATTEMPTS,
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_LETTERS,
    Code,
    Difficulty,
    Mode,
    Question,
)
from i18n import N_, _, format_number

QUESTION_KEYS = Keys(
    (
        "id",
        "prompt",
        "context",
        "kind",
        "difficulty",
        "modes",
        "time_limit",
        "attempts",
        "code",
        "options",
        "answer",
        "hint",
        "solution",
        "takeaway",
        "common_mistakes",
        "feedback",
    ),
    required=("id", "prompt", "options", "answer"),
)
CODE_KEYS = Keys(("language", "source"), required=("language", "source"))

ALL_MODES = frozenset(Mode)
_TIME_LIMIT = N_('a time limit in seconds (90) or as "M:SS" ("1:30")')


@dataclass(frozen=True, slots=True)
class Defaults:
    """The time limit and attempts of questions that set none."""

    time_limit: int
    attempts: int


class QuestionReader(RevealReader):
    """Read question nodes into Questions."""

    def time_limit(self, node: Node | None, path: str) -> int | None:
        """Return a time limit in seconds."""
        text = self.word(node, path, "time_limit", _TIME_LIMIT)
        return self.rule(rules.time_limit, text, node, "time_limit", path)

    def attempts(self, node: Node | None, path: str) -> int | None:
        """Return a number of attempts."""
        count = self.whole_number(
            node,
            path,
            "attempts",
            _("a whole number from 1 to {maximum}", maximum=MAX_ATTEMPTS),
        )
        return self.rule(rules.attempts, count, node, "attempts", path)

    def question(
        self,
        node: Node,
        index: int,
        defaults: Defaults,
        first_by_id: dict[str, tuple[int, Node]],
    ) -> Question | None:
        """Return one question, or None when it has any problem."""
        path = f"questions[{index}]"
        before = len(self.errors)
        fields = self.fields(
            node, path, QUESTION_KEYS, N_("a question (a mapping with id, prompt, options, answer)")
        )
        if fields is None:
            return None
        get = fields.get
        id_node = get("id")
        question_id = self.rule(
            rules.identifier, self.word(id_node, path, "id", N_("an id")), id_node, "id", path
        )
        if question_id is not None and id_node is not None:
            self.check_unique_id(question_id, id_node, index, first_by_id)
        prompt = self.text(get("prompt"), path, "prompt", PROMPT_MAX)
        context = self.text(get("context"), path, "context", CONTEXT_MAX)
        kind_node = get("kind")
        kind = self.text(kind_node, path, "kind", KIND_MAX)
        kind = self.rule(rules.kind, kind, kind_node, "kind", path)
        difficulty_node = get("difficulty")
        difficulty_name = self.word(difficulty_node, path, "difficulty", N_("a difficulty"))
        difficulty = self.rule(
            rules.difficulty, difficulty_name, difficulty_node, "difficulty", path
        )
        modes = self.modes(get("modes"), path)
        time_limit = self.time_limit(get("time_limit"), path)
        attempts = self.attempts(get("attempts"), path)
        code = self.code(get("code"), path)
        options, letters = self.options(get("options"), path)
        answer = self.answer(get("answer"), path, letters)
        hint = self.text(get("hint"), path, "hint", HINT_MAX)
        solution = self.solution(get("solution"), path)
        takeaway = self.text(get("takeaway"), path, "takeaway", TAKEAWAY_MAX)
        mistakes = self.common_mistakes(get("common_mistakes"), path)
        feedback = self.feedback(get("feedback"), path, letters, answer)
        if (
            len(self.errors) != before
            or question_id is None
            or prompt is None
            or options is None
            or answer is None
        ):
            return None
        question = Question(
            id=question_id,
            prompt=prompt,
            options=options,
            answer=answer,
            context=context,
            kind=kind,
            difficulty=difficulty or Difficulty.MEDIUM,
            modes=modes or ALL_MODES,
            time_limit=time_limit or defaults.time_limit,
            attempts=attempts or defaults.attempts,
            code=code,
            hint=hint,
            solution=solution,
            takeaway=takeaway,
            common_mistakes=mistakes,
            feedback=feedback,
        )
        self.check_rendered_size(question, node, path)
        return question

    def check_unique_id(
        self, question_id: str, id_node: Node, index: int, first_by_id: dict[str, tuple[int, Node]]
    ) -> None:
        """Record a question id already used by an earlier question of the set."""
        first = first_by_id.setdefault(question_id, (index, id_node))
        if first[1] is not id_node:
            first_index, first_node = first
            self.error(
                id_node,
                f"questions[{index}]",
                "id",
                _(
                    "question id '{question_id}' is already used by questions[{index}] "
                    "on line {line}; ids must be unique in a set",
                    question_id=question_id,
                    index=first_index,
                    line=self.errors.line_of(first_node),
                ),
            )

    def check_rendered_size(self, question: Question, node: Node, path: str) -> None:
        """Record a question or reveal that would not fit in a Discord embed once rendered."""
        length = question_text_length(question)
        if length > QUESTION_TEXT_MAX:
            self.error(
                node,
                path,
                None,
                _(
                    "the question is too long for one Discord message: its prompt, context, code "
                    "and options come to {length} characters once rendered, "
                    "{over} over the limit of {limit}",
                    length=format_number(length),
                    over=format_number(length - QUESTION_TEXT_MAX),
                    limit=format_number(QUESTION_TEXT_MAX),
                ),
            )
        length = reveal_text_length(question)
        if length > REVEAL_TEXT_MAX:
            self.error(
                node,
                path,
                None,
                _(
                    "the answer reveal is too long for one Discord message: the answer, solution, "
                    "quick check, takeaway and common mistakes come to {length} characters "
                    "once rendered, {over} over the limit of {limit}",
                    length=format_number(length),
                    over=format_number(length - REVEAL_TEXT_MAX),
                    limit=format_number(REVEAL_TEXT_MAX),
                ),
            )
        for part, length in field_text_lengths(question):
            if length > FIELD_TEXT_MAX:
                self.error(
                    node,
                    path,
                    part,
                    _(
                        "is {length} characters once rendered for Discord (its markdown "
                        "characters escaped), {over} over the limit of {limit} for one "
                        "embed field",
                        length=format_number(length),
                        over=format_number(length - FIELD_TEXT_MAX),
                        limit=format_number(FIELD_TEXT_MAX),
                    ),
                )

    def modes(self, node: Node | None, path: str) -> frozenset[Mode] | None:
        """Return the modes a question is offered in."""
        items = self.items(node, path, "modes", N_("a list of modes, like `[practice, challenge]`"))
        if items is None:
            return None
        modes_path = f"{path}.modes"
        modes: set[Mode] = set()
        for index, item in enumerate(items):
            self.tick()
            name = self.word(
                item, modes_path, index, N_("a mode (`practice`, `challenge` or `test`)")
            )
            mode = self.rule(rules.mode, name, item, index, modes_path)
            if mode is None:
                continue
            if mode in modes:
                self.error(item, modes_path, index, _("'{mode}' is listed twice", mode=mode))
            modes.add(mode)
        return frozenset(modes)

    def code(self, node: Node | None, path: str) -> Code | None:
        """Return a question's code block."""
        if node is None:
            return None
        code_path = f"{path}.code"
        fields = self.fields(node, code_path, CODE_KEYS, N_("a mapping with language and source"))
        if fields is None:
            return None
        language_node = fields.get("language")
        language = self.text(language_node, code_path, "language", CODE_LANGUAGE_MAX)
        language = self.rule(rules.code_language, language, language_node, "language", code_path)
        source_node = fields.get("source")
        source = self.text(source_node, code_path, "source", CODE_SOURCE_MAX)
        if source_node is not None and source is not None:
            lines = source.count("\n") + 1
            if lines > CODE_SOURCE_MAX_LINES:
                self.error(
                    source_node,
                    code_path,
                    "source",
                    _(
                        "has {lines} lines, {over} over the limit of {limit}",
                        lines=lines,
                        over=lines - CODE_SOURCE_MAX_LINES,
                        limit=CODE_SOURCE_MAX_LINES,
                    ),
                )
                return None
        if language is None or source is None:
            return None
        return Code(language=language, source=source)

    def options(self, node: Node | None, path: str) -> tuple[tuple[str, ...] | None, str]:
        """Return the option texts (None if any is wrong) and the letters the options take."""
        if node is None:
            return None, ""
        options_path = f"{path}.options"
        if type(node) is not Mapping:
            self.wrong_type(
                node, options_path, None, N_("a mapping of letters to answers (A: ..., B: ...)")
            )
            return None, ""
        before = len(self.errors)
        pairs = node.value
        texts: list[str] = []
        letter_by_text: dict[str, str] = {}
        first_keys: dict[str, Scalar] = {}
        misplaced = False
        for index, (key_node, value_node) in enumerate(pairs):
            if index == MAX_OPTIONS:
                self.error(
                    key_node,
                    options_path,
                    None,
                    _(
                        "has {count} options; a question can have at most {maximum} (A to {last})",
                        count=len(pairs),
                        maximum=MAX_OPTIONS,
                        last=OPTION_LETTERS[-1],
                    ),
                )
                break
            expected = OPTION_LETTERS[index]
            if type(key_node) is not Scalar:
                self.error(
                    key_node,
                    options_path,
                    None,
                    _("keys must be letters, not {found}", found=describe(key_node)),
                )
                misplaced = True
                continue
            letter = key_node.value
            first = first_keys.setdefault(letter, key_node)
            if letter != expected and not misplaced:
                misplaced = True
                if first is not key_node:
                    self.duplicate_key(first, key_node, options_path)
                else:
                    self.error(
                        key_node,
                        options_path,
                        letter,
                        _(
                            "option keys must be A, B, C... in order; expected '{expected}' here, "
                            "not '{letter}'",
                            expected=expected,
                            letter=shown(letter),
                        ),
                    )
            text = self.text(value_node, options_path, letter, OPTION_MAX)
            if text is None:
                continue
            first_letter = letter_by_text.setdefault(text, letter)
            if first_letter != letter:
                self.error(
                    value_node,
                    options_path,
                    letter,
                    _(
                        "is the same text as option {letter}; each option must be different",
                        letter=first_letter,
                    ),
                )
            texts.append(text)
        if len(pairs) < MIN_OPTIONS:
            self.error(
                node,
                options_path,
                None,
                _(
                    "has no options; a question needs {minimum} to {maximum} (A, B, ...)",
                    minimum=MIN_OPTIONS,
                    maximum=MAX_OPTIONS,
                )
                if not pairs
                else _(
                    "has only 1 option; a question needs {minimum} to {maximum} (A, B, ...)",
                    minimum=MIN_OPTIONS,
                    maximum=MAX_OPTIONS,
                ),
            )
        letters = OPTION_LETTERS[: min(len(pairs), MAX_OPTIONS)]
        if len(self.errors) != before:
            return None, letters
        return tuple(texts), letters

    def answer(self, node: Node | None, path: str, letters: str) -> int | None:
        """Return the index of the correct option."""
        letter = self.word(node, path, "answer", N_("the letter of the correct option"))
        if node is None or letter is None or not letters:
            return None
        index = letters.find(letter)
        if len(letter) == 1 and index >= 0:
            return index
        fields = {"letter": shown(letter), "options": rules.option_range(letters)}
        if len(letter) == 1 and letter.upper() in letters:
            message = _(
                "'{letter}' is not one of the options {options}; "
                "write the letter in capitals: '{capital}'",
                capital=letter.upper(),
                **fields,
            )
        else:
            message = _("'{letter}' is not one of the options {options}", **fields)
        self.error(node, path, "answer", message)
        return None
