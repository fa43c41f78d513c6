"""A translation as data, and the set it gives once applied to its base set."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from content.model import Code, Question, QuestionSet, Solution


@dataclass(frozen=True, slots=True)
class QuestionTexts:
    """The texts a translation gives one question; None (or empty) keeps the set's own."""

    prompt: str
    options: tuple[str, ...]
    context: str | None = None
    code: Code | None = None
    hint: str | None = None
    solution: Solution | None = None
    takeaway: str | None = None
    common_mistakes: tuple[str, ...] = ()
    feedback: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Translation:
    """A set's texts in another language, by question id; ids and answers are the set's."""

    set_id: str
    language: str
    questions: dict[str, QuestionTexts] = field(hash=False)
    title: str | None = None
    topic: str | None = None
    description: str | None = None
    badge_name: str | None = None
    badge_description: str | None = None


def translate(base: QuestionSet, translation: Translation) -> QuestionSet | None:
    """Return ``base`` with the translation's texts: the same ids, answers, limits and modes.

    None when the translation no longer fits ``base`` (a question or option it does not
    give), so the set's own texts are shown instead.
    """
    questions = []
    for question in base.questions:
        texts = translation.questions.get(question.id)
        if texts is None or len(texts.options) != len(question.options):
            return None
        questions.append(translated_question(question, texts))
    badge = base.badge
    if badge is not None:
        badge = replace(
            badge,
            name=translation.badge_name or badge.name,
            description=translation.badge_description or badge.description,
        )
    return replace(
        base,
        title=translation.title or base.title,
        topic=translation.topic or base.topic,
        description=translation.description or base.description,
        badge=badge,
        questions=tuple(questions),
        language=translation.language,
    )


def translated_question(question: Question, texts: QuestionTexts) -> Question:
    """Return ``question`` with the texts given; the others stay the question's own."""
    feedback = tuple(
        (texts.feedback[index] if index < len(texts.feedback) else None)
        or question.feedback_for(index)
        for index in range(len(question.options))
    )
    return replace(
        question,
        prompt=texts.prompt,
        options=texts.options,
        context=texts.context or question.context,
        code=texts.code or question.code,
        hint=texts.hint or question.hint,
        solution=texts.solution or question.solution,
        takeaway=texts.takeaway or question.takeaway,
        common_mistakes=texts.common_mistakes or question.common_mistakes,
        feedback=feedback if any(feedback) else (),
    )
