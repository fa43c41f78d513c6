"""Sentences the sessions say, one per mode where the mode's name is in the sentence.

A translator gets each sentence whole (a mode's name may change the words around it);
they are marked with ``N_`` and translated with ``_()`` where they are said.
"""

from __future__ import annotations

from content.model import Mode
from i18n import N_

BUSY_HERE = {
    Mode.PRACTICE: N_(
        "A practice of **{title}** is already running here. "
        "Answer along, or wait until it ends (its starter or a moderator can /stop it)."
    ),
    Mode.CHALLENGE: N_(
        "A challenge of **{title}** is already running here. "
        "Answer along, or wait until it ends (its starter or a moderator can /stop it)."
    ),
    Mode.TEST: N_(
        "A test of **{title}** is already running here. "
        "Answer along, or wait until it ends (its starter or a moderator can /stop it)."
    ),
}

ALREADY_YOURS = {
    # Translators: {channel} is a channel mention.
    Mode.PRACTICE: N_(
        "You already have a practice of **{title}** running in {channel}. "
        "Finish it or use /stop there first."
    ),
    Mode.CHALLENGE: N_(
        "You already have a challenge of **{title}** running in {channel}. "
        "Finish it or use /stop there first."
    ),
    Mode.TEST: N_(
        "You already have a test of **{title}** running in {channel}. "
        "Finish it or use /stop there first."
    ),
}

BUSY_SCHEDULED = {
    # Translators: why a scheduled challenge was skipped, after "was skipped:".
    Mode.PRACTICE: N_("a practice of **{title}** was already running there"),
    Mode.CHALLENGE: N_("a challenge of **{title}** was already running there"),
    Mode.TEST: N_("a test of **{title}** was already running there"),
}

READY_IN_THREAD = {
    # Translators: {thread} is a thread mention.
    "review": N_("Your review of **{title}** is ready in {thread}."),
    Mode.PRACTICE: N_("Your practice of **{title}** is ready in {thread}."),
    Mode.CHALLENGE: N_("Your challenge of **{title}** is ready in {thread}."),
    Mode.TEST: N_("Your test of **{title}** is ready in {thread}."),
}

HAD_TO_END = {
    # Translators: {why} is a sentence saying what went wrong.
    "practice": N_(
        "⚠️ The practice of **{title}** had to end: {why} Every answer given so far is saved."
    ),
    "challenge": N_(
        "⚠️ The challenge of **{title}** had to end: {why} Every answer given so far is saved."
    ),
    "test": N_("⚠️ The test of **{title}** had to end: {why} Every answer given so far is saved."),
}

ENDED = {
    # Translators: {why} is a clause like "the question set was removed".
    "practice": N_(
        "⚠️ The practice of `{set_id}` ended: {why}. Every answer given so far is saved."
    ),
    "challenge": N_(
        "⚠️ The challenge of `{set_id}` ended: {why}. Every answer given so far is saved."
    ),
    "test": N_("⚠️ The test of `{set_id}` ended: {why}. Every answer given so far is saved."),
}

RESULTS_NOT_POSTED = {
    # Translators: {channel} is a channel mention.
    Mode.PRACTICE: N_(
        "🏁 The practice of **{title}** ended, but I couldn't post its results in {channel}."
    ),
    Mode.CHALLENGE: N_(
        "🏁 The challenge of **{title}** ended, but I couldn't post its results in {channel}."
    ),
    Mode.TEST: N_(
        "🏁 The test of **{title}** ended, but I couldn't post its results in {channel}."
    ),
}
