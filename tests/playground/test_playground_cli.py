"""``quiz-tutor playground`` from the command line: set validation, SimCord missing, a full run."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path

import pytest

import bot.playground
from bot.cli import main
from tests.playground.preview_client import PreviewClient

BROKEN = Path(__file__).parent.parent / "content" / "broken" / "several-problems.yaml"


def test_a_broken_set_prints_the_validators_errors_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(BROKEN)]) == 1
    expected = capsys.readouterr().out
    assert main(["playground", "--set", str(BROKEN), "--no-browser"]) == 1
    out = capsys.readouterr().out
    assert out == expected
    assert out.startswith(f"{BROKEN}:3:20: estimated_minutes: ")
    assert "http://" not in out


def test_without_simcord_it_explains_how_to_install_it_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bot.playground, "preview_installed", lambda: False)
    assert main(["playground", "--no-browser"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'pip install -e ".[playground]"' in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("flag", "why"),
    [
        (["--classmates", "9"], "must be from 0 to 8, not 9"),
        (["--classmates", "x"], "'x' is not a whole number"),
        (["--port", "70000"], "must be from 0 to 65535, not 70000"),
    ],
)
def test_flags_out_of_range_are_refused(
    flag: list[str], why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["playground", *flag])
    assert exit_.value.code == 2
    assert why in capsys.readouterr().err


def test_it_prints_its_address_and_stops_when_the_page_ends_the_session(
    tmp_path: Path, quick_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "kept.db"
    codes: list[int] = []
    args = ["playground", "--no-browser", "--classmates", "2", "--database", str(database)]
    args += ["--set", str(quick_content / "quick.yaml")]
    run = threading.Thread(target=lambda: codes.append(main(args)))
    run.start()
    out = ""
    deadline = time.monotonic() + 20
    while "Stop with Ctrl-C." not in out and run.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
        out += capsys.readouterr().out
    url = re.search(r"Open (http://127\.0\.0\.1:\d+/#\S+)", out)
    assert url is not None, out
    assert "with 2 simulated classmates (Ada, Grace)" in out
    assert "/challenge set:quick" in out
    assert f"Database: {database} (kept)" in out

    async def end_session() -> None:
        client = PreviewClient(url.group(1))
        await client.open_page()
        await client.close_session()

    asyncio.run(end_session())
    run.join(timeout=20)
    assert not run.is_alive()
    assert codes == [0]
    assert "Playground stopped." in capsys.readouterr().out
    assert database.is_file()


def test_a_database_in_a_missing_folder_is_explained_as_quiz_tutor_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope" / "x.db"
    assert main(["playground", "--no-browser", "--database", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"quiz-tutor playground: --database {missing}: the folder ")
    assert "does not exist. Create it first (the database file itself is created" in err
    assert "damaged" not in err
    assert not missing.parent.exists()
