"""Open storage and a bot's storage, then end without closing either (issue 12).

Used by test_storage_exit.py: python drop_without_close.py FOLDER
Prints "dropped" once both are open and used; the process must then exit by itself.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot import create_bot
from storage import SessionRecord, Storage


async def main(folder: Path) -> None:
    """Open both, write through both, and drop them."""
    storage = await Storage.open(folder / "plain.db")
    await storage.save_session(
        SessionRecord("s1", 1, 2, None, "challenge", "set", 3, "running", None, None, None,
                      "{}", 1.0, 1.0)
    )  # fmt: skip
    bot = create_bot(database=folder / "bot.db", content_dir=None)
    await bot.setup_hook()  # opens the bot's storage and loads the shipped sets
    await bot.storage.put_guild_set(1, "mine", "id: mine\n", 2, 3.0)
    print("dropped", flush=True)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
