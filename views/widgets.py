"""Small building blocks shared by the screens: big buttons, fields, section cards."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import flet as ft

from views import theme

Handler = Callable[[Any], Any]


def big_button(text: str, *, on_click: Handler, icon: ft.IconData | None = None, primary: bool = True) -> ft.Control:
    kind = ft.FilledButton if primary else ft.OutlinedButton
    return kind(content=text, icon=icon, on_click=on_click, height=theme.TOUCH, style=theme.button_style())


def dialog(title: str, *, title_size: int | None = None, bold: bool = False, **kwargs: Any) -> ft.AlertDialog:
    """A dialog that a screen reader announces by its title (``title``), not as
    "Underretning": Flutter names an unnamed dialog by its role only. ``kwargs`` go to
    :class:`ft.AlertDialog` (``content``, ``actions``, ``modal``, ``on_dismiss``, …)."""
    heading = ft.Text(title, size=title_size, weight=ft.FontWeight.BOLD if bold else None)
    return ft.AlertDialog(title=heading, semantics_label=title, **kwargs)


def close_dialog(page: ft.Page) -> None:
    """Close the topmost open dialog or sheet, passing over notices (:class:`ft.SnackBar`).

    Flet's ``page.pop_dialog()`` closes the topmost of any kind, and a notice is one: after
    a notice shown from within a dialog ("1 ændring er sendt igen" from the sync sheet),
    the dialog's own "Luk" closed the notice and the dialog stayed open. Reads Flet's dialog
    stack (``page._dialogs``, flet 1.0.5, pinned in pyproject.toml).
    """
    stack = getattr(getattr(page, "_dialogs", None), "controls", None)
    if stack is None:  # a Flet without that stack (or a stand-in page): its own rule
        page.pop_dialog()
        return
    for shown in reversed(stack):
        if shown.open and not isinstance(shown, ft.SnackBar):
            shown.open = False
            shown.update()
            return


def dialog_actions(
    page: ft.Page, *, cancel: str, confirm: str, on_confirm: Handler, icon: ft.IconData | None = None
) -> list[ft.Control]:
    """The two buttons under a dialog: cancel closes it, confirm runs ``on_confirm``."""
    return [
        ft.TextButton(
            content=cancel, height=theme.TOUCH, style=theme.button_style(), on_click=lambda _: close_dialog(page)
        ),
        ft.FilledButton(
            content=confirm, icon=icon, height=theme.TOUCH, style=theme.button_style(), on_click=on_confirm
        ),
    ]


def icon_button(
    icon: ft.IconData, label: str, *, on_click: Handler, icon_size: int = 24, **kwargs: Any
) -> ft.IconButton:
    """A button that is only an icon, named for a screen reader by ``label`` (a tooltip
    alone names a wrapper around the button, not the button) and at least 48 px square."""
    return ft.IconButton(
        icon=ft.Icon(icon, size=icon_size, semantics_label=label),
        tooltip=label,
        on_click=on_click,
        padding=max(0, (theme.TARGET - icon_size) // 2),
        **kwargs,
    )


def touch_box(control: ft.Control) -> ft.Control:
    """A checkbox (or radio) at the front of a list row whose whole row toggles it
    (``toggle_inputs``): its accessible target is 48 x 48 px, as a finger's is.
    Flutter draws the box itself 40 px on a desktop browser."""
    return ft.MergeSemantics(
        content=ft.Container(content=control, width=theme.TARGET, height=theme.TARGET, alignment=ft.Alignment.CENTER)
    )


def check_row(box: ft.Checkbox, label: str) -> ft.ListTile:
    """A checkbox with its label as one list row that ticks the box wherever it is tapped,
    at least 56 px tall (a labelled Checkbox is 40). ``box`` carries the accessible name
    (``semantics_label``) and the value."""
    return ft.ListTile(
        leading=touch_box(box),
        title=ft.Text(label, size=theme.TEXT),
        toggle_inputs=True,
        disabled=box.disabled,
        min_height=theme.TOUCH,
        content_padding=ft.Padding.symmetric(horizontal=0),
    )


def named(t: Callable[..., str], action: str, what: str) -> ft.Text:
    """A button's words as drawn (``action``), named "<action> · <what>" for a screen
    reader: for a button that each row of a list has (one per person, per follow-up),
    so that no two are told alike. ``t`` is the screen's translator."""
    return ft.Text(action, semantics_label=t("a11y.named", action=action, what=what))


def switch(label: str, *, value: bool, on_change: Handler, **kwargs: Any) -> ft.Switch:
    """A switch with its label, 48 px tall (Flutter's is 40 on a desktop browser)."""
    return ft.Switch(
        label=label,
        value=value,
        on_change=on_change,
        label_text_style=ft.TextStyle(size=theme.TEXT),
        padding=ft.Padding.symmetric(horizontal=4, vertical=(theme.TARGET - 40) // 2),
        **kwargs,
    )


def delete_button(label: str, *, on_click: Handler) -> ft.Control:
    """A dialog's delete action, in the error colour, beside its cancel and save buttons."""
    return ft.TextButton(
        content=label,
        icon=ft.Icons.DELETE_OUTLINE,
        on_click=on_click,
        height=theme.TOUCH,
        style=ft.ButtonStyle(
            text_style=ft.TextStyle(size=theme.TEXT),
            color=ft.Colors.ERROR,
            padding=ft.Padding.symmetric(horizontal=16, vertical=12),
        ),
    )


def text_field(label: str, *, value: str = "", multiline: bool = False, **kwargs: Any) -> ft.TextField:
    """A text field with the app's sizes. ``keyboard_type=ft.KeyboardType.URL`` is taken as
    plain text: Flutter's web client makes it an ``<input type="url">``, and Chromium drops
    every space typed into one, so "firma dk" showed as "firmadk" without a word (the
    form's check is the one to say a web address is wrong)."""
    if kwargs.get("keyboard_type") == ft.KeyboardType.URL:
        kwargs["keyboard_type"] = ft.KeyboardType.TEXT
    return ft.TextField(
        label=label,
        value=value,
        multiline=multiline,
        min_lines=3 if multiline else None,
        max_lines=12 if multiline else 1,
        text_size=theme.TEXT,
        label_style=ft.TextStyle(size=theme.TEXT - 2),
        **kwargs,
    )


def password_field(label: str, *, show: str, hide: str) -> ft.TextField:
    """A password field with a named button that shows and hides what is typed (Flutter's
    own reveal button has no name a screen reader can say)."""
    field = text_field(label, password=True)

    def flip(_: Any) -> None:
        field.password = not field.password
        field.suffix_icon = eye()

    def eye() -> ft.IconButton:
        hidden = bool(field.password)
        return icon_button(
            ft.Icons.VISIBILITY if hidden else ft.Icons.VISIBILITY_OFF, show if hidden else hide, on_click=flip
        )

    field.suffix_icon = eye()
    return field


def section(title: str, *controls: ft.Control) -> ft.Control:
    return ft.Card(
        content=ft.Container(
            padding=theme.GAP,
            content=ft.Column(
                [ft.Text(title, size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD), *controls],
                spacing=12,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        ),
    )


def two_columns(*controls: ft.Control) -> ft.ResponsiveRow:
    """One column in portrait, two side by side on a landscape tablet."""
    return ft.ResponsiveRow(
        [ft.Container(content=c, col={"xs": 12, "lg": 6}) for c in controls],
        spacing=theme.GAP,
        run_spacing=theme.GAP,
    )


def banner(text: str, *, error: bool = True) -> ft.Control:
    return ft.Container(
        content=ft.Row(
            [
                ft.Icon(ft.Icons.WARNING_AMBER if error else ft.Icons.INFO_OUTLINE),
                ft.Text(text, size=theme.TEXT - 2, expand=True),
            ]
        ),
        bgcolor=ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER,
        padding=12,
        border_radius=8,
    )


def tab_button(label: str, *, selected: bool, on_click: Handler, icon: ft.IconData | None = None) -> ft.Control:
    """One of a row of buttons that choose what is shown (a phase of the cards): a button
    whose chosen one is filled and told to a screen reader as the current one. Not a chip:
    Flutter announces a selectable chip as a checkbox, and nothing here is ticked off."""
    button = ft.OutlinedButton(
        content=ft.Text(label, size=theme.TEXT - 2),
        icon=icon,
        height=theme.TOUCH,
        on_click=on_click,
        style=ft.ButtonStyle(
            padding=ft.Padding.symmetric(horizontal=14, vertical=8),
            shape=ft.RoundedRectangleBorder(radius=8),
            bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else None,
            color=ft.Colors.ON_SECONDARY_CONTAINER if selected else None,  # 7:1 (tests/views/test_contrast.py)
            side=ft.BorderSide(2 if selected else 1, ft.Colors.PRIMARY if selected else ft.Colors.OUTLINE),
            text_style=ft.TextStyle(weight=ft.FontWeight.BOLD if selected else None),
        ),
    )
    return ft.MergeSemantics(content=ft.Semantics(selected=selected, content=button))


def choice_chip(label: str, *, selected: bool, on_select: Any, one_of_many: bool = False, name: str = "") -> ft.Control:
    """A chip to switch on and off. Its box (or radio dot) is always there, so a chip does
    not grow when chosen and push its neighbours onto another line under a finger.

    ``one_of_many``: one of a row of which one (or none) is chosen, a :class:`OneChoice`
    that a screen reader calls the current one, not a checkbox. ``on_select`` is called
    with an event whose ``control.selected`` is the chip's new state, as a chip's is.
    ``name``: what a screen reader calls it, when not its ``label`` (one of many only)."""
    if one_of_many:
        choice = OneChoice(label=label, selected=selected, name=name)
        choice.chosen = on_select
        choice.paint()
        return choice
    chip = ft.Chip(
        label=ft.Text(label, size=theme.TEXT - 2),
        selected=selected,
        show_checkmark=False,
        selected_color=ft.Colors.TEAL_100,
        on_select=on_select,
        padding=ft.Padding.symmetric(horizontal=4, vertical=12),  # 48 px tall: a finger's width
    )
    mark_chip(chip)
    return chip


@ft.control
class OneChoice(ft.MergeSemantics):  # type: ignore[misc]
    """One of a row of choices drawn as a chip with a radio dot (a filter, a period, an
    area), of which one or none is chosen. Flutter announces a selectable chip as a
    checkbox; this is a button whose chosen one is marked current (``aria-current`` on
    the web), as :func:`tab_button`. A tap flips ``selected`` and calls ``chosen`` with an
    event whose ``control`` is this choice. After setting ``selected`` from outside, call
    :func:`mark_chip` (or :meth:`paint`) to draw it so."""

    label: str = ""
    selected: bool = False
    name: str = ""  # for a screen reader, when not the label ("Alle · Niveau")

    @property
    def chosen(self) -> Handler | None:
        return getattr(self, "_chosen", None)

    @chosen.setter
    def chosen(self, handler: Handler | None) -> None:
        self._chosen = handler  # not a field: a handler is not sent to the client

    def paint(self) -> None:
        """Draw the chip as chosen or not: dot, colour, and the current mark."""
        dot = ft.Icons.RADIO_BUTTON_CHECKED if self.selected else ft.Icons.RADIO_BUTTON_UNCHECKED
        button = ft.OutlinedButton(
            content=ft.Row(
                [ft.Icon(dot, size=20), ft.Text(self.label, size=theme.TEXT - 2, semantics_label=self.name or None)],
                tight=True,
                spacing=8,
            ),
            height=theme.TARGET,
            on_click=self._tapped,
            style=ft.ButtonStyle(
                padding=ft.Padding.symmetric(horizontal=12, vertical=8),
                shape=ft.RoundedRectangleBorder(radius=8),
                bgcolor=ft.Colors.LIGHT_GREEN_200 if self.selected else None,
                color=ft.Colors.ON_SURFACE_VARIANT,  # 6.5:1 on the chosen green (tests/views/test_contrast.py)
                side=ft.BorderSide(1, ft.Colors.OUTLINE if self.selected else ft.Colors.OUTLINE_VARIANT),
            ),
        )
        self.content = ft.Semantics(selected=self.selected, content=button)

    async def _tapped(self, _: Any) -> None:
        self.selected = not self.selected
        self.paint()
        if self.chosen is not None:
            result = self.chosen(ft.Event("select", self))
            if inspect.isawaitable(result):
                await result


def mark_chip(chip: ft.Control, *, one_of_many: bool = False) -> None:
    """Draw a chip as its ``selected`` says, after it was set from outside."""
    if isinstance(chip, OneChoice):
        chip.paint()
        return
    assert isinstance(chip, ft.Chip)
    if one_of_many:
        icon = ft.Icons.RADIO_BUTTON_CHECKED if chip.selected else ft.Icons.RADIO_BUTTON_UNCHECKED
    else:
        icon = ft.Icons.CHECK_BOX if chip.selected else ft.Icons.CHECK_BOX_OUTLINE_BLANK
    chip.leading = ft.Icon(icon, size=20)


def radio(value: str, label: str) -> ft.Control:
    """A radio button with its label, 56 px tall: Flutter shrink-wraps a radio's target
    to 40 px on the web and a desktop, and a radio's accessible box is the height it is
    given. Goes inside an :class:`ft.RadioGroup`."""
    # No alignment: the Container's height must reach the Radio as a tight constraint.
    return ft.Container(
        height=theme.TOUCH, content=ft.Radio(value=value, label=label, label_style=ft.TextStyle(size=theme.TEXT))
    )


FOLD_CHARS = 240
FOLD_LINES = 4


def folded(text: str, *, chars: int = FOLD_CHARS, lines: int = FOLD_LINES) -> str | None:
    """The first ``chars`` characters (or ``lines`` lines) of a long note, cut at a word and
    ended with "…"; ``None`` when the note is short enough to show whole."""
    kept = text.split("\n")
    if len(text) <= chars + chars // 4 and len(kept) <= lines + 1:  # folding would hide too little
        return None
    start = "\n".join(kept[:lines])
    if len(start) > chars:
        cut = start[:chars]
        start = cut[: cut.rfind(" ")] if " " in cut[chars // 2 :] else cut
    return start.rstrip(" \n.,;:–-") + " …"


def folding_text(text: str, *, more: str, less: str, size: int = theme.TEXT, italic: bool = False) -> ft.Control:
    """A note that shows its first lines when long, with "Vis mere" to show all of it and
    "Vis mindre" to fold it again; a short note is just its text."""
    start = folded(text)
    body = ft.Text(start or text, size=size, italic=italic)
    if start is None:
        return body
    toggle = ft.TextButton(
        content=more,
        icon=ft.Icons.EXPAND_MORE,
        height=theme.TOUCH,
        style=ft.ButtonStyle(
            text_style=ft.TextStyle(size=theme.TEXT - 2), padding=ft.Padding.symmetric(horizontal=12, vertical=8)
        ),
    )

    def flip(_: Any) -> None:
        opening = body.value == start
        body.value = text if opening else start
        toggle.content = less if opening else more
        toggle.icon = ft.Icons.EXPAND_LESS if opening else ft.Icons.EXPAND_MORE

    toggle.on_click = flip
    return ft.Column([body, toggle], spacing=0, tight=True, horizontal_alignment=ft.CrossAxisAlignment.START)


def stray_offer(
    message: str,
    *,
    insert: str,
    discard: str,
    on_insert: Handler,
    on_discard: Handler,
    key: str | None = None,
) -> ft.Control:
    """The offer of words typed into a field while it was being taken off screen (a card
    left, a task just saved), kept back from that record: ``message`` says what was typed,
    ``insert`` names the button that puts the words where they were meant to go and
    ``discard`` the one that throws them away. Amber, under the field it offers for, so
    nothing above it moves. ``key``: the offer's identity in the client (one per offer
    when several are listed)."""
    return ft.Container(
        content=ft.Column(
            [
                ft.Text(message, size=theme.TEXT - 2),
                ft.Row(
                    [
                        ft.FilledTonalButton(
                            content=insert,
                            icon=ft.Icons.INPUT,
                            height=theme.TOUCH,
                            style=theme.button_style(),
                            on_click=on_insert,
                        ),
                        ft.TextButton(
                            content=discard, height=theme.TOUCH, style=theme.button_style(), on_click=on_discard
                        ),
                    ],
                    wrap=True,
                    spacing=8,
                    run_spacing=8,
                ),
            ],
            spacing=8,
        ),
        bgcolor=ft.Colors.AMBER_50,
        border_radius=12,
        padding=12,
        margin=ft.Margin.only(top=theme.GAP),
        key=ft.ValueKey(key) if key else None,
    )
