"""Retake docs/question-form.png and docs/question-preview.png in the playground.

Starts a playground in this process (no classmates, scratch database), opens its page in a
headless Chromium driven over the DevTools protocol (aiohttp, already installed with
discord.py), types ``/sets new id:basics title:Python basics`` in the message box, fills the
question form, screenshots it, submits it and screenshots the private preview.

The form is shown whole: SimCord caps a dialog at 640 px and scrolls it, as Discord does, so
the cap is lifted and the text areas grow to their text for the picture. Nothing else is
changed. Needs a Chromium (Debian: ``apt-get install chromium``), not a project dependency.
Run: ``python docs/screenshots.py [--chromium /usr/bin/chromium] [--out docs]``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.playground.world import PlaygroundOptions, open_playground

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-port=0",
]
WIDTH, HEIGHT = 1100, 1200
FIELDS = {
    "prompt": "What does this print?\n```python\nxs = [1, 2, 3]\nprint(xs[-1])\n```",
    "options": "A) 1 | -1 does not mean the first item\nB) 3\n"
    "C) IndexError | Negative indexes are allowed",
    "answer": "B",
    "hint": "Negative indexes count from the end.",
    "explanation": "Count from the end\nxs[-1] is the last item: 3.",
}
WHOLE_FORM = """
const sheet = document.createElement("style");
sheet.textContent = ".modal-dialog { max-height: none !important; }";
document.head.append(sheet);
for (const t of document.querySelectorAll("textarea.modal-input"))
  if (t.scrollHeight > t.clientHeight) t.style.height = `${t.scrollHeight + 2}px`;
"""
KEYS = {"Enter": 13, "Tab": 9}


class Page:
    """One Chromium tab, spoken to over the DevTools protocol."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.socket.send_json({"id": number, "method": method, "params": params})
        async for message in self.socket:
            reply = json.loads(message.data)
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise RuntimeError("Chromium closed the connection")

    async def js(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def until(self, expression: str, patience: float = 15) -> None:
        for _ in range(int(patience * 10)):
            if await self.js(expression):
                return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"never true: {expression}")

    async def type(self, text: str) -> None:
        for char in text:
            await self.call("Input.dispatchKeyEvent", type="keyDown", key=char, text=char)
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=char)
        await asyncio.sleep(0.4)

    async def press(self, key: str) -> None:
        code = KEYS[key]
        text = "\r" if key == "Enter" else ""
        down = {"key": key, "code": key, "windowsVirtualKeyCode": code, "text": text}
        await self.call("Input.dispatchKeyEvent", type="keyDown", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=key)
        await asyncio.sleep(0.4)

    async def shoot(self, selector: str, path: Path, pad: int = 0, width: int = 0) -> None:
        box = await self.js(
            f"(() => {{ const r = [...document.querySelectorAll({selector!r})].at(-1)"
            ".getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()"
        )
        x, y, w, h = box
        clip = {"x": x, "y": y - pad, "width": min(w, width or w), "height": h + 2 * pad}
        shot = await self.call("Page.captureScreenshot", format="png", clip={**clip, "scale": 1})
        data = base64.b64decode(shot["data"])
        await asyncio.to_thread(path.write_bytes, data)
        print(f"{path} ({len(data) // 1024} KB)")


async def chromium(executable: str, profile: str) -> tuple[asyncio.subprocess.Process, str]:
    """Start Chromium; return it and the DevTools address of its tab."""
    process = await asyncio.create_subprocess_exec(
        executable, *FLAGS, f"--user-data-dir={profile}", "about:blank",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr
    while line := (await process.stderr.readline()).decode():
        if found := re.search(r"ws://127\.0\.0\.1:(\d+)/", line):
            return process, f"http://127.0.0.1:{found.group(1)}"
    raise RuntimeError("Chromium did not start")


async def take(page: Page, url: str, out: Path) -> None:
    await page.call("Page.enable")
    await page.call("Page.setBypassCSP", enabled=True)  # for the style that shows the whole form
    await page.call(
        "Emulation.setDeviceMetricsOverride",
        width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False,
    )  # fmt: skip
    await page.call("Page.navigate", url=url)
    await page.until("!!document.querySelector('#channel-composer-input')")
    await asyncio.sleep(1.5)
    await page.js("document.querySelector('#channel-composer-input').focus()")
    await page.type("/sets new")
    await page.press("Enter")
    await page.type("basics")
    await page.press("Tab")
    await page.type("Python basics")
    await page.press("Enter")
    await page.until("!!document.querySelector('.modal-dialog .modal-input')")
    for name, text in FIELDS.items():
        await page.js(
            f"(() => {{ const e = document.querySelector('.modal-input[name={name}]');"
            f" e.focus(); e.value = {json.dumps(text)};"
            " e.dispatchEvent(new Event('input', {bubbles: true})); e.blur(); })()"
        )
    await page.js(WHOLE_FORM)
    await asyncio.sleep(0.5)
    await page.shoot(".modal-dialog", out / "question-form.png")
    await page.js(
        "[...document.querySelectorAll('.modal-dialog button')]"
        ".find((b) => b.textContent.trim() === 'Submit').click()"
    )
    await page.until("document.querySelectorAll('article.channel-message button').length >= 3")
    await asyncio.sleep(1.5)
    await page.shoot("article.channel-message", out / "question-preview.png", pad=10, width=860)


async def main(executable: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        options = PlaygroundOptions(database=Path(scratch) / "playground.db", classmates=0)
        async with open_playground(options) as playground:
            process, devtools = await chromium(executable, str(Path(scratch) / "profile"))
            try:
                async with aiohttp.ClientSession() as http:
                    async with http.get(f"{devtools}/json/list") as response:
                        tabs = [t for t in await response.json() if t["type"] == "page"]
                    async with http.ws_connect(
                        tabs[0]["webSocketDebuggerUrl"], max_msg_size=0
                    ) as socket:
                        await take(Page(socket), playground.url, out)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    process.terminate()
                await process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.chromium, arguments.out))
