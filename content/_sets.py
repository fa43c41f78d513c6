"""Read a set file's node tree into a QuestionSet, recording every problem on the way."""

from __future__ import annotations

from dataclasses import dataclass

from content import _rules as rules
from content._compose import Mapping, Node
from content._nodes import Keys
from content._questions import Defaults, QuestionReader
from content.limits import (
    BADGE_DESCRIPTION_MAX,
    BADGE_EMOJI_MAX,
    BADGE_NAME_MAX,
    SET_DESCRIPTION_MAX,
    SET_TITLE_MAX,
    SET_TOPIC_MAX,
)
from content.model import (
    DEFAULT_ATTEMPTS,
    DEFAULT_LANGUAGE,
    DEFAULT_TIME_LIMIT,
    Badge,
    Question,
    QuestionSet,
)
from i18n import N_

SET_KEYS = Keys(
    (
        "id",
        "language",
        "title",
        "topic",
        "description",
        "estimated_minutes",
        "badge",
        "defaults",
        "questions",
    ),
    required=("id", "title", "questions"),
)
BADGE_KEYS = Keys(("name", "emoji", "description"), required=("name", "emoji"))
DEFAULTS_KEYS = Keys(("time_limit", "attempts"), required=())


@dataclass(frozen=True, slots=True)
class ReadSet:
    """A valid set and where its id is written, to point at when another file reuses it."""

    question_set: QuestionSet
    id_line: int
    id_column: int


class SetReader(QuestionReader):
    """Read one set file's top-level mapping node."""

    def read(self, root: Mapping) -> ReadSet | None:
        """Return the set, or None when any problem was recorded."""
        before = len(self.errors)
        fields = self.fields(root, "", SET_KEYS, N_("a mapping"))
        if fields is None:
            return None
        get = fields.get
        id_node = get("id")
        set_id = self.rule(
            rules.identifier, self.word(id_node, "", "id", N_("an id")), id_node, "id"
        )
        language = self.language(get("language"))
        title = self.text(get("title"), "", "title", SET_TITLE_MAX)
        topic = self.text(get("topic"), "", "topic", SET_TOPIC_MAX)
        description = self.text(get("description"), "", "description", SET_DESCRIPTION_MAX)
        minutes_node = get("estimated_minutes")
        minutes = self.whole_number(
            minutes_node, "", "estimated_minutes", N_("a whole number of minutes")
        )
        minutes = self.rule(rules.estimated_minutes, minutes, minutes_node, "estimated_minutes")
        badge = self.badge(get("badge"))
        defaults = self.defaults(get("defaults"))
        questions = self.questions(get("questions"), defaults)
        if len(self.errors) != before or id_node is None or set_id is None or title is None:
            return None
        question_set = QuestionSet(
            id=set_id,
            title=title,
            questions=questions,
            topic=topic,
            description=description,
            estimated_minutes=minutes,
            badge=badge,
            language=language or DEFAULT_LANGUAGE,
        )
        line, column = self.errors.position(id_node)
        return ReadSet(question_set, line, column)

    def language(self, node: Node | None) -> str | None:
        """Return the Discord locale the file's texts are written in."""
        code = self.word(node, "", "language", N_("a Discord locale code such as es-ES"))
        return self.rule(rules.locale, code, node, "language")

    def badge(self, node: Node | None) -> Badge | None:
        """Return the set's badge."""
        if node is None:
            return None
        fields = self.fields(
            node, "badge", BADGE_KEYS, N_("a mapping with `name`, `emoji`, `description`")
        )
        if fields is None:
            return None
        name = self.text(fields.get("name"), "badge", "name", BADGE_NAME_MAX)
        emoji_node = fields.get("emoji")
        emoji = self.text(emoji_node, "badge", "emoji", BADGE_EMOJI_MAX)
        emoji = self.rule(rules.emoji, emoji, emoji_node, "emoji", "badge")
        description = self.text(
            fields.get("description"), "badge", "description", BADGE_DESCRIPTION_MAX
        )
        if name is None or emoji is None:
            return None
        return Badge(name=name, emoji=emoji, description=description)

    def defaults(self, node: Node | None) -> Defaults:
        """Return the time limit and attempts of questions that set none."""
        time_limit, attempts = DEFAULT_TIME_LIMIT, DEFAULT_ATTEMPTS
        if node is not None:
            fields = self.fields(
                node, "defaults", DEFAULTS_KEYS, N_("a mapping with `time_limit` and `attempts`")
            )
            if fields is not None:
                time_limit = self.time_limit(fields.get("time_limit"), "defaults") or time_limit
                attempts = self.attempts(fields.get("attempts"), "defaults") or attempts
        return Defaults(time_limit, attempts)

    def questions(self, node: Node | None, defaults: Defaults) -> tuple[Question, ...]:
        """Return the set's questions, recording duplicate ids."""
        items = self.items(node, "", "questions", N_("a list of questions"))
        if items is None:
            return ()
        first_by_id: dict[str, tuple[int, Node]] = {}
        questions = []
        for index, item in enumerate(items):
            question = self.question(item, index, defaults, first_by_id)
            if question is not None:
                questions.append(question)
        return tuple(questions)
