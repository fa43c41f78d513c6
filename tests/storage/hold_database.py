"""Hold a SQLite database open like a running bot until stdin closes.

Used by test_storage_guards.py: python hold_database.py DATABASE; prints "open" when it holds it.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from storage import Storage


async def main(path: str) -> None:
    """Open the storage, say so, wait for stdin to close, then close it."""
    storage = await Storage.open(path)
    print("open", flush=True)
    await asyncio.to_thread(sys.stdin.read)
    await storage.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
