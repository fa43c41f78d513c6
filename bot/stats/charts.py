"""The ``/progress`` chart: accuracy per set over time and the review forecast, as a PNG.

Drawn with Pillow (``bench/chart.py`` measured it against matplotlib), at twice the size and
halved for smooth lines, in Discord's dark-theme colours. Pure and blocking: call it off the
event loop (``asyncio.to_thread``). Never imports discord.

Text is drawn with the fonts shipped in ``bot/fonts`` (Noto Sans, then a Japanese subset of
Noto Sans CJK), character by character, so set titles and labels in Latin with accents,
Cyrillic or Japanese show as written; labels, numbers and dates are in the chart's language
(``locale``, passed explicitly: the render runs in another thread).

Weeks start on Monday at midnight in the server's time zone (``ProgressChartData.zone``),
numbered by ``week_of`` as the storage's weekly_totals are (``storage.periods.week_number``);
raw rows can go through ``weekly_counts``.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from PIL import Image, ImageDraw

from bot.fonts import default_chain
from i18n import N_, _, current_locale, ngettext, use_locale
from storage.periods import week_number

WIDTH, HEIGHT = 800, 450
SCALE = 2
"""Drawn at this multiple and reduced: Pillow draws lines without anti-aliasing."""
WEEK_SECONDS = 604_800
MONDAY_OFFSET = 345_600
"""1970-01-05, the first Monday after the epoch, is this many seconds in."""
WEEKS_SHOWN = 12
SETS_SHOWN = 5
PNG_COLOURS = 128
PANEL_TEXT_LEFT = 440  # the widest text in the accuracy panel (x 32 to 472), in pixels
PANEL_TEXT_RIGHT = 252  # the widest text in the forecast panel (x 516 to 768)

BACKGROUND = "#313338"
PANEL = "#2b2d31"
GRID = "#3f4147"
TEXT = "#f2f3f5"
MUTED = "#b5bac1"
FAINT = "#80848e"
SET_COLOURS = ("#5865f2", "#57f287", "#fee75c", "#eb459e", "#00a8fc")
BAR = "#5865f2"
BAR_TODAY = "#fee75c"


@dataclass(frozen=True, slots=True)
class SetWeek:
    """Count one member's answers in one set during one week (the server's, from Monday)."""

    set_label: str
    """The set's id (``ProgressChartData.labels`` gives the name shown)."""
    week: int
    """``week_of`` the answers' time."""
    answers: int
    correct: int


@dataclass(frozen=True, slots=True)
class ProgressChartData:
    """Hold everything the chart shows."""

    weeks: tuple[SetWeek, ...]
    forecast: tuple[int, ...]
    """Questions due per UTC day, today (with the overdue ones) first: ``review.forecast``."""
    now: float
    title: str = N_("Your progress")
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Set id → the name shown in the legend (its title); the id when absent."""
    zone: str = "UTC"
    """The server's time zone (``/schedule timezone``): its weeks start on its Monday."""


def week_of(seconds: float, zone: str = "UTC") -> int:
    """Return the number of the week (Monday to Sunday in ``zone``) holding unix ``seconds``."""
    return week_number(seconds, zone)


def weekly_counts(
    answers: Iterable[tuple[str, float, bool]], zone: str = "UTC"
) -> tuple[SetWeek, ...]:
    """Count (set label, answered at, correct) rows per set and week (of ``zone``)."""
    counts = Counter([(label, week_of(at, zone), bool(right)) for label, at, right in answers])
    totals: dict[tuple[str, int], list[int]] = {}
    for (label, week, right), count in counts.items():
        total = totals.setdefault((label, int(week)), [0, 0])
        total[0] += count
        total[1] += count if right else 0
    return tuple(SetWeek(label, week, n, c) for (label, week), (n, c) in totals.items())


def render_progress_chart(data: ProgressChartData, locale: str | None = None) -> bytes:
    """Return the chart as PNG bytes, ``WIDTH`` x ``HEIGHT`` pixels, in ``locale``.

    ``locale`` defaults to the current one; pass it from the event loop's side when drawing in
    an executor that does not copy the context.
    """
    with use_locale(locale or current_locale()):
        image = _background().copy()
        canvas = _Canvas(image)
        canvas.text((24, 14), _(data.title), 22, TEXT, width=WIDTH - 48)
        _draw_accuracy(image, canvas, data)
        _draw_forecast(canvas, data.forecast, data.now)
    buffer = io.BytesIO()
    # 128 colours look the same here (flat colours, thin anti-aliased edges) and encode twice
    # as fast into half the bytes.
    palette = image.quantize(
        PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    palette.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def warm_up() -> None:
    """Load the fonts, the PNG encoder and Babel's data, which the first chart would pay for."""
    render_progress_chart(ProgressChartData((), (1,), 0.0, "Aa 日本 Жж"), "en-US")


class _Canvas:
    """Draw in chart coordinates on ``image``, which is ``scale`` times larger from ``origin``."""

    def __init__(
        self, image: Image.Image, *, scale: int = 1, origin: tuple[float, float] = (0, 0)
    ) -> None:
        """Draw on ``image``."""
        self.draw = ImageDraw.Draw(image)
        self.scale = scale
        self.origin = origin

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        """Return chart coordinates in the image's pixels."""
        return (x - self.origin[0]) * self.scale, (y - self.origin[1]) * self.scale

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        fill: str,
        *,
        anchor: str = "la",
        width: float | None = None,
    ) -> None:
        """Write ``text`` at ``xy`` (``anchor`` as in Pillow, vertically a, m, s or d).

        ``width``: cut with "…" to fit that many pixels (a translation may be long).
        """
        chain = default_chain()
        if width is not None:
            text = chain.fit(text, size * self.scale, width * self.scale)
        chain.draw(self.draw, self._xy(*xy), text, size * self.scale, fill, anchor=anchor)

    def line(self, points: Sequence[tuple[float, float]], fill: str, width: float) -> None:
        """Draw a polyline with round joints."""
        scaled = [self._xy(x, y) for x, y in points]
        self.draw.line(scaled, fill=fill, width=round(width * self.scale), joint="curve")

    def dot(self, xy: tuple[float, float], radius: float, fill: str) -> None:
        """Draw a filled circle."""
        (x, y), r = self._xy(*xy), radius * self.scale
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def rect(self, box: tuple[float, float, float, float], fill: str, radius: float = 0) -> None:
        """Draw a filled, optionally rounded rectangle."""
        x0, y0 = self._xy(box[0], box[1])
        x1, y1 = self._xy(box[2], box[3])
        self.draw.rounded_rectangle((x0, y0, x1, y1), radius=radius * self.scale, fill=fill)


@lru_cache(maxsize=1)
def _background() -> Image.Image:
    """Return the chart's fixed background: two panel cards (copy it before drawing)."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BACKGROUND)
    canvas = _Canvas(image, scale=SCALE)
    canvas.rect((16, 52, 488, 436), PANEL, radius=8)
    canvas.rect((500, 52, 784, 436), PANEL, radius=8)
    return image.reduce(SCALE)


def _draw_accuracy(image: Image.Image, canvas: _Canvas, data: ProgressChartData) -> None:
    """Draw cumulative accuracy per set, week by week, with its legend.

    The plot is drawn at ``SCALE`` times the size in its own image and reduced, so its lines
    are smooth; the text goes straight onto the chart.
    """
    canvas.text((32, 64), _("Accuracy per set, cumulative"), 15, TEXT, width=PANEL_TEXT_LEFT)
    left, top, right, bottom = 72, 100, 460, 312
    centre = ((left + right) / 2, (top + bottom) / 2)
    if not data.weeks:
        canvas.text(centre, _("No answers yet"), 16, MUTED, anchor="mm", width=PANEL_TEXT_LEFT)
        canvas.text(
            (centre[0], centre[1] + 24),
            _("Try /practice to start"),
            13,
            FAINT,
            anchor="mm",
            width=PANEL_TEXT_LEFT,
        )
        return
    pad = 6
    plot_image = Image.new(
        "RGB", ((right - left + 2 * pad) * SCALE, (bottom - top + 2 * pad) * SCALE), PANEL
    )
    plot = _Canvas(plot_image, scale=SCALE, origin=(left - pad, top - pad))
    for percent in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * percent / 100
        plot.line([(left, y), (right, y)], GRID, 1)
        canvas.text((left - 8, y), _percent(percent / 100), 12, FAINT, anchor="rm")
    last = max(week_of(data.now, data.zone), *(row.week for row in data.weeks))
    first = max(min(row.week for row in data.weeks), last - WEEKS_SHOWN + 1)
    span = max(last - first, 1)

    def x_of(week: int) -> float:
        """Return the x of ``week`` (a lone week sits in the middle)."""
        return centre[0] if last == first else left + (right - left) * (week - first) / span

    shown, hidden = _top_sets(data.weeks)
    for index, (label, series) in enumerate(shown):
        colour = SET_COLOURS[index % len(SET_COLOURS)]
        points = [
            (x_of(week), bottom - (bottom - top) * accuracy)
            for week, accuracy in _cumulative(series, first, last)
        ]
        if len(points) > 1:
            plot.line(points, colour, 2.5)
        for point in points:
            plot.dot(point, 3.5, colour)
        _legend_entry(canvas, index, data.labels.get(label, label), colour, _overall(series))
    if hidden:
        more = ngettext("+{n} more set", "+{n} more sets", hidden)
        _legend_entry(canvas, len(shown), more, None, None)
    image.paste(plot_image.reduce(SCALE), (left - pad, top - pad))
    for week in _tick_weeks(first, last):
        day = datetime.fromtimestamp(week * WEEK_SECONDS + MONDAY_OFFSET, UTC)
        label = format_skeleton("MMMd", day, locale=_babel(current_locale()))
        x = min(x_of(week), 480 - default_chain().length(label, 12) / 2)  # inside the panel
        canvas.text((x, bottom + 6), label, 12, FAINT, anchor="ma")


def _legend_entry(
    canvas: _Canvas, index: int, label: str, colour: str | None, accuracy: float | None
) -> None:
    """Write legend line ``index`` (two columns, three rows) under the accuracy plot."""
    x = 32 + 228 * (index % 2)
    y = 348 + 26 * (index // 2)
    if colour is not None:
        canvas.rect((x, y - 5, x + 14, y + 5), colour, radius=2)
    end = x + 212
    if accuracy is not None:
        shown = _percent(accuracy)
        canvas.text((end, y), shown, 13, TEXT, anchor="rm")
        end -= max(44, default_chain().length(shown, 13) + 8)
    canvas.text((x + 22, y), label, 13, MUTED, anchor="lm", width=end - x - 22)


def _draw_forecast(canvas: _Canvas, forecast: Sequence[int], now: float) -> None:
    """Draw questions due per day as bars, today first."""
    canvas.text(
        (516, 64),
        ngettext("Reviews due, next {n} day", "Reviews due, next {n} days", len(forecast)),
        15,
        TEXT,
        width=PANEL_TEXT_RIGHT,
    )
    left, top, right, bottom = 516.0, 112.0, 768.0, 312.0
    canvas.line([(left, bottom), (right, bottom)], GRID, 1)
    total = sum(forecast)
    if not forecast or total == 0:
        canvas.text(
            ((left + right) / 2, (top + bottom) / 2),
            _("Nothing due"),
            16,
            MUTED,
            anchor="mm",
            width=PANEL_TEXT_RIGHT,
        )
    else:
        peak = max(forecast)
        slot = (right - left) / len(forecast)
        today = datetime.fromtimestamp(now, UTC).weekday()
        # Translators: the initials of Monday to Sunday, separated by spaces.
        initials = _("M T W T F S S").split()
        if len(initials) != 7:  # a translation that lost one: English rather than a crash
            initials = ["M", "T", "W", "T", "F", "S", "S"]
        for day, count in enumerate(forecast):
            x0 = left + slot * day + slot * 0.15
            x1 = left + slot * (day + 1) - slot * 0.15
            centre = (x0 + x1) / 2
            if count:
                y = bottom - (bottom - top) * count / peak
                canvas.rect((x0, y, x1, bottom), BAR_TODAY if day == 0 else BAR, radius=2)
                canvas.text((centre, y - 4), _number(count), 11, MUTED, anchor="md")
            canvas.text(
                (centre, bottom + 6),
                initials[(today + day) % 7],
                11,
                TEXT if day == 0 else FAINT,
                anchor="ma",
            )
    due_today = forecast[0] if forecast else 0
    week = sum(forecast[:7])
    due = ngettext(
        "{n} question due today", "{n} questions due today", due_today, n=_number(due_today)
    )
    canvas.text((516, 350), due, 15, TEXT, width=PANEL_TEXT_RIGHT)
    seven = ngettext(
        "{n} question in the next 7 days", "{n} questions in the next 7 days", week, n=_number(week)
    )
    canvas.text((516, 376), seven, 13, MUTED, width=PANEL_TEXT_RIGHT)
    canvas.text(
        (516, 400),
        # Translators: {questions} is "{n} questions" (counted there); {n} counts the days.
        ngettext(
            "{questions} in the next {n} day",
            "{questions} in the next {n} days",
            len(forecast),
            questions=ngettext("{n} question", "{n} questions", total, n=_number(total)),
        ),
        13,
        MUTED,
        width=PANEL_TEXT_RIGHT,
    )


def _top_sets(weeks: Iterable[SetWeek]) -> tuple[list[tuple[str, list[SetWeek]]], int]:
    """Return the most answered sets with their weeks, and how many other sets there are."""
    by_set: dict[str, list[SetWeek]] = defaultdict(list)
    for row in weeks:
        by_set[row.set_label].append(row)
    ranked = sorted(by_set.items(), key=lambda item: (-sum(r.answers for r in item[1]), item[0]))
    return ranked[:SETS_SHOWN], max(len(ranked) - SETS_SHOWN, 0)


def _cumulative(series: Iterable[SetWeek], first: int, last: int) -> list[tuple[int, float]]:
    """Return (week, accuracy over all answers so far) for the weeks ``first`` to ``last``.

    Earlier weeks count in the accuracy but get no point; weeks before the set's first answer
    get none either.
    """
    per_week: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    answers = correct = 0
    for row in series:
        if row.week < first:
            answers += row.answers
            correct += row.correct
        else:
            per_week[row.week][0] += row.answers
            per_week[row.week][1] += row.correct
    points: list[tuple[int, float]] = []
    for week in range(first, last + 1):
        week_answers, week_correct = per_week.get(week, (0, 0))
        answers += week_answers
        correct += week_correct
        if answers:
            points.append((week, correct / answers))
    return points


def _overall(series: Iterable[SetWeek]) -> float:
    """Return a set's accuracy over all its answers."""
    answers = correct = 0
    for row in series:
        answers += row.answers
        correct += row.correct
    return correct / answers if answers else 0.0


def _tick_weeks(first: int, last: int) -> list[int]:
    """Return at most five evenly spaced weeks to label, counting back from ``last``."""
    step = max(1, -(-(last - first) // 4))
    return sorted(range(last, first - 1, -step))


def _number(value: int) -> str:
    """Return ``value`` with the chart language's digit grouping (1,234 · 1 234 · 1.234)."""
    return format_decimal(value, locale=_babel(current_locale()))


def _percent(ratio: float) -> str:
    """Return ``ratio`` as a whole percentage the chart language's way (75% · 75 %)."""
    return format_percent(ratio, locale=_babel(current_locale()))


@lru_cache(maxsize=32)
def _babel(code: str) -> Locale:
    """Return the Babel locale of a Discord locale code ('pt-BR' → pt_BR; else English)."""
    try:
        return Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_US")
