"""Conversation cards by phase: tap or swipe through, mark asked, star, write the answer.

Within a phase the starred cards come first when the screen is opened (not while the
consultant taps through, so a card does not jump away under a finger). The deck reopens
at the card where the consultant left it.

Every card has its own panel (its text, "asked" switch, star, answer field and its own
"Forrige" and "Næste"), drawn the first time the card is shown and kept, hidden, while
another card is on show (views.autosave explains why a single, refilled field cannot
promise that each keystroke lands on its record). What is typed or tapped right after
"Næste" goes to the card on show, or nowhere, never to another card:

- a hidden panel's field is disabled and cannot take the focus, and a change that still
  reaches it from the browser (typed after "Næste" was tapped, before the next card was
  drawn) is not saved to the card left: the field shows its card's saved text again when
  it is shown, and what was typed is offered under the card that came on show in its
  place, the card it was typed for ("Skrevet, mens kortet skiftede: »…«", with "Sæt ind
  i kort n" and "Kassér teksten"). Each leaving of a card makes an offer of its own,
  bound to that card: shown only while that card is on show (on any other card, or
  phase, nothing of it), and kept in the tablet's local state (never synced) until the
  consultant chooses, so neither moving on nor a restart loses it;
- the new card's answer field takes the focus, so no button keeps it (a space typed
  into what looks like the answer field would otherwise tap "Næste" again);
- "Næste" and "Forrige" belong to their card's panel: a second tap (or that space) that
  reaches the app after the deck has moved on moves nothing.

Nothing changes size as an answer is saved: the answer field has a fixed height and a
helper line that is always there, the CPR warning lies over the lower part of the card's
face (the card's height is fixed), the offers of words typed while a card changed come
under "Forrige" and "Næste", and the phase chips scroll sideways instead of
wrapping (opened at the phase in use). Lying down, the card's text is on the left and
its answer and buttons on the right, so all of it fits on a 1280 x 800 screen with
nothing under the floating "Hurtig note" button.
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from typing import Any

import flet as ft

from domain.content import Card
from domain.visit import CardState, VisitSummary, order_for_reopening, phase_progress
from storage import repo
from views import theme
from views.autosave import Autosaved, added_text, autosave, event_text
from views.context import AppContext
from views.widgets import stray_offer, switch, tab_button, text_field

_log = logging.getLogger(__name__)

ANSWER_LINES = 5  # fixed: a field that grows as it is typed in moves the buttons under the finger
FACE_HEIGHT = 300  # every card as tall, so the answer field and the buttons stay put from card to card


def cards_controls(ctx: AppContext, *, visit: VisitSummary, phase_id: str | None = None) -> list[ft.Control]:
    t, pack = ctx.t, ctx.pack_of(visit)
    states = repo.card_states(ctx.store, visit_id=visit.id)
    said = {card_id for card_id, s in states.items() if s.asked or s.starred or s.answer.strip()}
    decks = {p.id: order_for_reopening(pack.deck(p.id, kept=said), states) for p in pack.phases}
    place_key = f"cards_at:{visit.id}"
    phase, position = _where_left(ctx.store.get_state(place_key), decks, phase_id, pack.phases[0].id)

    chips = ft.Row(spacing=8, scroll=ft.ScrollMode.AUTO)
    phase_title = ft.Text(size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD)
    phase_intro = ft.Text(size=theme.TEXT - 2, italic=True)
    faces = ft.Column(spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    entries = ft.Column(spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    panels: dict[str, _CardPanel] = {}
    stray_key = f"cards_stray:{visit.id}"
    strays = _Strays.read(ctx.store.get_state(stray_key))
    offer = ft.Column(spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def current() -> Card:
        return decks[phase][position]

    def state(card: Card) -> CardState:
        return states.get(card.id, CardState(card_id=card.id))

    def draw_chips() -> None:
        chips.controls.clear()
        for p in pack.phases:
            progress = phase_progress(decks[p.id], states)
            chip = tab_button(
                t("cards.phase_chip", title=p.title, asked=progress.asked, total=progress.total),
                selected=p.id == phase,
                # always an icon, so a phase keeps its width when it is done
                icon=ft.Icons.CHECK_CIRCLE if progress.done else ft.Icons.CIRCLE_OUTLINED,
                on_click=pick_phase(p.id),
            )
            chips.controls.append(ft.Container(content=chip, key=ft.ScrollKey(f"phase-{p.id}")))

    async def show_phase_chip() -> None:
        """Scroll the phase row to the phase in use (once, on opening: a row that moves
        while the consultant taps a chip would move it under the finger)."""
        try:
            await chips.scroll_to(scroll_key=f"phase-{phase}", duration=0)
        except Exception:  # the screen was left before it was drawn; nothing to show
            _log.debug("phase row not scrolled", exc_info=True)

    def draw(*, focus: bool = False) -> None:
        info = pack.phase(phase)
        phase_title.value = info.title
        phase_intro.value = info.intro or ""
        card = current()
        if card.id not in panels:
            panel = _CardPanel(
                ctx,
                visit=visit,
                card=card,
                n=position + 1,
                total=len(decks[phase]),
                state=state(card),
                remember=remember,
                move=move,
                stray=stray,
            )
            panels[card.id] = panel
            faces.controls.append(panel.face)
            entries.controls.append(panel.entry)
        on_show = panels[card.id]
        on_show.show(True)
        held = on_show.answer.field.value or ""  # what the card holds as it comes on show
        for card_id, panel in panels.items():
            if card_id != card.id:
                panel.show(False, into=card.id, after=held)
        if focus:
            ctx.page.run_task(panels[card.id].answer.field.focus)
        draw_chips()
        draw_offer()
        ctx.store.set_state(place_key, json.dumps({"phase": phase, "card": card.id}))

    def stray(leaving: _Leaving, text: str) -> None:
        """``text`` was typed into the field of the card ``leaving`` took off screen (the
        whole of it since, as each report carries the field's whole text): the offer of
        that leaving, for the card that came on show then. A report that adds nothing
        leaves the offer as it is: the browser empties a field it hides."""
        if not text.strip():
            return  # adds nothing (an earlier report, or the browser emptying the field it hides)
        strays.offers[leaving.token] = _Stray(source=leaving.source, into=leaving.into, after=leaving.after, text=text)
        ctx.store.set_state(stray_key, strays.dump())
        draw_offer()

    def draw_offer() -> None:
        """The offers made for the card on show, each with its own buttons; none of
        another card's."""
        n = position + 1

        def drawn(token: str, waiting: _Stray) -> ft.Control:
            def insert(_: Any) -> None:
                put_in(token)

            def discard(_: Any) -> None:
                forget(token)

            return stray_offer(
                t("cards.stray", text=waiting.text.strip()),
                insert=t("cards.stray_insert", n=n),
                discard=t("cards.stray_discard"),
                on_insert=insert,
                on_discard=discard,
                key=f"stray-{token}",
            )

        offer.controls = [
            drawn(token, waiting) for token, waiting in strays.offers.items() if waiting.into == current().id
        ]

    def put_in(token: str) -> None:
        """Put an offer's words in its card where they were typed: after what the card
        held when it came on show, before what was typed into it since (at the end if its
        text was changed before that point). A tap that reaches the app after the deck
        moved on (or a second tap) does nothing: the offer shows again on its card."""
        waiting = strays.offers.get(token)
        if waiting is None or waiting.into != current().id:
            return
        panel = panels[current().id]
        value = panel.answer.field.value or ""
        held = waiting.after if value.startswith(waiting.after) else value
        joiner = "" if not held or held.endswith((" ", "\n")) else " "
        forget(token)
        panel.answer.enter(held + joiner + waiting.text.strip() + value[len(held) :])

    def forget(token: str) -> None:
        strays.offers.pop(token, None)
        ctx.store.set_state(stray_key, strays.dump())
        draw_offer()

    def remember(card: Card, **fields: Any) -> CardState:
        repo.save_card(ctx.store, visit_id=visit.id, card_id=card.id, **fields)
        old = state(card)
        merged = {k: v for k, v in fields.items() if v is not None}
        if "answer" in merged and merged["answer"].strip() and "asked" not in merged:
            merged["asked"] = True
        states[card.id] = CardState(
            card_id=card.id,
            asked=merged.get("asked", old.asked),
            starred=merged.get("starred", old.starred),
            answer=merged.get("answer", old.answer),
            author=old.author,
        )
        draw_chips()
        return states[card.id]

    def leave_card(then: Callable[[], None]) -> None:
        """Go to another card; first ask if this card's answer waits as a draft."""
        panel = panels.get(current().id)
        waiting = [panel.answer] if panel is not None and panel.answer.pending else []

        def go_on() -> None:
            then()
            ctx.page.update()

        if ctx.confirm_leaving(go_on, waiting=waiting):
            then()

    def pick_phase(phase_key: str) -> Any:
        def handler(_: Any) -> None:
            if phase_key == phase:
                return  # the phase on show: stay on its card (a tap never throws the place away)

            def go() -> None:
                nonlocal phase, position
                phase, position = phase_key, 0
                draw()

            leave_card(go)

        return handler

    def move(from_card: str, delta: int) -> None:
        """Go ``delta`` cards on from ``from_card``; a tap made on a card no longer on show
        (a second tap, or a space typed on "Næste", that arrives after the move) does nothing."""
        if current().id != from_card:
            return

        def go() -> None:
            nonlocal position
            position = max(0, min(len(decks[phase]) - 1, position + delta))
            draw(focus=True)

        leave_card(go)

    draw()
    ctx.page.run_task(show_phase_chip)

    return [
        chips,
        ft.Column([phase_title, phase_intro], spacing=4),
        ft.ResponsiveRow(
            [
                ft.Container(content=faces, col={"xs": 12, "lg": 6}),
                ft.Container(content=ft.Column([entries, offer], spacing=0), col={"xs": 12, "lg": 6}),
            ],
            spacing=theme.GAP,
            run_spacing=theme.GAP,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    ]


@dataclass(frozen=True)
class _Leaving:
    """One time card ``source`` was taken off screen for card ``into``, which then held
    ``after``; ``token`` tells it from every other leaving (of this card too)."""

    source: str
    into: str
    after: str
    token: str = dc_field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class _Stray:
    """Words (``text``) typed into card ``source``'s field after it was left for card
    ``into``, which then held ``after``: offered on ``into`` only."""

    source: str
    into: str
    after: str
    text: str


@dataclass
class _Strays:
    """The offers waiting, by the leaving each came from (:attr:`_Leaving.token`), oldest
    first. Kept in local state as JSON until the consultant chooses."""

    offers: dict[str, _Stray] = dc_field(default_factory=dict)

    @classmethod
    def read(cls, saved: str) -> _Strays:
        """From local state; nothing for a missing or unreadable entry. The one offer per
        deck kept by the version before (``{"typed": {card left: words}, "into": card,
        "after": text}``) becomes one offer per card left, for the card it named."""
        try:
            kept = json.loads(saved) if saved else {}
        except ValueError:
            return cls()
        if not isinstance(kept, dict):
            return cls()
        offers: dict[str, _Stray] = {}
        if isinstance(kept.get("offers"), list):
            for item in kept["offers"]:
                if isinstance(item, dict) and item.get("token") and item.get("into"):
                    offers[str(item["token"])] = _Stray(
                        **{k: str(item.get(k, "")) for k in ("source", "into", "after", "text")}
                    )
        elif isinstance(kept.get("typed"), dict):
            into, after = str(kept.get("into", "")), str(kept.get("after", ""))
            for source, text in kept["typed"].items():
                offers[f"before-{source}"] = _Stray(source=str(source), into=into, after=after, text=str(text))
        return cls(offers)

    def dump(self) -> str:
        """For local state ("" when nothing waits)."""
        if not self.offers:
            return ""
        return json.dumps({"offers": [{"token": token, **asdict(s)} for token, s in self.offers.items()]})


def _where_left(saved: str, decks: dict[str, list[Card]], phase_id: str | None, first: str) -> tuple[str, int]:
    """The phase and position to open at: the route's phase from its start, else the card
    where the consultant left the deck (local state), else the first card."""
    if phase_id in decks:
        return str(phase_id), 0
    try:
        place = json.loads(saved) if saved else {}
    except ValueError:
        place = {}
    phase = place.get("phase") if isinstance(place, dict) else None
    if phase not in decks:
        return first, 0
    ids = [c.id for c in decks[phase]]
    card = place.get("card")
    return phase, ids.index(card) if card in ids else 0


class _CardPanel:
    """One card with its own switch, star, answer field and buttons, bound to that card for
    life: ``face`` (the card's text) and ``entry`` (what is filled in, and the buttons)."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        visit: VisitSummary,
        card: Card,
        n: int,
        total: int,
        state: CardState,
        remember: Callable[..., CardState],
        move: Callable[[str, int], None],
        stray: Callable[[_Leaving, str], None],
    ) -> None:
        t = self.t = ctx.t
        self.card, self.remember = card, remember
        self.shown = True
        self.leaving = _Leaving(source=card.id, into="", after="")  # set when the card is left
        self.saved = state.answer  # what the card's record holds, shown again after a hidden change
        where = ft.Text(t("cards.position", n=n, total=total), size=theme.TEXT - 2, weight=ft.FontWeight.BOLD)
        lead = ft.Container(
            content=ft.Text(t(f"cards.lead.{card.lead}"), size=theme.TEXT - 4),
            padding=ft.Padding.symmetric(horizontal=10, vertical=4),
            border_radius=12,
            bgcolor={"E": ft.Colors.GREEN_100, "S": ft.Colors.AMBER_100}.get(card.lead, ft.Colors.BLUE_GREY_50),
        )
        self.star = ft.OutlinedButton(height=theme.TOUCH, style=theme.button_style(), on_click=self._toggle_star)
        self.asked = switch(t("cards.asked"), value=state.asked, on_change=self._asked_changed)
        self.asked_by_answer = False  # the answer, not the consultant, marked the card asked
        field = text_field(t("cards.answer_on", n=n, total=total), value=state.answer, multiline=True)
        field.min_lines = field.max_lines = ANSWER_LINES
        field.helper = t("cards.answer_helper")
        field.key = ft.ValueKey(f"answer-{card.id}")
        # The CPR warning (and the cleaned text to look at) lies over the lower part of the
        # card's face, next to the answer (beside it lying down, above it upright): under
        # the field it pushed "Forrige" and "Næste" down under the finger, and lying down
        # under the floating "Hurtig note" button; under the buttons it was out of sight.
        warning = ft.Column(spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.answer: Autosaved = autosave(
            ctx,
            field,
            self._save_answer,
            draft=f"{visit.id}:card:{card.id}",
            warning=warning,
            label=t("cards.answer_on", n=n, total=total),
        )
        saving = field.on_change

        async def on_change(e: Any) -> None:
            if not self.shown:  # typed while the card was changing: offered, not saved here
                # Read by the one rule for a field taken off screen (views.autosave.Continuation):
                # a field the browser emptied reports only what was typed since, and its first
                # letters may read like an earlier version of the answer ("S" after "Svar et.").
                typed = self.answer.reports.report(event_text(e, field))
                stray(self.leaving, added_text(self.answer.reports.shown, typed))
                return
            if saving is not None:
                result = saving(e)
                if inspect.isawaitable(result):
                    await result

        field.on_change = on_change
        self.starred = state.starred
        self._paint_star()
        hint = ft.Text(card.hint or "", size=theme.TEXT - 2, italic=True, color=ft.Colors.ON_SURFACE_VARIANT)
        hint.visible = bool(card.hint)
        face = ft.Container(
            content=ft.Column(
                [
                    ft.Row(
                        [where, lead, ft.Container(expand=True), self.star],
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                    ft.Text(card.text, size=theme.TEXT_LARGE + 2, weight=ft.FontWeight.W_500),
                    hint,
                ],
                spacing=12,
                scroll=ft.ScrollMode.AUTO,
            ),
            height=FACE_HEIGHT,
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
            border_radius=16,
            padding=24,
        )
        back = ft.FilledTonalButton(
            content=t("cards.previous"),
            icon=ft.Icons.ARROW_BACK,
            height=theme.TOUCH,
            style=theme.button_style(),
            disabled=n == 1,
            on_click=lambda _: move(card.id, -1),
        )
        forward = ft.FilledButton(
            content=t("cards.next"),
            icon=ft.Icons.ARROW_FORWARD,
            height=theme.TOUCH,
            style=theme.button_style(),
            disabled=n == total,
            on_click=lambda _: move(card.id, 1),
        )
        # Each with its own identity in the client too: without a key, Flutter hands a hidden
        # card's text-field state (its text and focus) to the next card drawn in its place.
        self.face = ft.GestureDetector(
            content=ft.Stack([face, ft.Container(content=warning, left=8, right=8, bottom=8)], height=FACE_HEIGHT),
            on_horizontal_drag_end=lambda e: move(card.id, 1 if (e.primary_velocity or 0) < 0 else -1),
            key=ft.ValueKey(f"card-face-{card.id}"),
        )
        self.entry = ft.Column(
            [self.asked, field, ft.Row([back, forward], alignment=ft.MainAxisAlignment.SPACE_BETWEEN)],
            spacing=theme.GAP,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            key=ft.ValueKey(f"card-{card.id}"),
        )

    def show(self, shown: bool, *, into: str = "", after: str = "") -> None:
        """Put the card on show, or hide it: card ``into`` is on show in its place,
        holding ``after`` (what reaches this card's field from now on is offered there)."""
        if self.shown == shown and self.answer.retired != shown:
            return
        if self.shown and not shown:
            self.leaving = _Leaving(source=self.card.id, into=into, after=after)
        field = self.answer.field
        if shown:  # what the record holds (or its draft), not what reached a hidden field
            field.value = self.answer.held if self.answer.held is not None else self.saved
        self.shown = shown
        self.face.visible = self.entry.visible = shown
        field.disabled = not shown
        field.can_request_focus = shown
        self.answer.retire(not shown)

    def _paint_star(self) -> None:
        self.star.content = self.t("cards.unstar" if self.starred else "cards.star")
        self.star.icon = ft.Icons.STAR if self.starred else ft.Icons.STAR_BORDER
        self.star.icon_color = ft.Colors.AMBER_700 if self.starred else None

    def _toggle_star(self, _: Any) -> None:
        self.starred = self.remember(self.card, starred=not self.starred).starred
        self._paint_star()

    def _asked_changed(self, e: Any) -> None:
        value = e.data if isinstance(e.data, str) else e.control.value
        self.asked_by_answer = False  # the consultant's own choice stands
        self.remember(self.card, asked=value in (True, "true", "True"))

    def _save_answer(self, value: str) -> None:
        """Save the answer. An answer marks the card asked; an answer taken away again (by
        hand, or put back by the CPR guard while it holds a text back) takes that mark
        away too, unless the consultant set the switch themselves."""
        was = self.asked.value
        if not value.strip() and self.asked_by_answer:
            now = self.remember(self.card, answer=value, asked=False)
            self.asked_by_answer = False
        else:
            now = self.remember(self.card, answer=value)
            self.asked_by_answer = self.asked_by_answer or (now.asked and not was)
        self.saved = value
        if now.asked != was:
            self.asked.value = now.asked
