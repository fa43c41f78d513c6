"""Read a translation file's node tree and check it against the set it translates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from content import _rules as rules
from content._compose import Mapping, Node
from content._kept import KEPT_BADGE_KEYS, KEPT_QUESTION_KEYS, KEPT_SET_KEYS, KeptReader
from content._nodes import Keys
from content._questions import Defaults
from content._translated import QuestionTexts, Translation, translate, translated_question
from content.limits import (
    BADGE_DESCRIPTION_MAX,
    BADGE_NAME_MAX,
    CONTEXT_MAX,
    HINT_MAX,
    PROMPT_MAX,
    SET_DESCRIPTION_MAX,
    SET_TITLE_MAX,
    SET_TOPIC_MAX,
    TAKEAWAY_MAX,
)
from content.model import Question, QuestionSet
from i18n import N_, _

TRANSLATION_KEYS = Keys(
    (
        "translation_of",
        "language",
        "title",
        "topic",
        "description",
        "badge",
        "questions",
        *KEPT_SET_KEYS,
    ),
    required=("translation_of", "language", "questions"),
)
TRANSLATED_BADGE_KEYS = Keys(("name", "description", *KEPT_BADGE_KEYS), required=())
TRANSLATED_QUESTION_KEYS = Keys(
    (
        "id",
        "prompt",
        "context",
        "code",
        "options",
        "answer",
        "hint",
        "solution",
        "takeaway",
        "common_mistakes",
        "feedback",
        *KEPT_QUESTION_KEYS,
    ),
    required=("id", "prompt", "options"),
)

FindSet = Callable[[str], QuestionSet | None]
"""Return the set a translation names by its id, or None when there is no such set."""


@dataclass(frozen=True, slots=True)
class ReadTranslation:
    """A valid translation and the set as it reads in the translation's language."""

    translation: Translation
    translated: QuestionSet
    text: str = ""
    """The file's text, as stored and exported."""


class TranslationReader(KeptReader):
    """Read one translation file's top-level mapping node against the set it translates."""

    def read(self, root: Mapping, find_set: FindSet) -> ReadTranslation | None:
        """Return the translation, or None when any problem was recorded."""
        before = len(self.errors)
        fields = self.fields(root, "", TRANSLATION_KEYS, N_("a mapping"))
        if fields is None:
            return None
        get = fields.get
        of_node = get("translation_of")
        set_id = self.rule(
            rules.identifier,
            self.word(of_node, "", "translation_of", N_("a set id")),
            of_node,
            "translation_of",
        )
        language_node = get("language")
        language = self.rule(
            rules.locale,
            self.word(language_node, "", "language", N_("a Discord locale code such as es-ES")),
            language_node,
            "language",
        )
        base = find_set(set_id) if set_id is not None else None
        if of_node is not None and set_id is not None and base is None:
            self.error(
                of_node,
                "",
                "translation_of",
                _(
                    "there is no set '{set_id}' to translate; load the set first, or check its id",
                    set_id=set_id,
                ),
            )
        if base is not None and language_node is not None and language == base.language:
            self.error(
                language_node,
                "",
                "language",
                _(
                    "is the set's own language ({language}); a translation is in another one",
                    language=language,
                ),
            )
        title = self.text(get("title"), "", "title", SET_TITLE_MAX)
        topic = self.text(get("topic"), "", "topic", SET_TOPIC_MAX)
        description = self.text(get("description"), "", "description", SET_DESCRIPTION_MAX)
        badge_name, badge_description = self.badge_texts(get("badge"), base)
        defaults = self.kept_set_keys(fields, set_id, base)
        questions = self.translated_questions(get("questions"), base, defaults)
        if len(self.errors) != before or set_id is None or language is None or base is None:
            return None
        translation = Translation(
            set_id=set_id,
            language=language,
            questions=questions,
            title=title,
            topic=topic,
            description=description,
            badge_name=badge_name,
            badge_description=badge_description,
        )
        translated = translate(base, translation)
        assert translated is not None, "a checked translation fits its set"
        return ReadTranslation(translation, translated)

    def badge_texts(
        self, node: Node | None, base: QuestionSet | None
    ) -> tuple[str | None, str | None]:
        """Return the badge's translated name and description."""
        if node is None:
            return None, None
        fields = self.fields(
            node, "badge", TRANSLATED_BADGE_KEYS, N_("a mapping with name and description")
        )
        if fields is None:
            return None, None
        name = self.text(fields.get("name"), "badge", "name", BADGE_NAME_MAX)
        description = self.text(
            fields.get("description"), "badge", "description", BADGE_DESCRIPTION_MAX
        )
        self.kept_badge_emoji(fields.get("emoji"), base)
        return name, description

    def translated_questions(
        self, node: Node | None, base: QuestionSet | None, defaults: Defaults | None
    ) -> dict[str, QuestionTexts]:
        """Return each question's texts by id, checked against ``base``'s ids, options, answers."""
        items = self.items(node, "", "questions", N_("a list of questions"))
        if items is None or node is None:
            return {}
        found: dict[str, QuestionTexts] = {}
        seen: dict[str, Node] = {}
        for index, item in enumerate(items):
            read = self.translated_question(item, index, base, seen, defaults)
            if read is not None:
                found[read[0]] = read[1]
        if base is not None:
            missing = [q.id for q in base.questions if q.id not in seen]
            if missing:
                self.error(
                    node,
                    "",
                    "questions",
                    _(
                        "misses questions of the set: {ids}; a translation gives every question",
                        ids=", ".join(missing),
                    ),
                )
        return found

    def translated_question(
        self,
        node: Node,
        index: int,
        base: QuestionSet | None,
        seen: dict[str, Node],
        defaults: Defaults | None,
    ) -> tuple[str, QuestionTexts] | None:
        """Return one question's id and texts, or None when it has any problem."""
        path = f"questions[{index}]"
        before = len(self.errors)
        fields = self.fields(
            node, path, TRANSLATED_QUESTION_KEYS, N_("a question (a mapping with id, prompt, ...)")
        )
        if fields is None:
            return None
        get = fields.get
        id_node = get("id")
        question_id = self.rule(
            rules.identifier, self.word(id_node, path, "id", N_("an id")), id_node, "id", path
        )
        original = self.original(question_id, id_node, path, base, seen)
        self.kept_question_keys(fields, path, original, defaults)
        prompt = self.text(get("prompt"), path, "prompt", PROMPT_MAX)
        context = self.text(get("context"), path, "context", CONTEXT_MAX)
        code = self.code(get("code"), path)
        options_node = get("options")
        options, letters = self.options(options_node, path)
        answer_node = get("answer")
        answer = self.answer(answer_node, path, letters)
        if original is not None:
            self.check_same_key(original, letters, options_node, answer, answer_node, path)
        hint = self.text(get("hint"), path, "hint", HINT_MAX)
        solution = self.solution(get("solution"), path)
        takeaway = self.text(get("takeaway"), path, "takeaway", TAKEAWAY_MAX)
        mistakes = self.common_mistakes(get("common_mistakes"), path)
        if answer is None and answer_node is None and original is not None:
            answer = original.answer  # left out: the set's (a translation never changes it)
        feedback = self.feedback(get("feedback"), path, letters, answer)
        if len(self.errors) != before or question_id is None or prompt is None or not options:
            return None
        texts = QuestionTexts(
            prompt=prompt,
            options=options,
            context=context,
            code=code,
            hint=hint,
            solution=solution,
            takeaway=takeaway,
            common_mistakes=mistakes,
            feedback=feedback,
        )
        if original is not None:
            self.check_rendered_size(translated_question(original, texts), node, path)
        return question_id, texts

    def original(
        self,
        question_id: str | None,
        id_node: Node | None,
        path: str,
        base: QuestionSet | None,
        seen: dict[str, Node],
    ) -> Question | None:
        """Return the set's question this one translates, recording an unknown or repeated id."""
        if question_id is None or id_node is None:
            return None
        first = seen.setdefault(question_id, id_node)
        if first is not id_node:
            self.error(
                id_node,
                path,
                "id",
                _(
                    "question '{question_id}' is already translated on line {line}",
                    question_id=question_id,
                    line=self.errors.line_of(first),
                ),
            )
            return None
        if base is None:
            return None
        original = base.question(question_id)
        if original is None:
            self.error(
                id_node,
                path,
                "id",
                _(
                    "set '{set_id}' has no question '{question_id}'; a translation keeps "
                    "the set's question ids",
                    set_id=base.id,
                    question_id=question_id,
                ),
            )
        return original

    def check_same_key(  # noqa: PLR0917
        self,
        original: Question,
        letters: str,
        options_node: Node | None,
        answer: int | None,
        answer_node: Node | None,
        path: str,
    ) -> None:
        """Record options or an answer that differ from the set's question."""
        if options_node is not None and letters and letters != original.letters:
            self.error(
                options_node,
                path,
                "options",
                _(
                    "has options {given}, but the set's question has {expected}; "
                    "a translation keeps the same options",
                    given=rules.option_range(letters),
                    expected=rules.option_range(original.letters),
                ),
            )
        elif answer_node is not None and answer is not None and answer != original.answer:
            self.error(
                answer_node,
                path,
                "answer",
                _(
                    "is {given}, but the set's answer is {expected}; "
                    "a translation changes only texts, never the answer",
                    given=letters[answer],
                    expected=original.answer_letter,
                ),
            )
