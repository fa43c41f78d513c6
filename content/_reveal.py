"""Read what a question reveals after it closes: the solution, mistakes and per-option feedback."""

from __future__ import annotations

from content import _rules as rules
from content._compose import Mapping, Node, Scalar
from content._nodes import Keys, NodeReader, describe
from content.errors import shown
from content.limits import (
    COMMON_MISTAKE_MAX,
    COMMON_MISTAKES_MAX,
    FEEDBACK_MAX,
    QUICK_CHECK_MAX,
    SOLUTION_STEPS_MAX,
    STEP_TEXT_MAX,
    STEP_TITLE_MAX,
)
from content.model import Solution, SolutionStep
from i18n import N_, _

SOLUTION_KEYS = Keys(("steps", "quick_check"), required=())
STEP_KEYS = Keys(("title", "text"), required=("title", "text"))


class RevealReader(NodeReader):
    """Read a question's worked solution, common mistakes and feedback."""

    def solution(self, node: Node | None, path: str) -> Solution | None:
        """Return a question's worked solution."""
        if node is None:
            return None
        solution_path = f"{path}.solution"
        fields = self.fields(
            node, solution_path, SOLUTION_KEYS, N_("a mapping with steps and quick_check")
        )
        if fields is None:
            return None
        if not node.value:
            self.error(node, solution_path, None, _("is empty; give steps, a quick_check, or both"))
            return None
        steps = self.steps(fields.get("steps"), solution_path)
        quick_check = self.text(
            fields.get("quick_check"), solution_path, "quick_check", QUICK_CHECK_MAX
        )
        return Solution(steps=steps or (), quick_check=quick_check)

    def steps(self, node: Node | None, path: str) -> tuple[SolutionStep, ...] | None:
        """Return a solution's steps."""
        items = self.items(node, path, "steps", N_("a list of steps, each with a title and text"))
        if node is None or items is None:
            return None
        if len(items) > SOLUTION_STEPS_MAX:
            self.error(
                node,
                path,
                "steps",
                _(
                    "has {count} steps, {over} over the limit of {limit}",
                    count=len(items),
                    over=len(items) - SOLUTION_STEPS_MAX,
                    limit=SOLUTION_STEPS_MAX,
                ),
            )
            return None
        steps = []
        for index, item in enumerate(items):
            step_path = f"{path}.steps[{index}]"
            fields = self.fields(
                item, step_path, STEP_KEYS, N_("a step (a mapping with title, text)")
            )
            if fields is None:
                continue
            title = self.text(fields.get("title"), step_path, "title", STEP_TITLE_MAX)
            text = self.text(fields.get("text"), step_path, "text", STEP_TEXT_MAX)
            if title is not None and text is not None:
                steps.append(SolutionStep(title=title, text=text))
        return tuple(steps)

    def common_mistakes(self, node: Node | None, path: str) -> tuple[str, ...]:
        """Return a question's common mistakes."""
        items = self.items(node, path, "common_mistakes", N_("a list of texts"))
        if node is None or items is None:
            return ()
        if len(items) > COMMON_MISTAKES_MAX:
            self.error(
                node,
                path,
                "common_mistakes",
                _(
                    "has {count} items, {over} over the limit of {limit}",
                    count=len(items),
                    over=len(items) - COMMON_MISTAKES_MAX,
                    limit=COMMON_MISTAKES_MAX,
                ),
            )
            return ()
        mistakes_path = f"{path}.common_mistakes"
        mistakes = []
        for index, item in enumerate(items):
            mistake = self.text(item, mistakes_path, index, COMMON_MISTAKE_MAX)
            if mistake is not None:
                mistakes.append(mistake)
        return tuple(mistakes)

    def feedback(
        self, node: Node | None, path: str, letters: str, answer: int | None
    ) -> tuple[str | None, ...]:
        """Return the feedback of each wrong option, by option index."""
        if node is None:
            return ()
        feedback_path = f"{path}.feedback"
        if type(node) is not Mapping:
            self.wrong_type(
                node,
                feedback_path,
                None,
                N_("a mapping of wrong options' letters to texts (B: ...)"),
            )
            return ()
        texts: list[str | None] = [None] * len(letters)
        first_keys: dict[str, Scalar] = {}
        for key_node, value_node in node.value:
            self.tick()
            if type(key_node) is not Scalar:
                self.error(
                    key_node,
                    feedback_path,
                    None,
                    _("keys must be letters, not {found}", found=describe(key_node)),
                )
                continue
            letter = key_node.value
            index = letters.find(letter) if len(letter) == 1 else -1
            if index < 0:
                if letters and self.listed(key_node):
                    self.listed_error(
                        key_node,
                        feedback_path,
                        letter,
                        _(
                            "'{letter}' is not one of the options {options}",
                            letter=shown(letter),
                            options=rules.option_range(letters),
                        ),
                    )
                continue
            if index == answer:
                self.error(
                    key_node,
                    feedback_path,
                    letter,
                    _(
                        "'{letter}' is the correct answer; feedback explains why a wrong option is "
                        "wrong (the solution explains the answer)",
                        letter=letter,
                    ),
                )
                continue
            first = first_keys.setdefault(letter, key_node)
            if first is not key_node:
                self.duplicate_key(first, key_node, feedback_path)
                continue
            texts[index] = self.text(value_node, feedback_path, letter, FEEDBACK_MAX)
        return tuple(texts)
