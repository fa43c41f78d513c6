"""``python -m i18n extract|update|check [locale...]``: see i18n/tools.py."""

from __future__ import annotations

import sys

from .locales import SPOKEN
from .tools import problems, update, write_template

USAGE = "usage: python -m i18n extract | update | check [locale ...]"


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"extract", "update", "check"}:
        print(USAGE, file=sys.stderr)
        return 2
    command, codes = argv[0], argv[1:] or list(SPOKEN)
    unknown = [c for c in codes if c not in SPOKEN]
    if unknown:
        print(f"unknown locale(s) {', '.join(unknown)}; the bot speaks {', '.join(SPOKEN)}")
        return 2
    if command == "extract":
        print(f"i18n/locales/quiz_tutor.pot: {write_template()} texts")
        return 0
    if command == "update":
        for path in update(codes=codes):
            print(f"updated {path}")
        return 0
    found = [line for code in codes for line in problems(code)]
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) in {len(codes)} catalog(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
