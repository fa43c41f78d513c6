"""Keys a translation may copy from its set, as long as they say what the set says.

A translation is often written by copying the set's file and translating its texts; the keys
that are not texts (``id``, ``defaults``, ``estimated_minutes``, the badge's ``emoji``, a
question's ``kind``, ``difficulty``, ``modes``, ``time_limit``, ``attempts``) may then stay,
but only with the set's own values: a translation never changes how a question is played.
"""

from __future__ import annotations

from content import _rules as rules
from content._compose import Node
from content._questions import Defaults, QuestionReader
from content._sets import SetReader
from content.limits import BADGE_EMOJI_MAX, KIND_MAX
from content.model import Difficulty, Mode, Question, QuestionSet, format_duration
from i18n import N_, _

KEPT_SET_KEYS = ("id", "estimated_minutes", "defaults")
KEPT_BADGE_KEYS = ("emoji",)
KEPT_QUESTION_KEYS = ("kind", "difficulty", "modes", "time_limit", "attempts")


class KeptReader(QuestionReader):
    """Check the non-text keys a translation copied from its set."""

    def kept(self, node: Node | None, path: str, key: str, given: object, expected: object) -> None:
        """Record a copied key whose value differs from the set's."""
        if node is None or given is None or given == expected:
            return
        self.error(
            node,
            path,
            key,
            _(
                "is {given}, but the set's is {expected}; a translation keeps the set's "
                "{key} (leave it out, or give the set's value)",
                given=_shown(given),
                expected=_shown(expected),
                key=key,
            ),
        )

    def kept_set_keys(
        self, fields: dict[str, Node], set_id: str | None, base: QuestionSet | None
    ) -> Defaults | None:
        """Check the set-level keys copied; return the copied defaults, if any."""
        id_node = fields.get("id")
        given_id = self.rule(
            rules.identifier, self.word(id_node, "", "id", N_("an id")), id_node, "id"
        )
        if set_id is not None:
            self.kept(id_node, "", "id", given_id, set_id)
        minutes_node = fields.get("estimated_minutes")
        minutes = self.whole_number(
            minutes_node, "", "estimated_minutes", N_("a whole number of minutes")
        )
        if base is not None:
            self.kept(minutes_node, "", "estimated_minutes", minutes, base.estimated_minutes)
        defaults_node = fields.get("defaults")
        return self.defaults(defaults_node) if defaults_node is not None else None

    def defaults(self, node: Node | None) -> Defaults:
        """Return the copied defaults, read by the set reader's rules."""
        return SetReader.defaults(self, node)  # type: ignore[arg-type]

    def kept_badge_emoji(self, node: Node | None, base: QuestionSet | None) -> None:
        """Check a copied badge emoji."""
        emoji = self.text(node, "badge", "emoji", BADGE_EMOJI_MAX)
        if base is not None:
            expected = base.badge.emoji if base.badge is not None else None
            self.kept(node, "badge", "emoji", emoji, expected)

    def kept_question_keys(
        self,
        fields: dict[str, Node],
        path: str,
        original: Question | None,
        defaults: Defaults | None,
    ) -> None:
        """Check the question keys copied from the set's question."""
        get = fields.get
        kind_node = get("kind")
        kind = self.rule(
            rules.kind, self.text(kind_node, path, "kind", KIND_MAX), kind_node, "kind", path
        )
        difficulty_node = get("difficulty")
        difficulty = self.rule(
            rules.difficulty,
            self.word(difficulty_node, path, "difficulty", N_("a difficulty")),
            difficulty_node,
            "difficulty",
            path,
        )
        modes = self.modes(get("modes"), path)
        time_limit = self.time_limit(get("time_limit"), path)
        attempts = self.attempts(get("attempts"), path)
        if original is None:
            return
        self.kept(kind_node, path, "kind", kind, original.kind)
        self.kept(difficulty_node, path, "difficulty", difficulty, original.difficulty)
        self.kept(get("modes"), path, "modes", modes, original.modes)
        if defaults is not None:  # copied defaults: the question's limits as the set has them
            time_limit = time_limit or defaults.time_limit
            attempts = attempts or defaults.attempts
        where = get("id")  # a limit that comes from the copied defaults is reported here
        self.kept(
            get("time_limit") or where,
            path,
            "time_limit",
            format_duration(time_limit) if time_limit is not None else None,
            format_duration(original.time_limit),
        )
        self.kept(get("attempts") or where, path, "attempts", attempts, original.attempts)


def _shown(value: object) -> str:
    """Return a kept value as a report writes it."""
    if isinstance(value, frozenset):
        return "[" + ", ".join(mode.value for mode in Mode if mode in value) + "]"
    if isinstance(value, Difficulty):
        return value.value
    return "none" if value is None else str(value)
