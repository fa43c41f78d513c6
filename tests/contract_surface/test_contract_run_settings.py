"""CONTRACT §1: `quiz-tutor run` without a token, and the settings from the environment and .env."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contract_processes.test_postgres_startup import _run_with
from tests.contract_surface.cli import clean_env, python, quiz_tutor

SHOW_SETTINGS = """\
import json
from bot.settings import load_settings
s = load_settings()
print(json.dumps({
    "token": s.token, "database": str(s.database), "content": str(s.content_dir),
    "guild": s.guild_id,
    "shards": None if s.shards is None else [s.shards.shard_ids, s.shards.count],
    "upload_workers": s.upload_workers,
}))
"""


def _settings(folder: Path, **env: str) -> dict[str, object]:
    done = python("-c", SHOW_SETTINGS, cwd=folder, env=clean_env(**env))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _assert_one_paragraph(text: str) -> None:
    assert "Traceback" not in text
    assert text.strip()
    assert "\n\n" not in text.strip()


def test_entry_point_run_without_token_exits_2_with_one_paragraph(tmp_path: Path) -> None:
    done = quiz_tutor("run", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    _assert_one_paragraph(done.stderr)
    assert "DISCORD_TOKEN" in done.stderr


def test_python_dash_m_bot_without_token_is_the_same(tmp_path: Path) -> None:
    by_module = python("-m", "bot", cwd=tmp_path)
    by_command = quiz_tutor("run", cwd=tmp_path)
    assert (by_module.returncode, by_module.stderr) == (2, by_command.stderr)


def test_a_blank_token_counts_as_no_token(tmp_path: Path) -> None:
    done = quiz_tutor("run", cwd=tmp_path, env=clean_env(DISCORD_TOKEN="   "))
    assert done.returncode == 2
    assert "DISCORD_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert settings["token"] is None
    assert settings["database"] == "quiz-tutor.db"
    assert Path(str(settings["content"])).is_dir()
    assert list(Path(str(settings["content"])).rglob("*.yaml"))  # the shipped sets
    assert settings["guild"] is None
    assert settings["shards"] is None
    assert settings["upload_workers"] == 2


def test_every_setting_is_read_from_a_dot_env_file_in_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DISCORD_TOKEN=abc.def\n"
        "QUIZ_TUTOR_DATABASE=postgresql://u:p@db.example:5432/quiz\n"
        "QUIZ_TUTOR_CONTENT=my-sets\n"
        "QUIZ_TUTOR_GUILD=123456789012345678\n"
        "QUIZ_TUTOR_SHARDS=0-3/8\n"
        "QUIZ_TUTOR_UPLOAD_WORKERS=3\n",
        encoding="utf-8",
    )
    assert _settings(tmp_path) == {
        "token": "abc.def",
        "database": "postgresql://u:p@db.example:5432/quiz",
        "content": "my-sets",
        "guild": 123456789012345678,
        "shards": [[0, 1, 2, 3], 8],
        "upload_workers": 3,
    }


def test_the_environment_wins_over_dot_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QUIZ_TUTOR_SHARDS=0-3/8\nDISCORD_TOKEN=file\n", "utf-8")
    settings = _settings(tmp_path, QUIZ_TUTOR_SHARDS="5/8", DISCORD_TOKEN="env")
    assert settings["shards"] == [[5], 8]
    assert settings["token"] == "env"


def test_dot_env_is_read_for_run_too(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QUIZ_TUTOR_SHARDS=eight\n", encoding="utf-8")
    done = quiz_tutor("run", cwd=tmp_path, env=clean_env(DISCORD_TOKEN="x"))
    assert done.returncode == 2
    assert "QUIZ_TUTOR_SHARDS" in done.stderr
    assert "eight" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QUIZ_TUTOR_SHARDS", "abc"),
        ("QUIZ_TUTOR_SHARDS", "4-3/8"),
        ("QUIZ_TUTOR_SHARDS", "8/8"),
        ("QUIZ_TUTOR_SHARDS", "0/0"),
        ("QUIZ_TUTOR_SHARDS", "0-3"),
        ("QUIZ_TUTOR_SHARDS", "-1/8"),
        ("QUIZ_TUTOR_GUILD", "my-server"),
        ("QUIZ_TUTOR_GUILD", "12.5"),
        ("QUIZ_TUTOR_GUILD", "-5"),
        ("QUIZ_TUTOR_GUILD", "\u00b2"),  # str.isdigit() says yes, int() says no
        ("QUIZ_TUTOR_GUILD", "\u2460"),  # CIRCLED DIGIT ONE: the same
        ("QUIZ_TUTOR_GUILD", "9" * 5000),  # int() refuses texts of over 4,300 digits
        ("QUIZ_TUTOR_SHARDS", "1/" + "9" * 5000),
        ("QUIZ_TUTOR_SHARDS", "9" * 5000 + "-9/9"),
        ("QUIZ_TUTOR_UPLOAD_WORKERS", "0"),
        ("QUIZ_TUTOR_UPLOAD_WORKERS", "17"),
        ("QUIZ_TUTOR_UPLOAD_WORKERS", "1" + "0" * 5000),
        ("QUIZ_TUTOR_UPLOAD_WORKERS", "two"),
    ],
)
def test_bad_setting_values_exit_2_with_a_sentence_naming_the_setting(
    tmp_path: Path, name: str, value: str
) -> None:
    done = quiz_tutor("run", cwd=tmp_path, env=clean_env(DISCORD_TOKEN="x", **{name: value}))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert name in done.stderr


def test_a_dot_env_that_is_not_utf8_gets_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"# caf\xe9 settings\nQUIZ_TUTOR_GUILD=1\n")
    done = quiz_tutor("run", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2
    assert ".env" in done.stderr


@pytest.mark.parametrize("name", ["QUIZ_TUTOR_CONTENT", "QUIZ_TUTOR_DATABASE"])
def test_an_unusable_folder_or_database_is_named_before_connecting(
    tmp_path: Path, name: str
) -> None:
    """A content folder or database path that cannot work is a bad setting value: it should be
    named in the message, not hidden behind a Discord login attempt (or, for content, only
    logged while the bot runs without any set)."""
    missing = tmp_path / "no-such-folder" / ("quiz.db" if name.endswith("DATABASE") else "sets")
    done = quiz_tutor("run", cwd=tmp_path, env=clean_env(DISCORD_TOKEN="x", **{name: str(missing)}))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(missing) in done.stderr or name in done.stderr, done.stderr


def test_a_damaged_sqlite_file_is_named_with_the_setting_that_chose_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "quiz.db"
    damaged.write_bytes(b"this is not a database, just text\n" * 40)
    code, said = _run_with(str(damaged), tmp_path, monkeypatch, capsys)
    assert code == 2
    assert said.startswith(f"quiz-tutor: The database {damaged} cannot be used: ")
    assert said.rstrip().endswith("(quiz-tutor run uses the database QUIZ_TUTOR_DATABASE names.)")
    assert not damaged.with_name("quiz.db.lock").exists()
