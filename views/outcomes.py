"""The team's outcomes: companies visited, visits, co-visits, tasks spotted, openings and
hires, in total and per month, consultant or team, as bar charts and as a table, with the
method guide's project figures for comparison (as a red line of the project's monthly pace
across the monthly bars, and next to the totals). Export as CSV for a Danish Excel.

Charts are drawn with plain containers (no chart extension in the web client).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import flet as ft

from domain.export import danish_csv
from domain.followup import HIRE_KINDS
from domain.outcomes import (
    PERIODS,
    REFERENCE,
    REFERENCE_HIRES,
    REFERENCE_MONTHS,
    REFERENCE_PERIOD,
    HireFact,
    OutcomeRow,
    hires_in_period,
    in_period,
    monthly_pace,
    outcomes,
    period_start,
    planned_hires,
    total,
    with_empty_months,
)
from storage import office
from views import theme
from views.context import AppContext
from views.files import csv_button
from views.i18n import MONTHS
from views.sync_ui import sync_badge
from views.widgets import choice_chip, section, two_columns

GROUPINGS = ("month", "consultant", "team")
HIRE_COLOURS = {"supported": ft.Colors.TEAL_400, "ordinary": ft.Colors.INDIGO_300, "education": ft.Colors.AMBER_600}
BAR = ft.Colors.TEAL_300
LINE = ft.Colors.RED_700
CHART_HEIGHT = 200
SLOT = 68  # width of one month in the charts
SMALL = theme.TEXT - 4


def hires_total(row: OutcomeRow) -> int:
    return sum(row.hires.values())


def hires_pace() -> float:
    return monthly_pace(REFERENCE_HIRES)


def decimal(ctx: AppContext, value: float) -> str:
    """A pace as people say it: whole numbers from ten up, one decimal below."""
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return text.replace(".", ",") if ctx.language == "da" else text


def key_label(ctx: AppContext, key: str, by: str) -> str:
    """What a group is called on screen and in the CSV: a month in words, a name, or
    "(ukendt)" for visits without a consultant or team."""
    if not key:
        return ctx.t("outcomes.unknown")
    if by == "month":
        return f"{MONTHS[ctx.language][int(key[5:7]) - 1]} {key[:4]}"
    return key


def ordered(rows: list[OutcomeRow], by: str) -> list[OutcomeRow]:
    """Months in time order; names in alphabetical order with the unknown last."""
    if by == "month":
        return rows
    return sorted(rows, key=lambda r: (not r.key, r.key.casefold()))


# --- the table and the CSV ------------------------------------------------------------


def columns(ctx: AppContext, by: str) -> list[str]:
    t = ctx.t
    return [
        t(f"outcomes.column.{by}"),
        t("outcomes.column.companies"),
        t("outcomes.column.visits"),
        t("outcomes.column.covisits"),
        t("outcomes.column.tasks"),
        *(t("outcomes.column.level", level=level) for level in (1, 2, 3)),
        t("outcomes.column.green"),
        t("outcomes.column.openings"),
        *(t(f"outcomes.hire.{kind}") for kind in HIRE_KINDS),
    ]


def cells(row: OutcomeRow) -> list[int]:
    return [
        row.companies,
        row.visits,
        row.covisits,
        row.tasks,
        *(row.tasks_by_level.get(level, 0) for level in (1, 2, 3)),
        sum(row.tasks_by_green.values()),
        row.openings,
        *(row.hires.get(kind, 0) for kind in HIRE_KINDS),
    ]


def csv_bytes(ctx: AppContext, rows: Sequence[OutcomeRow], by: str) -> bytes:
    """The table as CSV, one row per group, plus a column per green category."""
    greens = list(ctx.titles("green_categories").items())
    known = {gid for gid, _ in greens}
    greens += sorted({(g, g) for r in rows for g in r.tasks_by_green if g not in known})
    header = columns(ctx, by) + [ctx.t("outcomes.column.green_category", title=title) for _, title in greens]
    return danish_csv(
        header,
        [[key_label(ctx, r.key, by), *cells(r), *(r.tasks_by_green.get(gid, 0) for gid, _ in greens)] for r in rows],
    )


def table(ctx: AppContext, rows: Sequence[OutcomeRow], overall: OutcomeRow, by: str) -> ft.Control:
    def text(value: object, *, bold: bool = False) -> ft.DataCell:
        return ft.DataCell(ft.Text(str(value), size=theme.TEXT - 2, weight=ft.FontWeight.BOLD if bold else None))

    data = ft.DataTable(
        columns=[
            ft.DataColumn(ft.Text(name, size=theme.TEXT - 3, weight=ft.FontWeight.BOLD), numeric=n > 0)
            for n, name in enumerate(columns(ctx, by))
        ],
        rows=[
            ft.DataRow(cells=[text(key_label(ctx, r.key, by)), *(text(ctx.t.number(c)) for c in cells(r))])
            for r in rows
        ]
        + [
            ft.DataRow(
                cells=[
                    text(ctx.t("outcomes.total_row"), bold=True),
                    *(text(ctx.t.number(c), bold=True) for c in cells(overall)),
                ],
                color=ft.Colors.SURFACE_CONTAINER_HIGHEST,
            )
        ],
        column_spacing=24,
        horizontal_margin=12,
        data_row_min_height=48,
        heading_row_height=56,
    )
    return ft.Row([data], scroll=ft.ScrollMode.AUTO)


# --- charts ---------------------------------------------------------------------------


def legend_line(text: str) -> ft.Control:
    return ft.Row(
        [ft.Container(width=32, height=3, bgcolor=LINE), ft.Text(text, size=SMALL + 1, expand=True)],
        spacing=10,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def legend_kinds(ctx: AppContext) -> ft.Control:
    return ft.Row(
        [
            ft.Row(
                [
                    ft.Container(width=18, height=18, bgcolor=HIRE_COLOURS[kind], border_radius=3),
                    ft.Text(ctx.t(f"outcomes.hire.{kind}"), size=SMALL + 1),
                ],
                spacing=6,
                tight=True,
            )
            for kind in HIRE_KINDS
        ],
        wrap=True,
        spacing=16,
        run_spacing=6,
    )


def month_bars(
    ctx: AppContext, rows: Sequence[OutcomeRow], parts: Callable[[OutcomeRow], list[tuple[int, str]]], pace: float
) -> ft.Control:
    """One column per month, its bar stacked from ``parts`` (count, colour), and the
    reference pace as a red line drawn across every column at the same height, labelled
    at the newest month (the row starts scrolled to the end)."""
    top = max([sum(n for n, _ in parts(r)) for r in rows] + [pace]) or 1
    room = CHART_HEIGHT - 26  # space for the number above the tallest bar

    def px(value: float) -> int:
        return round(value / top * room)

    slots: list[ft.Control] = []
    for n, r in enumerate(rows):
        layers: list[ft.Control] = []
        bottom = 0
        for count, colour in parts(r):
            if count:
                layers.append(ft.Container(left=12, right=12, bottom=bottom, height=px(count), bgcolor=colour))
                bottom += px(count)
        layers.append(ft.Container(left=0, right=0, bottom=px(pace), height=3, bgcolor=LINE))
        if n == len(rows) - 1:
            layers.append(
                ft.Container(
                    right=2,
                    bottom=px(pace) + 4,
                    content=ft.Text(
                        ctx.t("outcomes.line_label", pace=decimal(ctx, pace)),
                        size=SMALL,
                        color=LINE,
                        weight=ft.FontWeight.BOLD,
                    ),
                )
            )
        value = sum(count for count, _ in parts(r))
        if value:
            layers.append(
                ft.Container(
                    left=0,
                    right=0,
                    bottom=bottom + 2,
                    content=ft.Text(
                        ctx.t.number(value), size=SMALL, text_align=ft.TextAlign.CENTER, weight=ft.FontWeight.BOLD
                    ),
                )
            )
        month, year = key_label(ctx, r.key, "month").split(" ")
        slots.append(
            ft.Column(
                [
                    ft.Stack(layers, width=SLOT, height=CHART_HEIGHT),
                    ft.Container(height=1, width=SLOT, bgcolor=ft.Colors.OUTLINE),
                    ft.Text(f"{month}\n{year}", size=SMALL, width=SLOT, text_align=ft.TextAlign.CENTER),
                ],
                spacing=2,
            )
        )
    return ft.Row(slots, spacing=0, scroll=ft.ScrollMode.AUTO, auto_scroll=True)


def name_bars(
    ctx: AppContext, rows: Sequence[OutcomeRow], by: str, parts: Callable[[OutcomeRow], list[tuple[int, str]]]
) -> ft.Control:
    """One line per consultant or team: the name, a bar stacked from ``parts``, the number."""
    top = max([sum(n for n, _ in parts(r)) for r in rows] + [1])
    lines: list[ft.Control] = []
    for r in rows:
        value = sum(n for n, _ in parts(r))
        bar = ft.Row(
            [ft.Container(expand=count, height=28, bgcolor=colour) for count, colour in parts(r) if count]
            + ([ft.Container(expand=top - value)] if top > value else []),
            spacing=0,
            expand=True,
        )
        lines.append(
            ft.Row(
                [
                    ft.Text(key_label(ctx, r.key, by), size=theme.TEXT - 2, width=170),
                    bar,
                    ft.Text(ctx.t.number(value), size=theme.TEXT - 2, width=44, weight=ft.FontWeight.BOLD),
                ],
                spacing=10,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
    return ft.Column(lines, spacing=8)


def charts(ctx: AppContext, rows: list[OutcomeRow], by: str, *, start: date | None, today: date) -> ft.Control:
    t = ctx.t
    period = REFERENCE_PERIOD

    def companies(r: OutcomeRow) -> list[tuple[int, str]]:
        return [(r.companies, BAR)]

    def hires(r: OutcomeRow) -> list[tuple[int, str]]:
        return [(r.hires.get(kind, 0), HIRE_COLOURS[kind]) for kind in HIRE_KINDS]

    companies_pace = monthly_pace(REFERENCE["companies"])
    if by == "month":
        months = with_empty_months(rows, start=start, end=today)  # a month without visits shows as a gap
        left: list[ft.Control] = [
            month_bars(ctx, months, companies, companies_pace),
            legend_line(
                t(
                    "outcomes.line_companies",
                    period=period,
                    count=t.number(REFERENCE["companies"]),
                    months=REFERENCE_MONTHS,
                    pace=decimal(ctx, companies_pace),
                )
            ),
        ]
        right: list[ft.Control] = [
            month_bars(ctx, months, hires, hires_pace()),
            legend_kinds(ctx),
            legend_line(
                t(
                    "outcomes.line_hires",
                    period=period,
                    count=t.number(REFERENCE_HIRES),
                    months=REFERENCE_MONTHS,
                    pace=decimal(ctx, hires_pace()),
                    **{kind: decimal(ctx, monthly_pace(REFERENCE[kind])) for kind in HIRE_KINDS},
                )
            ),
            ft.Text(t("outcomes.hires_month_note"), size=SMALL + 1, italic=True),
        ]
    else:

        def note(pace: float) -> ft.Control:
            return ft.Text(
                t("outcomes.line_monthly_only", period=period, pace=decimal(ctx, pace)), size=SMALL + 1, italic=True
            )

        left = [name_bars(ctx, rows, by, companies), note(companies_pace)]
        right = [name_bars(ctx, rows, by, hires), legend_kinds(ctx), note(hires_pace())]
    return two_columns(
        section(t(f"outcomes.chart_companies.{by}"), *left),
        section(t(f"outcomes.chart_hires.{by}"), *right),
    )


# --- totals ---------------------------------------------------------------------------


def tile(label: str, value: str, note: str = "", *, col: dict[str, int]) -> ft.Control:
    return ft.Container(
        col=col,
        padding=12,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=12,
        content=ft.Column(
            [
                ft.Text(label, size=theme.TEXT - 2, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
                ft.Text(value, size=theme.TEXT_LARGE + 6, weight=ft.FontWeight.BOLD),
                ft.Text(note or " ", size=SMALL, color=ft.Colors.ON_SURFACE_VARIANT, max_lines=1),
            ],
            spacing=2,
        ),
    )


WORK = {"xs": 6, "md": 4, "xl": 2}  # two, three or six tiles a row
HIRES = {"xs": 12, "sm": 4}  # the three kinds side by side


def planned_note(ctx: AppContext, planned: Sequence[HireFact]) -> ft.Control:
    """Hires agreed with a start after today: listed as planned, counted from their start."""
    t = ctx.t
    lines: list[ft.Control] = [
        ft.Text(t("outcomes.planned", count=t.number(len(planned))), size=theme.TEXT - 2, weight=ft.FontWeight.BOLD),
        *(
            ft.Text(
                t("outcomes.planned_line", kind=t(f"outcomes.hire.{h.kind}"), date=t.date(h.start)),
                size=theme.TEXT - 2,
            )
            for h in planned
        ),
        ft.Text(t("outcomes.planned_help"), size=SMALL + 1, italic=True),
    ]
    return ft.Container(
        content=ft.Row(
            [ft.Icon(ft.Icons.EVENT_OUTLINED), ft.Column(lines, spacing=2, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        padding=12,
        border_radius=8,
    )


def totals(ctx: AppContext, overall: OutcomeRow, period: str, planned: Sequence[HireFact] = ()) -> ft.Control:
    t = ctx.t
    n = t.number
    hired = hires_total(overall)
    green = sum(overall.tasks_by_green.values())
    work = [
        tile(
            t("outcomes.companies"),
            n(overall.companies),
            t("outcomes.project_over", count=n(REFERENCE["companies"])),
            col=WORK,
        ),
        tile(t("outcomes.visits"), n(overall.visits), col=WORK),
        tile(
            t("outcomes.covisits"),
            n(overall.covisits),
            t("outcomes.share", percent=round(100 * overall.covisits / overall.visits)) if overall.visits else "",
            col=WORK,
        ),
        tile(t("outcomes.tasks"), n(overall.tasks), t("outcomes.green_count", count=n(green)), col=WORK),
        tile(t("outcomes.openings"), n(overall.openings), col=WORK),
        tile(
            t("outcomes.hires"),
            n(hired),
            t("outcomes.project", count=n(REFERENCE_HIRES)),
            col=WORK,
        ),
    ]
    kinds = [
        tile(
            t(f"outcomes.hire.{kind}"),
            n(overall.hires.get(kind, 0)),
            t("outcomes.project", count=n(REFERENCE[kind])),
            col=HIRES,
        )
        for kind in HIRE_KINDS
    ]
    reference = t(
        "outcomes.reference",
        period=REFERENCE_PERIOD,
        companies=n(REFERENCE["companies"]),
        supported=n(REFERENCE["supported"]),
        ordinary=n(REFERENCE["ordinary"]),
        education=n(REFERENCE["education"]),
        companies_pace=decimal(ctx, monthly_pace(REFERENCE["companies"])),
        hires_pace=decimal(ctx, hires_pace()),
    )
    return section(
        t("outcomes.totals", period=t(f"outcomes.period.{period}").lower()),
        ft.ResponsiveRow(work, spacing=12, run_spacing=12),
        ft.Text(t("outcomes.hires_by_kind"), size=theme.TEXT - 2, weight=ft.FontWeight.BOLD),
        ft.ResponsiveRow(kinds, spacing=12, run_spacing=12),
        *([planned_note(ctx, planned)] if planned else []),
        ft.Container(
            content=ft.Row(
                [ft.Icon(ft.Icons.FLAG_OUTLINED, color=LINE), ft.Text(reference, size=theme.TEXT - 2, expand=True)],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            padding=12,
            border_radius=8,
        ),
    )


def task_sections(ctx: AppContext, overall: OutcomeRow) -> ft.Control:
    """Tasks by requirement level; green tasks by category (those with none named in one line)."""
    t = ctx.t
    levels = [
        (t("outcomes.level", level=lvl.level, title=lvl.title), overall.tasks_by_level.get(lvl.level, 0))
        for lvl in ctx.pack.requirement_levels
    ]
    titles = ctx.titles("green_categories")
    counted = [(title, overall.tasks_by_green.get(g, 0)) for g, title in titles.items()]
    counted += [(g, count) for g, count in overall.tasks_by_green.items() if g not in titles]
    greens: list[ft.Control] = []
    if any(count for _, count in counted):
        greens.append(count_bars(ctx, [(title, count) for title, count in counted if count], ft.Colors.LIGHT_GREEN_500))
    none_yet = [title for title, count in counted if not count]
    if none_yet:
        greens.append(ft.Text(t("outcomes.green_none_yet", titles=", ".join(none_yet)), size=SMALL + 1, italic=True))
    plain = overall.tasks - sum(overall.tasks_by_green.values())
    greens.append(ft.Text(t("outcomes.no_green", count=t.number(plain)), size=SMALL + 1))
    return two_columns(
        section(t("outcomes.tasks_by_level"), count_bars(ctx, levels, ft.Colors.BLUE_300)),
        section(t("outcomes.tasks_by_green"), *greens),
    )


def count_bars(ctx: AppContext, items: list[tuple[str, int]], colour: str) -> ft.Control:
    """A label over a bar with its number, one pair per line: room for long category names."""
    top = max([count for _, count in items] + [1])
    return ft.Column(
        [
            ft.Column(
                [
                    ft.Text(label, size=theme.TEXT - 2),
                    ft.Row(
                        [
                            ft.Row(
                                [ft.Container(expand=count, height=16, bgcolor=colour, border_radius=3)]
                                + ([ft.Container(expand=top - count)] if top > count else []),
                                spacing=0,
                                expand=True,
                            ),
                            ft.Text(ctx.t.number(count), size=theme.TEXT - 2, width=44, weight=ft.FontWeight.BOLD),
                        ],
                        spacing=10,
                    ),
                ],
                spacing=2,
            )
            for label, count in items
        ],
        spacing=8,
    )


# --- the screen -----------------------------------------------------------------------


def chip_row(title: str, chips: list[ft.Control]) -> ft.Control:
    return ft.Row(
        [ft.Text(title, size=theme.TEXT - 2, weight=ft.FontWeight.BOLD, width=80), *chips],
        wrap=True,
        spacing=8,
        run_spacing=8,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def outcomes_view(ctx: AppContext) -> ft.View:
    t = ctx.t
    facts = office.outcome_facts(ctx.store)
    chosen = {"period": "all", "by": "month"}
    body = ft.Column(spacing=theme.GAP, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    shown: dict[str, list[OutcomeRow]] = {"rows": []}

    def pick(what: str, value: str) -> Callable[[Any], None]:
        def handler(_: Any) -> None:
            chosen[what] = value
            draw()
            body.update()

        return handler

    def draw() -> None:
        period, by = chosen["period"], chosen["by"]
        today = date.today()
        visits = in_period(facts.visits, period, today)
        hires = hires_in_period(facts.hires, period, today)  # a hire counts from its start
        known = {v.visit_id for v in facts.visits}
        planned = [h for h in planned_hires(facts.hires, today) if h.visit_id in known]
        overall = total(visits, facts.tasks, facts.openings, hires, hire_visits=facts.visits)
        rows = ordered(outcomes(visits, facts.tasks, facts.openings, hires, by=by, hire_visits=facts.visits), by)
        shown["rows"] = rows
        periods = chip_row(
            t("outcomes.period"),
            [
                choice_chip(
                    t(f"outcomes.period.{p}"), selected=p == period, on_select=pick("period", p), one_of_many=True
                )
                for p in PERIODS
            ],
        )
        groupings = chip_row(
            t("outcomes.group"),
            [
                choice_chip(t(f"outcomes.by.{g}"), selected=g == by, on_select=pick("by", g), one_of_many=True)
                for g in GROUPINGS
            ],
        )
        controls: list[ft.Control] = [
            ft.Text(t("outcomes.help"), size=theme.TEXT - 2),
            periods,
            totals(ctx, overall, period, planned),
            task_sections(ctx, overall),
            groupings,
        ]
        if rows:
            controls += [
                charts(ctx, rows, by, start=period_start(period, today), today=today),
                section(
                    t("outcomes.table"),
                    ft.Text(t("outcomes.table_help"), size=SMALL + 1),
                    table(ctx, rows, overall, by),
                    ft.Row(
                        [
                            csv_button(
                                ctx,
                                t("outcomes.export"),
                                stem=t("outcomes.file"),
                                make=lambda: csv_bytes(ctx, shown["rows"], chosen["by"]),
                            )
                        ]
                    ),
                ),
            ]
        else:
            controls.append(ft.Text(t("outcomes.none"), size=theme.TEXT))
        body.controls = controls

    draw()
    return ft.View(
        route="/outcomes",
        appbar=ft.AppBar(title=ft.Text(t("outcomes.title")), actions=[sync_badge(ctx), ft.Container(width=8)]),
        padding=theme.GAP,
        scroll=ft.ScrollMode.AUTO,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[body],
    )
