"""The walk-around: record tasks on foot, tablet in one hand, guided by the walk-around
questions; below, the tasks recorded so far, grouped by area.

Capturing a task takes at most four taps besides typing: the area is remembered from the
previous task, the requirement level starts at 1, and "Gem opgave" comes after the last
field of the form, in portrait and landscape. After saving, the form clears (all but the
area) and the cursor is back in the title field for the next task.

Until "Gem opgave", what is typed is a local draft of the form (views.form_draft, as the
company form's: each text field under ``draft:<visit>:walk:new:<field>``, never synced,
its time under ``walk_draft_at:<visit>``; the level, green category, accommodations and
photo under ``walk_draft:<visit>``). Leaving the screen asks first, the sync badge counts
it among the drafts, and the form brings it back when drawn anew, after a restart or in
a new browser too, with a banner that says so and "Kassér udkast".

The next task gets a form of its own; the saved task's form stays, hidden, and nothing
the browser reports for it changes the saved task (a tap and a letter typed before the
new form was drawn once turned "Task A" into "TasTk A"). What was typed into it is
offered right under the new form's title field, where the consultant is looking ("Skrevet
i »Task A«, mens formularen skiftede, …", with "Sæt ind i den nye opgave" and "Kassér
teksten"), one offer per saved task, kept in the tablet's local state until the
consultant chooses.
"""

from __future__ import annotations

import functools
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

import flet as ft
from PIL import Image

from domain.content import ContentPack
from domain.errors import InvalidInput
from domain.records import SpottedTask
from domain.tasks import TaskDraft
from domain.visit import VisitSummary
from storage import visit_records
from storage.photos import PhotoStore
from views import theme
from views.autosave import DRAFT_PREFIX, Continuation, added_text, event_text, put_text
from views.context import AppContext
from views.form_draft import FormDraft
from views.participants import avatar
from views.privacy_guard import SaveGuard
from views.widgets import (
    banner,
    choice_chip,
    close_dialog,
    dialog,
    folding_text,
    mark_chip,
    stray_offer,
    text_field,
)

CHOICES = ("level", "green", "accommodations", "photo")  # the form's values besides its text fields
LEVEL_COLOURS = {1: ft.Colors.GREEN_100, 2: ft.Colors.AMBER_100, 3: ft.Colors.DEEP_ORANGE_100}
ALL = "all"
THUMB = 72


def hours_text(ctx: AppContext, hours: float) -> str:
    """2.5 -> "2,5" in Danish, "2.5" in English; whole hours without decimals."""
    text = f"{hours:g}"
    return text.replace(".", ",") if ctx.language == "da" else text


def photos(ctx: AppContext) -> PhotoStore:
    return PhotoStore(ctx.settings.data_dir / "photos")


def thumbnail(ctx: AppContext, sha: str) -> bytes | None:
    """A small copy of a task's photo for the screen: the list is redrawn after every
    save, and sending each photo at 1600 px to the page every time would be slow."""
    path = photos(ctx).path(sha) if sha else None
    return _thumbnail(path) if path is not None and path.exists() else None  # a photo may arrive later by sync


@functools.lru_cache(maxsize=512)
def _thumbnail(path: Path) -> bytes | None:  # a photo's file never changes: it is named by its hash
    try:
        with Image.open(path) as image:
            small = image.convert("RGB")
    except (OSError, ValueError):
        return None
    small.thumbnail((THUMB * 2, THUMB * 2))
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return out.getvalue()


def task_values(ctx: AppContext, task: SpottedTask) -> dict[str, Any]:
    """A recorded task as the form shows it."""
    return {
        "area": task.area,
        "title": task.title,
        "done_by": task.done_by,
        "hours": hours_text(ctx, task.hours) if task.hours else "",
        "level": task.level,
        "green": task.green,
        "accommodations": list(task.accommodations),
        "note": task.accommodation_note,
        "photo": task.photo,
    }


class TaskForm:
    """The fields of one task: used for quick capture and for changing a recorded task.

    ``values`` are what the fields show at first (see :func:`task_values`); ``on_change``
    is called after every change, so the caller can keep what is typed.
    """

    def __init__(
        self,
        ctx: AppContext,
        *,
        pack: ContentPack,
        values: dict[str, Any],
        on_change: Callable[[], None] | None = None,
    ) -> None:
        t = ctx.t
        self.ctx = ctx
        self.on_change = on_change or (lambda: None)
        # What the browser reported for each typed field: once the task is saved and its
        # form hidden (:meth:`retire`), a report may come from a field the browser emptied.
        self.reports: dict[str, Continuation] = {}

        def field(label: str, key: str, **kwargs: Any) -> ft.TextField:
            control = text_field(label, value=str(values.get(key) or ""), **kwargs)
            reports = self.reports[key] = Continuation(seen=control.value or "")
            control.data = reports  # what the app puts in the field is handled too (put_text)

            def typed(e: Any) -> None:
                text = event_text(e, control)
                merged = reports.report(text)
                if merged != text:
                    control.value = merged
                self.on_change()

            control.on_change = typed
            return control

        self.area = field(t("walk.area"), "area", expand=2)
        self.title = field(t("walk.title"), "title", expand=3)
        self.done_by = field(t("walk.done_by"), "done_by", expand=3)
        self.hours = field(t("walk.hours"), "hours", expand=2)
        level = str(values.get("level") or 1)
        self.level = ft.SegmentedButton(
            segments=[
                ft.Segment(value=str(r.level), label=ft.Text(f"{r.level} · {r.title}", size=theme.TEXT - 2))
                for r in pack.requirement_levels
            ],
            selected=[level if level in ("1", "2", "3") else "1"],
            show_selected_icon=False,
            style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=6, vertical=16)),
            expand=True,
            on_change=self._changed,
        )
        self.green = str(values.get("green") or "")
        self.greens = {
            c.id: choice_chip(
                c.title, selected=c.id == self.green, on_select=self._green_picker(c.id), one_of_many=True
            )
            for c in pack.green_categories
        }
        chosen = set(values.get("accommodations") or ())
        self.chips = {
            a.id: choice_chip(a.title, selected=a.id in chosen, on_select=self._accommodation_changed)
            for a in pack.accommodations
        }
        self.note = field(t("walk.accommodation_note"), "note")
        self.photo = str(values.get("photo") or "")
        self.photo_error = ft.Text(color=ft.Colors.ERROR, size=theme.TEXT - 2, visible=False)
        self.preview = ft.Row(spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER, tight=True)
        self.picker = ft.FilePicker(on_result=self._picked)
        self.photo_button = ft.OutlinedButton(
            content=t("walk.add_photo"),
            icon=ft.Icons.PHOTO_CAMERA,
            height=theme.TOUCH,
            style=theme.button_style(),
            # Performed by the client inside the tap: browsers open a file chooser only then.
            action=ft.PickFiles(self.picker, file_type=ft.FilePickerFileType.IMAGE, with_data=True),
        )
        self.message = ft.Container()
        self._show_photo()

    def _changed(self, _: Any = None) -> None:
        self.on_change()

    def _accommodation_changed(self, e: Any) -> None:
        mark_chip(e.control)
        self.on_change()

    def clear_choices(self) -> None:
        """The level, green category, accommodations and photo as a new task's form has them."""
        self.level.selected = ["1"]
        self._choose_green("")
        for chip in self.chips.values():
            chip.selected = False
            mark_chip(chip)
        self.photo = ""
        self.photo_error.visible = False
        self._show_photo()

    def retire(self) -> None:
        """The form's task is saved and the next task's form is drawn in its place: what
        still reaches these fields belongs to the saved task (:class:`Continuation`). Each
        holds what the app last handled of it, as the task was saved (:meth:`values`)."""
        for key in self.text_fields():
            self.reports[key].retire(self.reports[key].seen)

    def text_fields(self) -> dict[str, ft.TextField]:
        """The typed fields by the key :meth:`values` gives them."""
        return {"area": self.area, "title": self.title, "done_by": self.done_by, "hours": self.hours, "note": self.note}

    def values(self) -> dict[str, Any]:
        return {
            # The typed fields as the app has handled them, not their values: Flet puts a
            # reported text in the value as it arrives and runs handlers later, in order,
            # so when "Gem opgave" is handled a value may already hold words typed after
            # the tap, for the next task (fourth newcomer trial: "gc4X" was saved).
            "area": self.reports["area"].seen,
            "title": self.reports["title"].seen,
            "done_by": self.reports["done_by"].seen,
            "hours": self.reports["hours"].seen,
            "level": int(self.level.selected[0]) if self.level.selected else 1,
            "green": self.green,
            "accommodations": [a for a, chip in self.chips.items() if chip.selected],
            "note": self.reports["note"].seen,
            "photo": self.photo,
        }

    # What the consultant typed ---------------------------------------------------

    def draft(self) -> TaskDraft:
        v = self.values()
        return TaskDraft(
            area=v["area"],
            title=v["title"],
            done_by=v["done_by"],
            hours=v["hours"],
            level=v["level"],
            green=v["green"],
            accommodations=tuple(v["accommodations"]),
            accommodation_note=v["note"],
        )

    def show_error(self, error: InvalidInput) -> None:
        fields = {
            "area": self.area,
            "title": self.title,
            "done_by": self.done_by,
            "hours": self.hours,
            "accommodation_note": self.note,
        }
        field = fields.get(error.field)
        if field is not None:
            field.error = self.ctx.error_text(error)
        else:
            self.message.content = banner(self.ctx.error_text(error))

    def clear_errors(self) -> None:
        for field in (self.area, self.title, self.done_by, self.hours, self.note):
            field.error = None
        self.message.content = None
        self.photo_error.visible = False

    # The green category: one or none -------------------------------------------

    def _green_picker(self, green_id: str) -> Callable[[Any], None]:
        def handler(e: Any) -> None:
            self._choose_green(green_id if e.control.selected else "")
            self.on_change()

        return handler

    def _choose_green(self, green_id: str) -> None:
        self.green = green_id
        for cid, chip in self.greens.items():
            chip.selected = cid == green_id
            mark_chip(chip, one_of_many=True)

    # The photo -------------------------------------------------------------------

    def _picked(self, e: ft.FilePickerResultEvent) -> None:
        if not e.files:
            return
        data = e.files[0].bytes
        try:
            if data is None:
                raise InvalidInput("photo", "photo_unreadable")
            self.photo = photos(self.ctx).add(data)
        except InvalidInput as error:
            self.photo_error.value = self.ctx.error_text(error)
            self.photo_error.visible = True
            return
        self.photo_error.visible = False
        self._show_photo()
        self.on_change()

    def _remove_photo(self, _: Any) -> None:
        self.photo = ""
        self._show_photo()
        self.on_change()

    def _show_photo(self) -> None:
        t = self.ctx.t
        data = thumbnail(self.ctx, self.photo)
        self.preview.controls.clear()
        self.photo_button.content = t("walk.change_photo") if data else t("walk.add_photo")
        if data:
            self.preview.controls += [
                ft.Image(  # as tall as the buttons beside it, so nothing below moves
                    src=data,
                    width=theme.TOUCH,
                    height=theme.TOUCH,
                    fit=ft.BoxFit.COVER,
                    border_radius=8,
                    semantics_label=t("walk.photo_added"),
                ),
                ft.TextButton(
                    content=t("walk.remove_photo"),
                    height=theme.TOUCH,
                    style=theme.button_style(),
                    on_click=self._remove_photo,
                ),
            ]

    # Layout ----------------------------------------------------------------------

    def essentials(self) -> list[ft.Control]:
        return [
            ft.Row([self.area, self.title], spacing=12),
            ft.Row([self.done_by, self.hours], spacing=12),
            ft.Row([self.level]),
        ]

    def details(self) -> list[ft.Control]:
        t = self.ctx.t
        return [
            ft.Text(t("walk.green"), size=theme.TEXT - 2, weight=ft.FontWeight.W_500),
            ft.Row(list(self.greens.values()), wrap=True, spacing=8, run_spacing=8),
            ft.Text(t("walk.accommodations"), size=theme.TEXT - 2, weight=ft.FontWeight.W_500),
            ft.Row(list(self.chips.values()), wrap=True, spacing=8, run_spacing=8),
            self.note,
        ]

    def photo_row(self) -> ft.Control:
        return ft.Row([self.photo_button, self.preview], wrap=True, spacing=12, run_spacing=8)


def walkaround_controls(ctx: AppContext, *, visit: VisitSummary) -> list[ft.Control]:
    t, pack = ctx.t, ctx.pack_of(visit)
    green_ids = [c.id for c in pack.green_categories]
    accommodation_ids = [a.id for a in pack.accommodations]
    # What is typed is kept on the tablet at every change (local, never synced), so a
    # killed app, a language switch or the other consultant taking the pen loses nothing:
    # the text fields as the form's draft (see the module docstring), the rest as JSON.
    draft_key = f"walk_draft:{visit.id}"
    texts_key = f"{visit.id}:walk:new"

    def keep() -> None:
        values = form.values()
        for name, kept_field in unsaved.fields.items():
            kept_field.typed(values[name])
        ctx.store.set_state(draft_key, json.dumps({k: values[k] for k in CHOICES}, ensure_ascii=False))

    def drafts_of(new: TaskForm, start: dict[str, str]) -> FormDraft:
        """The draft of ``new``'s text fields; ``start``: what they hold as it is drawn."""
        fields = new.text_fields()
        return FormDraft(
            ctx,
            fields,
            key=texts_key,
            time_key=f"walk_draft_at:{visit.id}",
            labels={name: str(field.label) for name, field in fields.items()},
            saved=start,
            listen=False,  # the form's own handlers follow the browser's reports, then keep()
        )

    start = {"area": visit_records.last_area(ctx.store, visit_id=visit.id)}
    kept = _kept(ctx.store.get_state(draft_key)) or {}
    if _bring_forward(ctx, kept, start=start, key=texts_key):
        ctx.store.set_state(draft_key, json.dumps(kept, ensure_ascii=False))
    form = TaskForm(ctx, pack=pack, values={**start, **{k: kept[k] for k in CHOICES if k in kept}}, on_change=keep)
    unsaved = drafts_of(form, start)
    restored_slot = ft.Container()  # the banner of a draft brought back, until saved or discarded

    def discarded() -> None:
        form.clear_choices()
        form.clear_errors()
        ctx.store.set_state(draft_key, "")
        restored_slot.content = None
        guard.panel.controls = []

    if unsaved.restored:
        restored_slot.content = unsaved.banner(
            button=t("walk.save"), discard_text=t("walk.discard_text"), on_discarded=discarded
        )
    saved_text = ft.Text(size=theme.TEXT - 2, weight=ft.FontWeight.W_500, color=ft.Colors.PRIMARY)
    saved = ft.Row([ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY), saved_text], visible=False)
    listing = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    level_filter = ALL
    green_filter = ALL

    slot = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    retired: list[ft.Control] = []  # the last saved task's hidden form
    guard = SaveGuard(ctx)  # a CPR-like number in a field is asked about before saving

    stray_key = f"walk_stray:{visit.id}"
    strays = _Strays.read(ctx.store.get_state(stray_key))
    stray_offers = ft.Column()  # the offers, in the form on show (see show_form)

    def stray(old: TaskForm, task_id: str, title: str, after: dict[str, str]) -> None:
        """The browser reported a change for the form of the task just saved (``title``):
        typed before the next task's form was drawn (views.autosave explains why; a field
        the browser emptied was given the task's text plus what was typed since, by
        :meth:`TaskForm.retire`'s rule). The task is never changed by it: what was added
        to each field is offered under the new form, whose fields held ``after`` then.
        A report that adds nothing (an earlier version, a letter taken back) leaves no
        offer."""
        typed = {
            key: added_text(old.reports[key].shown, control.value or "") for key, control in old.text_fields().items()
        }
        typed = {key: text for key, text in typed.items() if text.strip()}
        if typed:
            strays.offers[task_id] = _Stray(title=title, typed=typed, after=after)
        else:
            strays.offers.pop(task_id, None)
        ctx.store.set_state(stray_key, strays.dump())
        draw_strays()

    def draw_strays() -> None:
        """Each saved task's offer, with its own buttons."""

        def drawn(token: str, waiting: _Stray) -> ft.Control:
            def insert(_: Any) -> None:
                put_strays_in(token)

            def discard(_: Any) -> None:
                forget_strays(token)

            words = " ".join(text.strip() for text in waiting.typed.values())
            return stray_offer(
                t("walk.stray", title=waiting.title, text=words),
                insert=t("walk.stray_insert"),
                discard=t("walk.stray_discard"),
                on_insert=insert,
                on_discard=discard,
                key=f"walk-stray-{token}",
            )

        stray_offers.controls = [drawn(token, waiting) for token, waiting in strays.offers.items()]
        stray_offers.visible = bool(stray_offers.controls)

    def put_strays_in(token: str) -> None:
        """Each field's words into the new form's field, where they were typed: after what
        it held when it was drawn, before what was typed into it since (at the end if its
        text was changed before that point)."""
        waiting = strays.offers.get(token)
        if waiting is None:
            return  # a second tap
        fields = form.text_fields()
        for key, text in waiting.typed.items():
            value = fields[key].value or ""
            start = waiting.after.get(key, "")
            held = start if value.startswith(start) else value
            joiner = "" if not held or held.endswith((" ", "\n")) else " "
            put_text(fields[key], held + joiner + text.strip() + value[len(held) :])
        forget_strays(token)
        keep()

    def forget_strays(token: str) -> None:
        strays.offers.pop(token, None)
        ctx.store.set_state(stray_key, strays.dump())
        draw_strays()

    def show_form(new: TaskForm) -> None:
        nonlocal stray_offers
        new.title.on_submit = save  # the keyboard's Enter saves as well
        stray_offers.controls = []  # the offers waiting move to the new form, under its title
        stray_offers = ft.Column(spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        slot.controls.append(_form_layout(new, stray_offers))
        draw_strays()

    async def save(_: Any) -> None:
        nonlocal form, unsaved
        current = form
        current.clear_errors()
        if not guard.allows(list(current.text_fields().values()), retry=lambda: save(None)):
            return
        draft = current.draft()
        try:
            task_id = visit_records.save_task(
                ctx.store,
                visit_id=visit.id,
                draft=draft,
                author=ctx.author(visit.id),
                green_ids=green_ids,
                accommodation_ids=accommodation_ids,
                photo=current.photo or None,
            )
        except InvalidInput as error:
            current.show_error(error)
            return
        saved_text.value, saved.visible = t("walk.saved", title=draft.title.strip()), True
        ctx.store.set_state(draft_key, "")
        for kept_field in unsaved.fields.values():
            kept_field.discard()  # the task holds it now: no draft (the fields stay, for retire)
        ctx.store.set_state(f"walk_draft_at:{visit.id}", "")
        restored_slot.content = None
        # The next task gets a form of its own; the saved one stays, hidden, bound to its
        # task, so nothing typed into it before the new one is drawn lands elsewhere.
        layout = slot.controls[-1]
        layout.visible = False
        current.retire()
        current.title.on_submit = None
        for old_layout in retired:
            slot.controls.remove(old_layout)
        retired[:] = [layout]
        form = TaskForm(ctx, pack=pack, values={"area": draft.area.strip()}, on_change=keep)
        unsaved = drafts_of(form, {"area": draft.area.strip()})
        drawn = {key: control.value or "" for key, control in form.text_fields().items()}
        current.on_change = lambda: stray(current, task_id, draft.title.strip(), drawn)
        show_form(form)
        draw_list()
        ctx.page.update()
        await form.title.focus()  # ready for the next task's title

    def choose_level(e: Any) -> None:
        nonlocal level_filter
        level_filter = e.control.selected[0] if e.control.selected else ALL
        draw_list()

    def green_chooser(green_id: str) -> Callable[[Any], None]:
        def handler(e: Any) -> None:
            nonlocal green_filter
            green_filter = green_id if e.control.selected and green_id != ALL else ALL
            draw_list()

        return handler

    def draw_green_filters(everything: list[SpottedTask]) -> None:
        nonlocal green_filter
        used = Counter(task.green for task in everything if task.green)
        if green_filter not in used:
            green_filter = ALL
        options = [(ALL, t("walk.filter_green_all"))] + [
            (c.id, f"{c.title} ({used[c.id]})") for c in ctx.pack_of(visit).green_categories if c.id in used
        ]
        green_filters.controls = [  # one category (or all) is shown: a choice of one, not checkboxes
            choice_chip(label, selected=green_filter == key, on_select=green_chooser(key), one_of_many=True)
            for key, label in options
        ]
        green_filters.visible = bool(used)

    def draw_list() -> None:
        everything = visit_records.tasks(ctx.store, visit_id=visit.id)
        draw_green_filters(everything)
        shown = [
            task
            for task in everything
            if (level_filter == ALL or str(task.level) == level_filter)
            and (green_filter == ALL or task.green == green_filter)
        ]
        listing.controls = _grouped(ctx, visit, shown, edit=open_editor)
        if not everything:
            listing.controls = [ft.Text(t("walk.none"), size=theme.TEXT)]
        elif not shown:
            listing.controls = [ft.Text(t("walk.none_match"), size=theme.TEXT)]
        total = sum(task.hours for task in everything)
        summary.value = t(
            "walk.summary_one" if len(everything) == 1 else "walk.summary",
            count=len(everything),
            hours=hours_text(ctx, total),
        )
        if len(shown) != len(everything):
            summary.value += " " + t("walk.showing", shown=len(shown))

    def edited() -> None:
        saved.visible = False  # it may name the task just changed or deleted
        draw_list()

    def open_editor(task: SpottedTask) -> None:
        _edit_dialog(ctx, visit, task, on_done=edited)

    summary = ft.Text(size=theme.TEXT - 2)
    level_filters = ft.SegmentedButton(
        segments=[ft.Segment(value=ALL, label=ft.Text(t("walk.filter_all"), size=theme.TEXT - 2))]
        + [
            ft.Segment(value=str(level), label=ft.Text(t("walk.level", level=level), size=theme.TEXT - 2))
            for level in (1, 2, 3)
        ],
        selected=[ALL],
        show_selected_icon=False,
        on_change=choose_level,
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=14)),
    )
    green_filters = ft.Row(wrap=True, spacing=8, run_spacing=8)
    draw_list()

    show_form(form)
    nobody = [] if ctx.author(visit.id) else [banner(t("walk.nobody_writing"), error=False)]
    capture = ft.Card(
        content=ft.Container(
            padding=theme.GAP,
            content=ft.Column(
                [
                    ft.Text(t("walk.new_task"), size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD),
                    restored_slot,
                    slot,
                    guard.panel,
                    # After the last field in portrait and landscape alike: what is filled
                    # in last (the note on accommodations) is not left out of a save.
                    ft.Row(
                        [
                            ft.FilledButton(
                                content=t("walk.save"),
                                icon=ft.Icons.SAVE,
                                height=theme.TOUCH,
                                style=theme.button_style(),
                                on_click=save,
                            ),
                            saved,
                        ],
                        wrap=True,
                        spacing=16,
                        run_spacing=8,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                ],
                spacing=12,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        )
    )
    recorded = ft.Card(
        content=ft.Container(
            padding=theme.GAP,
            content=ft.Column(
                [
                    ft.Text(t("walk.recorded"), size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD),
                    summary,
                    level_filters,
                    green_filters,
                    listing,
                ],
                spacing=12,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        )
    )
    return [*nobody, _questions(ctx, pack), capture, recorded]


@dataclass
class _Stray:
    """Words typed into the form of the task saved as ``title`` after its save (field key
    -> words), offered under the new form, whose fields held ``after`` when it was drawn."""

    title: str
    typed: dict[str, str]
    after: dict[str, str] = dc_field(default_factory=dict)


@dataclass
class _Strays:
    """The offers waiting, by the saved task each came from, oldest first. Kept in local
    state as JSON (never synced) until the consultant chooses."""

    offers: dict[str, _Stray] = dc_field(default_factory=dict)

    @classmethod
    def read(cls, saved: str) -> _Strays:
        """From local state; nothing for a missing or unreadable entry."""
        try:
            kept = json.loads(saved) if saved else {}
        except ValueError:
            return cls()
        items = kept.get("offers") if isinstance(kept, dict) else None
        offers: dict[str, _Stray] = {}
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get("typed"), dict):
                continue
            after = item.get("after")
            after = after if isinstance(after, dict) else {}
            offers[str(item.get("task", ""))] = _Stray(
                title=str(item.get("title", "")),
                typed={str(k): str(v) for k, v in item["typed"].items()},
                after={str(k): str(v) for k, v in after.items()},
            )
        return cls(offers)

    def dump(self) -> str:
        """For local state ("" when nothing waits)."""
        if not self.offers:
            return ""
        return json.dumps(
            {"offers": [{"task": task, **asdict(offer)} for task, offer in self.offers.items()]}, ensure_ascii=False
        )


def _form_layout(form: TaskForm, offers: ft.Control) -> ft.Control:
    """The quick-capture form's fields: one column in portrait, two in landscape.
    ``offers``: the words typed into a just-saved task's form, right under the title field
    the consultant typed them into (fix-walk trial: under "Gem opgave" they were below
    the fold, and the letters seemed to vanish)."""
    title_row, *rest = form.essentials()
    return ft.Column(
        [
            form.message,
            ft.ResponsiveRow(
                [
                    ft.Column(
                        [title_row, offers, *rest, form.photo_row(), form.photo_error],
                        spacing=12,
                        col={"xs": 12, "lg": 6},
                        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    ),
                    ft.Column(
                        form.details(),
                        spacing=10,
                        col={"xs": 12, "lg": 6},
                        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    ),
                ],
                spacing=theme.GAP,
                run_spacing=12,
            ),
        ],
        spacing=12,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        key=ft.ValueKey(f"task-form-{id(form)}"),
    )


def _bring_forward(ctx: AppContext, kept: dict[str, Any], *, start: dict[str, str], key: str) -> bool:
    """A draft kept by an earlier version of the app (the whole form as JSON under
    ``walk_draft:<visit>``): its texts are taken out of ``kept`` and become the form's
    draft (``draft:<key>:<field>``) where none is kept yet and they differ from what the
    form starts with (``start``). True when ``kept`` held texts (it is to be written back)."""
    found = False
    for name in ("area", "title", "done_by", "hours", "note"):
        found = found or name in kept
        text = kept.pop(name, None)
        draft_key = f"{DRAFT_PREFIX}{key}:{name}"
        if isinstance(text, str) and text and text != start.get(name, "") and not ctx.store.get_state(draft_key):
            ctx.store.set_state(draft_key, text)
    return found


def _kept(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _questions(ctx: AppContext, pack: ContentPack) -> ft.Control:
    """The walk-around questions as prompts, one at a time, paged with big buttons."""
    t = ctx.t
    questions = pack.walkaround_questions
    position = 0
    where = ft.Text(size=theme.TEXT - 3, color=ft.Colors.ON_SURFACE_VARIANT)
    question = ft.Text(size=theme.TEXT + 2, weight=ft.FontWeight.W_500)
    hint = ft.Text(size=theme.TEXT - 3, italic=True)
    back = ft.OutlinedButton(
        content=t("walk.question_previous"), icon=ft.Icons.ARROW_BACK, height=48, style=theme.button_style()
    )
    forward = ft.FilledTonalButton(
        content=t("walk.question_next"), icon=ft.Icons.ARROW_FORWARD, height=48, style=theme.button_style()
    )

    def show() -> None:
        item = questions[position]
        where.value = t("walk.questions", n=position + 1, total=len(questions))
        question.value = item.text
        hint.value = item.hint or ""
        hint.visible = bool(item.hint)
        back.disabled = position == 0
        forward.disabled = position == len(questions) - 1

    def move(delta: int) -> Callable[[Any], None]:
        def handler(_: Any) -> None:
            nonlocal position
            position = max(0, min(len(questions) - 1, position + delta))
            show()

        return handler

    back.on_click, forward.on_click = move(-1), move(1)
    show()
    return ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [ft.Icon(ft.Icons.LIGHTBULB_OUTLINE), ft.Container(where, expand=True), back, forward],
                    wrap=False,
                    spacing=8,
                ),
                question,
                hint,
            ],
            spacing=4,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        border_radius=12,
        padding=ft.Padding.symmetric(horizontal=16, vertical=10),
    )


def _grouped(
    ctx: AppContext, visit: VisitSummary, tasks: list[SpottedTask], *, edit: Callable[[SpottedTask], None]
) -> list[ft.Control]:
    """The tasks under a heading per area, in the order the areas were first visited."""
    t = ctx.t
    areas: dict[str, list[SpottedTask]] = {}
    for task in tasks:
        areas.setdefault(task.area, []).append(task)
    roles = {p.name: p.role for p in visit_records.participants(ctx.store, visit_id=visit.id)}
    out: list[ft.Control] = []
    for area, in_area in areas.items():
        hours = hours_text(ctx, sum(task.hours for task in in_area))
        out.append(
            ft.Container(
                content=ft.Text(
                    t(
                        "walk.area_heading_one" if len(in_area) == 1 else "walk.area_heading",
                        area=area or t("walk.no_area"),
                        count=len(in_area),
                        hours=hours,
                    ),
                    size=theme.TEXT,
                    weight=ft.FontWeight.BOLD,
                ),
                padding=ft.Padding.only(top=8),
            )
        )
        out += [
            _task_card(ctx, ctx.pack_of(visit), task, role=roles.get(task.author, "other"), edit=edit)
            for task in in_area
        ]
    return out


def _badge(text: str, colour: str) -> ft.Control:
    return ft.Container(
        content=ft.Text(text, size=theme.TEXT - 4),
        bgcolor=colour,
        border_radius=12,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
    )


def _task_card(
    ctx: AppContext, pack: ContentPack, task: SpottedTask, *, role: str, edit: Callable[[SpottedTask], None]
) -> ft.Control:
    t = ctx.t
    greens = {c.id: c.title for c in pack.green_categories}
    facts = [t("walk.done_by_short", who=task.done_by)] if task.done_by else []
    if task.hours:
        facts.append(t("walk.hours_short", hours=hours_text(ctx, task.hours)))
    badges: list[ft.Control] = [_badge(t("walk.level", level=task.level), LEVEL_COLOURS.get(task.level, "white"))]
    if task.green in greens:
        badges.append(_badge(greens[task.green], ft.Colors.LIGHT_GREEN_200))
    badges += [  # in the pack's order, as the chips show them
        _badge(a.title, ft.Colors.BLUE_GREY_50) for a in pack.accommodations if a.id in task.accommodations
    ]
    if task.position_id:
        badges.append(_badge(t("walk.from_position"), ft.Colors.PURPLE_50))
    body: list[ft.Control] = [ft.Text(task.title, size=theme.TEXT, weight=ft.FontWeight.BOLD)]
    if facts:
        body.append(ft.Text(" · ".join(facts), size=theme.TEXT - 2))
    body.append(ft.Row(badges, wrap=True, spacing=6, run_spacing=6))
    if task.accommodation_note:
        body.append(
            folding_text(
                task.accommodation_note,
                more=t("notes.show_more"),
                less=t("notes.show_less"),
                size=theme.TEXT - 3,
                italic=True,
            )
        )
    leading: list[ft.Control] = []
    data = thumbnail(ctx, task.photo)
    if data:
        leading.append(
            ft.Image(
                src=data,
                width=THUMB,
                height=THUMB,
                fit=ft.BoxFit.COVER,
                border_radius=8,
                semantics_label=t("walk.photo_of", title=task.title),
            )
        )

    def open_it(_: Any) -> None:
        edit(task)

    return ft.Container(
        content=ft.Row(
            [
                *leading,
                ft.Column(body, spacing=6, expand=True),
                ft.Column([avatar(task.author, role)], tooltip=task.author or None),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        padding=12,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=12,
        ink=True,
        on_click=open_it,
    )


def _edit_dialog(ctx: AppContext, visit: VisitSummary, task: SpottedTask, *, on_done: Callable[[], None]) -> None:
    """Change or delete a recorded task, in a dialog over the list."""
    t = ctx.t
    form = TaskForm(ctx, pack=ctx.pack_of(visit), values=task_values(ctx, task))
    guard = SaveGuard(ctx)
    confirm = False

    def close() -> None:
        close_dialog(ctx.page)
        on_done()
        ctx.page.update()

    def save(_: Any) -> None:
        form.clear_errors()
        if not guard.allows(list(form.text_fields().values()), retry=lambda: save(None)):
            return
        try:
            visit_records.save_task(
                ctx.store,
                visit_id=visit.id,
                task_id=task.id,
                draft=form.draft(),
                author=ctx.author(visit.id),
                green_ids=[c.id for c in ctx.pack_of(visit).green_categories],
                accommodation_ids=[a.id for a in ctx.pack_of(visit).accommodations],
                photo=form.photo,
            )
        except InvalidInput as error:
            form.show_error(error)
            return
        close()

    def delete(e: Any) -> None:
        nonlocal confirm
        if not confirm:
            confirm = True
            e.control.content = t("walk.delete_confirm")
            return
        visit_records.delete_task(ctx.store, task_id=task.id)
        close()

    def cancel(_: Any) -> None:
        close_dialog(ctx.page)

    guard.dialog = editor = dialog(
        title=t("walk.edit_title"),
        content=ft.Container(
            width=720,
            content=ft.Column(
                [
                    form.message,
                    *form.essentials(),
                    form.photo_row(),
                    form.photo_error,
                    *form.details(),
                    guard.panel,
                ],
                spacing=12,
                tight=True,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        ),
        actions=[
            ft.OutlinedButton(
                content=t("walk.delete"),
                icon=ft.Icons.DELETE_OUTLINE,
                height=theme.TOUCH,
                style=theme.button_style(),
                on_click=delete,
            ),
            ft.TextButton(content=t("walk.cancel"), height=theme.TOUCH, style=theme.button_style(), on_click=cancel),
            ft.FilledButton(
                content=t("walk.save_changes"),
                icon=ft.Icons.SAVE,
                height=theme.TOUCH,
                style=theme.button_style(),
                on_click=save,
            ),
        ],
        actions_alignment=ft.MainAxisAlignment.END,
        scrollable=True,
        inset_padding=ft.Padding.symmetric(horizontal=24, vertical=24),
    )
    ctx.page.show_dialog(editor)
