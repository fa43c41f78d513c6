"""The ``quiz-tutor`` command line: run, validate, import, db copy, playground."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata

from i18n.locales import SPOKEN, match

DESCRIPTION = (
    "quiz-tutor: a Discord bot that tutors study groups with timed multiple-choice questions. "
    "Try it without Discord: quiz-tutor playground."
)

RUN_SETTINGS = """\
settings (environment variables, or KEY=value lines in a .env file in this folder):
  DISCORD_TOKEN        the bot's token (required)
  QUIZ_TUTOR_DATABASE  a SQLite file or a postgresql:// URL (default: quiz-tutor.db)
  QUIZ_TUTOR_CONTENT   a folder of question-set files (default: the shipped sets)
  QUIZ_TUTOR_GUILD     a server id: register the commands there only, at once
  QUIZ_TUTOR_SHARDS    the shards this process runs, e.g. 0-3/8 (default: all)
  QUIZ_TUTOR_UPLOAD_WORKERS  processes checking uploaded set files, 1 to 16 (default: 2)
"""


def _version() -> str:
    try:
        return metadata.version("quiz-tutor")
    except metadata.PackageNotFoundError:  # run from a source folder that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="quiz-tutor", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"quiz-tutor {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "run",
        help="connect to Discord with DISCORD_TOKEN",
        description="Run the bot on Discord until it is stopped (Ctrl-C or SIGTERM).",
        epilog=RUN_SETTINGS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate = commands.add_parser(
        "validate",
        help="validate set files or folders (GIFT, Aiken, CSV: as import reads them)",
        description="Check set files (YAML, GIFT, Aiken, CSV) and folders of YAML sets, and "
        "translations against their sets. Every mistake is printed as FILE:LINE:COLUMN. "
        "Exit 0 when all are valid, 1 otherwise.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    importer = commands.add_parser(
        "import",
        help="convert GIFT, Aiken or CSV question files into YAML sets",
        description="Convert each file into one YAML set in --out; a file with errors writes "
        "nothing. Exit 0 when every file converted, 1 otherwise.",
    )
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.add_argument(
        "--out", metavar="DIR", default=".", help="folder for the YAML sets (default: here)"
    )
    importer.add_argument(
        "--force", action="store_true", help="replace set files already in the --out folder"
    )
    database = commands.add_parser("db", help="database tools")
    database_commands = database.add_subparsers(dest="db_command", required=True)
    copy = database_commands.add_parser(
        "copy",
        help="copy everything from one database into an empty one",
        description="Copy every table from FROM into TO, SQLite to PostgreSQL or back; stop the "
        "bot first. A TO that already holds data is refused. Prints each table's row count in "
        "both. Exit 0 copied, 1 refused, 2 a database could not be opened.",
    )
    copy.add_argument("source", metavar="FROM", help="a SQLite path or a postgresql:// URL")
    copy.add_argument("target", metavar="TO", help="a SQLite path or a postgresql:// URL")
    playground = commands.add_parser(
        "playground",
        help="try the bot in a simulated Discord",
        description="Run the real bot in a simulated Discord shown in your browser: no account, "
        "token or server needed. Stop with Ctrl-C.",
    )
    playground.add_argument(
        "--set",
        dest="set_file",
        metavar="FILE",
        help="check a set file (YAML, GIFT, Aiken or CSV) or a folder of YAML sets, and add it "
        "to the shipped sets",
    )
    playground.add_argument(
        "--no-browser", action="store_true", help="print the address without opening a browser"
    )
    playground.add_argument(
        "--classmates",
        type=_classmates,
        default=3,
        metavar="N",
        help=f"simulated classmates who answer challenges (0 to {MAX_CLASSMATES}, default 3)",
    )
    playground.add_argument(
        "--port", type=_port, default=0, help="port on 127.0.0.1 (default: any free port)"
    )
    playground.add_argument(
        "--database", metavar="FILE", help="SQLite file to keep (default: a temporary one)"
    )
    playground.add_argument(
        "--locale",
        type=_locale,
        metavar="CODE",
        help="your Discord language and the server's, to see every screen in it: "
        + ", ".join(SPOKEN),
    )
    return parser


MAX_CLASSMATES = 8


def _classmates(text: str) -> int:
    return _bounded(text, 0, MAX_CLASSMATES)


def _locale(text: str) -> str:
    code = match(text.strip())
    if code is None:
        raise argparse.ArgumentTypeError(
            f"the bot does not speak {text!r}; choose one of {', '.join(SPOKEN)}"
        )
    return code


def _port(text: str) -> int:
    return _bounded(text, 0, 65535)


def _bounded(text: str, low: int, high: int) -> int:
    """Parse a whole number from ``low`` to ``high`` for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named in ``argv`` and return its exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        from content.cli import run_validate

        return run_validate(args.paths, out=sys.stdout)
    if args.command == "import":
        from content.importers.cli import run_import

        return run_import(args.files, out_dir=args.out, out=sys.stdout, force=args.force)
    if args.command == "db":
        from storage.copy_cli import run_copy

        return run_copy(args.source, args.target, out=sys.stdout)
    if args.command == "run":
        from bot.runner import run

        return run()
    from bot.playground import run_playground

    return run_playground(
        args.set_file,
        open_browser=not args.no_browser,
        classmates=args.classmates,
        port=args.port,
        database=args.database,
        locale=args.locale,
    )
