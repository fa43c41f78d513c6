"""The ``quiz-tutor`` command line: run, validate, playground."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="quiz-tutor", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="connect to Discord with DISCORD_TOKEN")
    validate = commands.add_parser("validate", help="validate question-set files or folders")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    playground = commands.add_parser("playground", help="try the bot in a simulated Discord")
    playground.add_argument("--set", dest="set_file", metavar="FILE")
    playground.add_argument("--no-browser", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv`` and return its exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        from content.cli import run_validate

        return run_validate(args.paths, out=sys.stdout)
    if args.command == "run":
        from bot.runner import run

        return run()
    from bot.playground import run_playground

    return run_playground(args.set_file, open_browser=not args.no_browser)
