"""The /progress chart: a PNG of the stated size, drawn from the data, never overflowing."""

from __future__ import annotations

import io
import random
import threading

import pytest
from PIL import Image, ImageColor

import bot.stats.charts
import i18n
from bot.fonts import FontChain, default_chain
from bot.stats.charts import (
    BACKGROUND,
    BAR,
    BAR_TODAY,
    HEIGHT,
    MONDAY_OFFSET,
    SET_COLOURS,
    WEEK_SECONDS,
    WIDTH,
    ProgressChartData,
    SetWeek,
    _cumulative,
    _top_sets,
    render_progress_chart,
    week_of,
    weekly_counts,
)

MONDAY = 1_717_372_800.0
"""2024-06-03 00:00 UTC."""
NOW = MONDAY + 12 * 3600
ACCURACY_PLOT = (66, 94, 479, 319)
FORECAST_PLOT = (510, 100, 775, 315)
NO_FORECAST = (0,) * 14


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.convert("RGB")


def _count(image: Image.Image, box: tuple[int, int, int, int], colour: str) -> int:
    """Return how many pixels of ``box`` are exactly ``colour``."""
    wanted = ImageColor.getrgb(colour)
    colours = image.crop(box).getcolors(maxcolors=1 << 20) or []
    return sum(count for count, rgb in colours if rgb == wanted)


def _answers(sets: int, count: int, seed: int = 1) -> list[tuple[str, float, bool]]:
    rng = random.Random(seed)
    return [
        (f"set-{rng.randrange(sets)}", NOW - rng.random() * 20 * WEEK_SECONDS, rng.random() < 0.7)
        for _ in range(count)
    ]


def _render(
    answers: list[tuple[str, float, bool]], forecast: tuple[int, ...] = NO_FORECAST
) -> Image.Image:
    data = ProgressChartData(weekly_counts(answers), forecast, NOW, "Progress of Ada")
    return _image(render_progress_chart(data))


def _outside_panels_is_background(image: Image.Image) -> bool:
    """Below the panels, between them and at the sides nothing is drawn."""
    strips = [(0, 437, WIDTH, HEIGHT), (489, 52, 499, HEIGHT), (0, 52, 15, HEIGHT)]
    strips.append((785, 52, WIDTH, HEIGHT))
    return all(
        _count(image, box, BACKGROUND) == (box[2] - box[0]) * (box[3] - box[1]) for box in strips
    )


def test_a_valid_png_of_the_stated_size() -> None:
    image = _render(_answers(3, 200), (4, 0, 2, *[1] * 11))
    assert image.size == (WIDTH, HEIGHT) == (800, 450)
    assert image.getpixel((5, 440)) == ImageColor.getrgb(BACKGROUND)


def test_a_member_with_no_answers_gets_empty_panels() -> None:
    image = _render([])
    assert image.size == (WIDTH, HEIGHT)
    for colour in (*SET_COLOURS, BAR, BAR_TODAY):
        assert _count(image, (0, 0, WIDTH, HEIGHT), colour) == 0, colour
    assert _outside_panels_is_background(image)


def test_one_set_draws_one_line_in_the_first_colour() -> None:
    image = _render(_answers(1, 300))
    assert _count(image, ACCURACY_PLOT, SET_COLOURS[0]) > 200
    for colour in SET_COLOURS[1:]:
        assert _count(image, ACCURACY_PLOT, colour) == 0


def test_thirty_sets_show_five_and_stay_inside_their_panel() -> None:
    answers = _answers(30, 3_000)
    image = _render(answers)
    for colour in SET_COLOURS:
        assert _count(image, ACCURACY_PLOT, colour) > 50, colour
    assert _outside_panels_is_background(image)
    shown, hidden = _top_sets(weekly_counts(answers))
    assert (len(shown), hidden) == (5, 25)


def test_ten_thousand_answers() -> None:
    answers = _answers(9, 10_000)
    weeks = weekly_counts(answers)
    assert sum(row.answers for row in weeks) == 10_000
    assert sum(row.correct for row in weeks) == sum(correct for _, _, correct in answers)
    image = _render(answers, (23, 14, 11, 10, 5, 10, 7, 15, 0, 25, 0, 3, 9, 0))
    assert _count(image, ACCURACY_PLOT, SET_COLOURS[4]) > 50
    assert _outside_panels_is_background(image)


def test_forecast_bars_today_highlighted() -> None:
    image = _render([], (5, 0, 0, 3, *[0] * 10))
    assert _count(image, FORECAST_PLOT, BAR_TODAY) > 100
    assert _count(image, FORECAST_PLOT, BAR) > 50
    nothing_today = _render([], (0, 0, 0, 3, *[0] * 10))
    assert _count(nothing_today, FORECAST_PLOT, BAR_TODAY) == 0


def test_the_same_data_gives_the_same_bytes() -> None:
    data = ProgressChartData(weekly_counts(_answers(4, 500)), (1,) * 14, NOW)
    assert render_progress_chart(data) == render_progress_chart(data)


def test_weeks_start_on_monday_utc() -> None:
    assert week_of(MONDAY) - week_of(MONDAY - 1) == 1
    assert week_of(MONDAY) == week_of(MONDAY + 7 * 86_400 - 1)
    assert week_of(MONDAY) * WEEK_SECONDS + MONDAY_OFFSET == MONDAY


def test_weekly_counts_per_set_and_week() -> None:
    rows = [("a", MONDAY, True), ("a", MONDAY + 3600, False), ("a", MONDAY - 1, True)]
    rows.append(("b", MONDAY, False))
    this_week = week_of(MONDAY)
    assert set(weekly_counts(rows)) == {
        SetWeek("a", this_week, 2, 1),
        SetWeek("a", this_week - 1, 1, 1),
        SetWeek("b", this_week, 1, 0),
    }


def test_cumulative_accuracy_carries_history_and_empty_weeks() -> None:
    series = [SetWeek("a", 10, 10, 5), SetWeek("a", 12, 10, 10)]
    assert _cumulative(series, 10, 13) == [(10, 0.5), (11, 0.5), (12, 0.75), (13, 0.75)]
    # Weeks before the window count but get no point; weeks before the first answer get none.
    assert _cumulative(series, 11, 12) == [(11, 0.5), (12, 0.75)]
    assert _cumulative([SetWeek("a", 12, 4, 1)], 10, 12) == [(12, 0.25)]


def test_top_sets_by_answers_then_label() -> None:
    weeks = [SetWeek(f"s{n}", 1, 10 + n % 3, 0) for n in range(7)]
    shown, hidden = _top_sets(weeks)
    assert [label for label, _ in shown] == ["s2", "s5", "s1", "s4", "s0"]
    assert hidden == 2
    assert _top_sets(weeks[:2]) == ([("s1", [weeks[1]]), ("s0", [weeks[0]])], 0)


def test_labels_fit_measured_with_the_drawn_fonts() -> None:
    long = "a-very-long-set-identifier-that-would-run-into-the-next-column"
    cut = default_chain().fit(long, 13, 120)
    assert cut.endswith("…")
    assert default_chain().length(cut, 13) <= 120
    assert default_chain().fit("short", 13, 120) == "short"


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every text the chart draws, as drawn (still drawing it)."""
    texts: list[str] = []
    draw = FontChain.draw

    def recording(self: FontChain, *args: object, **kwargs: object) -> None:
        texts.append(self.shown(str(args[2])))
        draw(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(FontChain, "draw", recording)
    return texts


def test_set_titles_in_any_script_are_drawn_as_written(drawn: list[str]) -> None:
    titles = {"set-0": "日本語の基礎", "set-1": "Алгебра і ґеометрія", "set-2": "Größe Übung"}
    data = ProgressChartData(
        weekly_counts(_answers(3, 300)), NO_FORECAST, NOW, "Прогресс Ады · エイダ", titles
    )
    _image(render_progress_chart(data))
    assert drawn[0] == "Прогресс Ады · エイダ"
    assert set(titles.values()) <= set(drawn)
    assert not any("?" in text for text in drawn)


def test_labels_numbers_and_dates_in_the_charts_language(
    monkeypatch: pytest.MonkeyPatch, drawn: list[str]
) -> None:
    """The chart is drawn in the locale it is given, even in a thread without the context."""

    def translated(message: str, /, **fields: object) -> str:
        return f"<{i18n.current_locale()}> " + message.format(**fields)

    def translated_n(singular: str, plural: str, n: int, /, **fields: object) -> str:
        return translated(singular if n == 1 else plural, **{"n": n, **fields})

    # A stand-in catalog that marks each text with the language it was translated into; the
    # layer's resolve speaks every language here (the English stub of this branch speaks one).
    monkeypatch.setattr(bot.stats.charts, "_", translated)
    monkeypatch.setattr(bot.stats.charts, "ngettext", translated_n)
    monkeypatch.setattr(i18n, "resolve", lambda *codes: next(c for c in codes if c))
    answers = [("set-0", NOW - week * WEEK_SECONDS, week % 4 != 0) for week in range(8)]
    data = ProgressChartData(weekly_counts(answers), (1200, 3, *[0] * 12), NOW)
    thread = threading.Thread(target=render_progress_chart, args=(data, "fr"))
    thread.start()
    thread.join()
    assert drawn[0] == "<fr> Your progress"
    assert "<fr> Accuracy per set, cumulative" in drawn
    assert "<fr> Reviews due, next 14 days" in drawn
    assert "<fr> 1\u202f200 questions due today" in drawn  # French digit grouping
    assert "75\u00a0%" in drawn  # the legend's accuracy, the French way
    assert {"0\u00a0%", "100\u00a0%"} <= set(drawn)
    assert "3 juin" in drawn  # week ticks: 3 June 2024
    assert all(text.startswith("<fr>") for text in drawn if "due" in text or "next" in text)


def test_long_translations_are_cut_inside_their_panels(monkeypatch: pytest.MonkeyPatch) -> None:
    long = "Überlange Übersetzung " * 8

    def translated(message: str, /, **fields: object) -> str:
        return long + message.format(**fields)

    def translated_n(singular: str, plural: str, n: int, /, **fields: object) -> str:
        return long + plural.format(**{"n": n, **fields})

    monkeypatch.setattr(bot.stats.charts, "_", translated)
    monkeypatch.setattr(bot.stats.charts, "ngettext", translated_n)
    for answers, forecast in (([], NO_FORECAST), (_answers(30, 3_000), (5, 0, 2, *[1] * 11))):
        image = _render(answers, forecast)
        assert _outside_panels_is_background(image)
        beside_title = (WIDTH - 23, 0, WIDTH, 52)
        assert _count(image, beside_title, BACKGROUND) == 23 * 52


@pytest.mark.parametrize("title", ["", "Progrès de Zoë 🎉", "x" * 300, "進捗" * 100])
def test_any_title_renders(title: str) -> None:
    data = ProgressChartData((), NO_FORECAST, NOW, title)
    assert _image(render_progress_chart(data)).size == (WIDTH, HEIGHT)
