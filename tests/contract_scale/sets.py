"""Question sets at Discord's edges, written as a moderator would upload them."""

from __future__ import annotations

LETTERS = "ABCDEFGHIJ"
NASTY = "@everyone **x** <@&1> ||\u200b` _~"
"""Markdown, mentions and a zero-width space: what a member may put in their name."""
ZERO_WIDTH = "\u200b"


def nasty_name(number: int) -> str:
    """Return a 32-character display name full of markup, pings and zero-width characters."""
    return (f"{number:03d}{NASTY}" + ZERO_WIDTH * 32)[:32]


def wide_question(qid: str, *, attempts: int, option_text: str = "o", prompt: str = "p") -> str:
    """A question with 10 options of 300 characters, a hint and a long worked solution."""
    options = "\n".join(
        f'      {letter}: "{letter} {(option_text * 300)[:298]}"' for letter in LETTERS
    )
    return f"""\
  - id: {qid}
    prompt: "{(prompt * 500)[:500]}"
    attempts: {attempts}
    time_limit: 120
    options:
{options}
    answer: A
    hint: "{"h" * 500}"
    solution:
      steps:
        - title: "{"t" * 100}"
          text: "{"s" * 900}"
        - title: "{"u" * 100}"
          text: "{"v" * 900}"
      quick_check: "{"q" * 300}"
    takeaway: "{"k" * 300}"
    feedback:
      B: "{"f" * 300}"
"""


def small_question(qid: str, prompt: str) -> str:
    return f"""\
  - id: {qid}
    prompt: "{prompt}"
    options:
      A: right
      B: wrong
    answer: A
"""


def wide_set(set_id: str = "wide", *, attempts: int = 9) -> str:
    """One wide question (10 options + hint: 11 reactions), then one small one."""
    return (
        f"id: {set_id}\ntitle: {'W' * 200}\ntopic: {'T' * 100}\n"
        f'badge:\n  name: {"B" * 80}\n  emoji: "🏅"\n  description: {"D" * 200}\n'
        "questions:\n"
        + wide_question("wide-one", attempts=attempts)
        + small_question("small-two", "Pick A, the right one.")
    )


def long_set(questions: int, set_id: str = "long") -> str:
    """A set of ``questions`` small questions with long ids."""
    body = "".join(
        small_question(f"q-{'x' * 50}-{n:04d}", f"Question number {n}: pick A.")
        for n in range(questions)
    )
    return f"id: {set_id}\ntitle: {'L' * 200}\ndescription: {'d' * 1000}\nquestions:\n{body}"
