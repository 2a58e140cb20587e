"""The bubble sheet: recruitment, retention and upskilling as three large fields, each with
its text, a QR code to more information, and the notes taken in it during the meeting.

A note is added and changed in the visit's one note dialog (views.quick_note.note_dialog),
the one the quick notes use: the draft kept on the tablet, and a note that seems to hold
a Danish CPR number not saved before the consultant has chosen.

Saving a note moves nothing on screen: each field's notes scroll inside a box of fixed
height (:data:`NOTES_HEIGHT`), so a quick tap on the next field's "Tilføj note" right after
"Gem" lands on that button, not on whatever a grown field pushed under the finger.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from functools import lru_cache

import flet as ft
import segno

from domain.content import BubbleField
from domain.records import Note
from domain.visit import VisitSummary
from storage import visit_records
from views import theme
from views.context import AppContext
from views.participants import avatar
from views.quick_note import note_dialog, quick_notes_section
from views.widgets import banner, folding_text

QR_MIN_PX = 160  # scannable with a phone held up to the tablet
# The notes of a field scroll inside a box of this height: a field does not grow as notes
# are added, so nothing below it (the next field's "Tilføj note") moves under a finger.
NOTES_HEIGHT = 280
FIELD_COLOURS = {
    "recruitment": ft.Colors.TEAL_50,
    "retention": ft.Colors.AMBER_50,
    "upskilling": ft.Colors.INDIGO_50,
}


@lru_cache(maxsize=32)
def qr_png(url: str) -> tuple[bytes, int]:
    """A QR code for ``url`` as PNG bytes, and its width in pixels (at least QR_MIN_PX)."""
    qr = segno.make(url, error="m")
    modules = int(qr.symbol_size(scale=1, border=2)[0])
    scale = max(1, math.ceil(QR_MIN_PX / modules))
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue(), modules * scale


def bubbles_controls(ctx: AppContext, *, visit: VisitSummary) -> list[ft.Control]:
    t, sheet = ctx.t, ctx.pack_of(visit).bubble_sheet
    people = visit_records.participants(ctx.store, visit_id=visit.id)
    roles = {p.name: p.role for p in people}
    panels: dict[str, _FieldPanel] = {}

    def reload(*, redraw: bool = True) -> None:
        by_field: dict[str, list[Note]] = {}
        for note in visit_records.notes(ctx.store, visit_id=visit.id):
            by_field.setdefault(note.field, []).append(note)
        for field_id, panel in panels.items():
            panel.draw(by_field.get(field_id, []))
        if redraw:  # the dialog that saved is drawn apart from the screen behind it
            ctx.page.update()

    for bubble in sheet.fields:
        panels[bubble.id] = _FieldPanel(ctx, visit, bubble, roles, reload)
    reload(redraw=False)

    top: list[ft.Control] = [
        ft.Text(sheet.title, size=theme.TEXT_LARGE, weight=ft.FontWeight.BOLD),
        ft.Text(sheet.intro, size=theme.TEXT),
    ]
    if not ctx.author(visit.id):
        top.append(banner(t("bubbles.no_writer")))

    async def quick_note_changed() -> None:
        await ctx.rebuild()

    quick = quick_notes_section(
        ctx, visit_id=visit.id, notes=visit_records.notes(ctx.store, visit_id=visit.id), on_saved=quick_note_changed
    )
    return [
        ft.Column(top, spacing=8),
        ft.ResponsiveRow(
            [ft.Container(content=p.control, col={"xs": 12, "lg": 4}) for p in panels.values()],
            spacing=theme.GAP,
            run_spacing=theme.GAP,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        *([ft.Column(quick, spacing=8)] if quick else []),
    ]


class _FieldPanel:
    """One of the three fields: text, QR code, its notes, and the button to add one."""

    def __init__(
        self,
        ctx: AppContext,
        visit: VisitSummary,
        bubble: BubbleField,
        roles: dict[str, str],
        reload: Callable[[], None],
    ) -> None:
        self.ctx, self.visit, self.bubble, self.roles, self.reload = ctx, visit, bubble, roles, reload
        t = ctx.t
        self.count = ft.Container(
            padding=ft.Padding.symmetric(horizontal=12, vertical=4),
            border_radius=16,
            bgcolor=ft.Colors.SURFACE,
        )
        self.notes = ft.Column(spacing=8, scroll=ft.ScrollMode.AUTO)
        png, size = qr_png(bubble.info_url)
        qr = ft.Column(
            [
                ft.Image(
                    src=png,
                    width=size,
                    height=size,
                    fit=ft.BoxFit.CONTAIN,
                    filter_quality=ft.FilterQuality.NONE,
                    semantics_label=t("bubbles.qr_label", title=bubble.title),
                ),
                ft.Text(bubble.info_url, size=theme.TEXT - 4, text_align=ft.TextAlign.CENTER),
            ],
            spacing=4,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        )
        about = ft.ResponsiveRow(
            [
                ft.Container(content=ft.Text(bubble.text, size=theme.TEXT), col={"xs": 12, "sm": 7, "lg": 12}),
                ft.Container(
                    content=qr,
                    col={"xs": 12, "sm": 5, "lg": 12},
                    alignment=ft.Alignment.CENTER,
                ),
            ],
            spacing=theme.GAP,
            run_spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )
        add = ft.FilledButton(
            content=t("bubbles.add_to", field=bubble.title),
            icon=ft.Icons.ADD_COMMENT,
            on_click=lambda _: self.open_dialog(None),
            height=theme.TOUCH + 8,
            style=theme.button_style(),
        )
        self.control = ft.Container(
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(bubble.title, size=theme.TEXT_LARGE + 2, weight=ft.FontWeight.BOLD, expand=True),
                            self.count,
                        ],
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                    about,
                    add,
                    ft.Container(content=self.notes, height=NOTES_HEIGHT),
                ],
                spacing=14,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
            bgcolor=FIELD_COLOURS.get(bubble.id, ft.Colors.SURFACE_CONTAINER),
            border=ft.Border.all(2, ft.Colors.OUTLINE_VARIANT),
            border_radius=28,
            padding=20,
        )

    def draw(self, notes: list[Note]) -> None:
        t = self.ctx.t
        n = len(notes)
        label = t("bubbles.count_none") if n == 0 else t("bubbles.count_one") if n == 1 else t("bubbles.count", count=n)
        self.count.content = ft.Text(label, size=theme.TEXT - 2, weight=ft.FontWeight.BOLD)
        self.notes.controls = [self.note_row(note) for note in notes]
        if notes:
            self.notes.controls.append(
                ft.Text(t("bubbles.tap_to_edit"), size=theme.TEXT - 4, color=ft.Colors.ON_SURFACE_VARIANT)
            )

    def note_row(self, note: Note) -> ft.Control:
        t = self.ctx.t
        body: list[ft.Control] = [
            folding_text(note.text, more=t("notes.show_more"), less=t("notes.show_less"), size=theme.TEXT)
        ]
        if note.internal:
            body.insert(
                0,
                ft.Container(
                    content=ft.Text(t("bubbles.internal_tag"), size=theme.TEXT - 4, weight=ft.FontWeight.BOLD),
                    bgcolor=ft.Colors.TERTIARY_CONTAINER,
                    padding=ft.Padding.symmetric(horizontal=8, vertical=2),
                    border_radius=8,
                ),
            )
        return ft.Container(
            content=ft.Row(
                [
                    avatar(note.author, self.roles.get(note.author, "other")),
                    ft.Column(body, spacing=4, expand=True, horizontal_alignment=ft.CrossAxisAlignment.START),
                    ft.Icon(ft.Icons.EDIT_OUTLINED, size=20, color=ft.Colors.ON_SURFACE_VARIANT),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            bgcolor=ft.Colors.SURFACE,
            border_radius=16,
            padding=12,
            ink=True,
            on_click=lambda _: self.open_dialog(note),
        )

    def open_dialog(self, note: Note | None) -> None:
        """The one note dialog (views.quick_note.note_dialog), for this field."""
        t = self.ctx.t

        async def saved() -> None:
            self.reload()

        note_dialog(
            self.ctx,
            visit_id=self.visit.id,
            field=self.bubble.id,
            title=t("bubbles.edit_title" if note else "bubbles.add_title", field=self.bubble.title),
            on_saved=saved,
            note=note,
        )
