"""How fast the playground answers clicks, and whether it loses any.

Starts the playground headless in this process (real-time clock, classmates on) and drives it
through the preview's own HTTP interface, as the page's script does: reactions in practice,
then reactions in a challenge. For each reaction it times the wall clock from sending the
action to the page's published state showing the bot's answer to it:

- practice: a new or changed bot message (the verdict, the solution, the next question);
- challenge: the status line naming you, or the question closing.

An action is lost when the preview rejects it or no answer shows within ``--patience``
seconds. Run: ``python bench/playground.py [--reactions 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.playground.world import Playground, PlaygroundOptions, open_playground
from bot.rendering import option_emoji
from tests.playground.preview_client import PreviewClient, messages

QUESTIONS = 60
TIME_LIMIT = 6


def bench_set() -> str:
    """Return a set of short four-option questions, quick enough for many challenge rounds."""
    lines = [
        "id: bench",
        "title: Bench",
        f"defaults: {{time_limit: {TIME_LIMIT}, attempts: 2}}",
        "questions:",
    ]
    for number in range(QUESTIONS):
        lines += [
            f"  - id: q{number}",
            f"    prompt: Question {number}, which is right?",
            "    options: {A: one, B: two, C: three, D: four}",
            f"    answer: {'ABCD'[number % 4]}",
        ]
    return "\n".join(lines) + "\n"


def bot_view(snapshot: dict[str, Any], bot_id: str) -> str:
    """Return what the bot's messages show, without reactions (those change with clicks)."""
    shown = []
    for message in messages(snapshot):
        if str(message.get("author", {}).get("id")) != bot_id:
            continue
        shown.append({k: v for k, v in message.items() if k in ("id", "content", "embeds")})
    return json.dumps(shown, sort_keys=True, default=str)


class Driver:
    """One page of the preview, reacting and waiting for the bot's answer."""

    def __init__(self, playground: Playground, patience: float) -> None:
        self.playground = playground
        self.client = PreviewClient(playground.url)
        self.patience = patience
        self.bot_id = str(playground.bot.user.id) if playground.bot.user else ""
        self.you = str(playground.you.id)
        self.times: list[float] = []
        self.lost = 0
        self.sent = 0

    def live(self) -> Any:
        return self.playground.bot.sessions.in_channel(self.playground.channel.id)

    async def wait_for(self, predicate: Any, seconds: float) -> dict[str, Any] | None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            state = await self.client.state()
            if predicate(state):
                return state
            await asyncio.sleep(0.01)
        return None

    async def react(self, message_id: int, emoji: str, answered: Any) -> None:
        """React with ``emoji``; time it until ``answered(state_before, state)`` holds."""
        before = await self.client.state()
        self.sent += 1
        started = time.perf_counter()
        try:
            receipt = await self.client._act(
                "set_reaction",
                before["publishedRevision"],
                target_id=str(message_id),
                emoji=emoji,
                reacted=True,
            )
        except OSError as error:  # urllib's timeout included: the page would show nothing
            self.lost += 1
            print(f"  lost: no receipt ({error})")
            return
        if receipt.get("rejected") or receipt.get("settlement") != "settled":
            self.lost += 1
            print(f"  lost: {receipt.get('settlement')} {receipt.get('diagnostics')}")
            return
        shown = await self.wait_for(lambda state: answered(before, state), self.patience)
        if shown is None:
            self.lost += 1
            print("  lost: no answer shown")
            return
        self.times.append((time.perf_counter() - started) * 1000)

    async def practice(self, reactions: int) -> None:
        tried: dict[int, set[int]] = {}
        while reactions > 0:
            live = self.live()
            if live is None:
                await self.client.run_command("practice", set="bench")
                continue
            message_id = live.question_message_id
            question = live.question
            if message_id is None or live.session.round.closed:
                await asyncio.sleep(0.01)
                continue
            used = tried.setdefault(message_id, set())
            option = next(i for i in range(len(question.options)) if i not in used)
            used.add(option)

            def changed(before: dict[str, Any], state: dict[str, Any]) -> bool:
                return bot_view(state, self.bot_id) != bot_view(before, self.bot_id)

            await self.react(message_id, option_emoji(option), changed)
            reactions -= 1

    async def challenge(self, reactions: int) -> None:
        answered_ids: set[int] = set()
        while reactions > 0:
            live = self.live()
            if live is None:
                await self.client.run_command("challenge", set="bench")
                continue
            message_id = live.question_message_id
            if message_id is None or live.session.round.closed or message_id in answered_ids:
                await asyncio.sleep(0.02)
                continue
            answered_ids.add(message_id)
            question = live.question

            def acknowledged(
                before: dict[str, Any], state: dict[str, Any], mid: int = message_id
            ) -> bool:
                for message in messages(state):
                    if str(message.get("author", {}).get("id")) != self.bot_id:
                        continue
                    text = json.dumps(message.get("embeds", []))
                    if "answered" in text and self.you in text:
                        return True
                    if int(message["id"]) > mid and "answer is" in text.lower():
                        return True
                return False

            await self.react(message_id, option_emoji(question.answer), acknowledged)
            reactions -= 1
        if self.live() is not None:
            await self.client.run_command("stop")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(reactions: int, classmates: int, patience: float) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-playground-") as scratch:
        content = Path(scratch) / "content"
        content.mkdir()
        (content / "bench.yaml").write_text(bench_set(), encoding="utf-8")
        options = PlaygroundOptions(
            database=Path(scratch) / "playground.db",
            content_dir=content,
            classmates=classmates,
            seed=1,
        )
        async with open_playground(options) as playground:
            driver = Driver(playground, patience)
            await driver.client.open_page()
            started = time.perf_counter()
            await driver.practice(reactions)
            practice = list(driver.times)
            print(
                f"practice: {len(practice)} answered, median {statistics.median(practice):.0f} ms"
            )
            await driver.challenge(reactions)
            challenge = driver.times[len(practice) :]
            print(
                f"challenge: {len(challenge)} answered, "
                f"median {statistics.median(challenge):.0f} ms"
            )
            print(f"({time.perf_counter() - started:.0f} s in all)")
    times = driver.times
    median = statistics.median(times) if times else float("nan")
    p95 = percentile(times, 0.95) if times else float("nan")
    print(
        f"playground: median {median:.0f} ms; p95 {p95:.0f} ms; lost {driver.lost} of {driver.sent}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reactions", type=int, default=50, help="per mode (default 50)")
    parser.add_argument("--classmates", type=int, default=3)
    parser.add_argument("--patience", type=float, default=10.0, help="seconds before a loss")
    args = parser.parse_args()
    return asyncio.run(run(args.reactions, args.classmates, args.patience))


if __name__ == "__main__":
    raise SystemExit(main())
