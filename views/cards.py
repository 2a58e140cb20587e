"""Conversation cards by phase: tap or swipe through, mark asked, star, write the answer.

Within a phase the starred cards come first when the screen is opened (not while the
consultant taps through, so a card does not jump away under a finger).
"""

from __future__ import annotations

from typing import Any

import flet as ft

from domain.content import Card
from domain.visit import CardState, VisitSummary, order_for_reopening, phase_progress
from storage import repo
from views import theme
from views.context import AppContext
from views.preparation import autosave
from views.widgets import text_field


def cards_controls(ctx: AppContext, *, visit: VisitSummary, phase_id: str | None = None) -> list[ft.Control]:
    t, pack = ctx.t, ctx.pack
    states = repo.card_states(ctx.store, visit_id=visit.id)
    decks = {p.id: order_for_reopening(pack.cards_in(p.id), states) for p in pack.phases}
    phase = phase_id if phase_id in decks else pack.phases[0].id
    position = 0

    chips = ft.Row(wrap=True, spacing=8, run_spacing=8)
    phase_title = ft.Text(size=theme.TEXT_LARGE - 2, weight=ft.FontWeight.BOLD)
    phase_intro = ft.Text(size=theme.TEXT - 2, italic=True)
    where = ft.Text(size=theme.TEXT - 2)
    lead = ft.Container(padding=ft.Padding.symmetric(horizontal=10, vertical=4), border_radius=12)
    card_text = ft.Text(size=theme.TEXT_LARGE + 2, weight=ft.FontWeight.W_500)
    hint = ft.Text(size=theme.TEXT - 2, italic=True, color=ft.Colors.ON_SURFACE_VARIANT)
    asked = ft.Switch(label=t("cards.asked"), label_text_style=ft.TextStyle(size=theme.TEXT))
    star = ft.OutlinedButton(height=theme.TOUCH, style=theme.button_style())
    answer = text_field(t("cards.answer"), multiline=True)
    back = ft.FilledTonalButton(
        content=t("cards.previous"), icon=ft.Icons.ARROW_BACK, height=theme.TOUCH, style=theme.button_style()
    )
    forward = ft.FilledButton(
        content=t("cards.next"), icon=ft.Icons.ARROW_FORWARD, height=theme.TOUCH, style=theme.button_style()
    )

    def current() -> Card:
        return decks[phase][position]

    def state(card: Card) -> CardState:
        return states.get(card.id, CardState(card_id=card.id))

    def draw_chips() -> None:
        chips.controls.clear()
        for p in pack.phases:
            progress = phase_progress(decks[p.id], states)
            chips.controls.append(
                ft.Chip(
                    label=ft.Text(
                        t("cards.phase_chip", title=p.title, asked=progress.asked, total=progress.total),
                        size=theme.TEXT - 2,
                    ),
                    selected=p.id == phase,
                    show_checkmark=False,
                    leading=ft.Icon(ft.Icons.CHECK_CIRCLE) if progress.done else None,
                    on_click=pick_phase(p.id),
                    padding=ft.Padding.symmetric(horizontal=10, vertical=14),
                )
            )

    def draw() -> None:
        deck = decks[phase]
        card = current()
        s = state(card)
        info = pack.phase(phase)
        phase_title.value = info.title
        phase_intro.value = info.intro or ""
        where.value = t("cards.position", n=position + 1, total=len(deck))
        lead.content = ft.Text(t(f"cards.lead.{card.lead}"), size=theme.TEXT - 4)
        lead.bgcolor = {"E": ft.Colors.GREEN_100, "S": ft.Colors.AMBER_100}.get(card.lead, ft.Colors.BLUE_GREY_50)
        card_text.value = card.text
        hint.value = card.hint or ""
        hint.visible = bool(card.hint)
        asked.value = s.asked
        star.icon = ft.Icons.STAR if s.starred else ft.Icons.STAR_BORDER
        star.icon_color = ft.Colors.AMBER_700 if s.starred else None
        star.content = t("cards.unstar" if s.starred else "cards.star")
        answer.value = s.answer
        answer.error = None
        back.disabled = position == 0
        forward.disabled = position == len(deck) - 1
        draw_chips()

    def remember(card: Card, **fields: Any) -> None:
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

    def pick_phase(phase_key: str) -> Any:
        def handler(_: Any) -> None:
            nonlocal phase, position
            phase, position = phase_key, 0
            draw()

        return handler

    def move(delta: int) -> None:
        nonlocal position
        position = max(0, min(len(decks[phase]) - 1, position + delta))
        draw()

    def on_asked(e: Any) -> None:
        remember(current(), asked=bool(e.control.value))
        draw_chips()

    def on_star(_: Any) -> None:
        remember(current(), starred=not state(current()).starred)
        draw()

    def save_answer(value: str) -> None:
        was_asked = state(current()).asked
        remember(current(), answer=value)
        if state(current()).asked != was_asked:
            asked.value = True
            draw_chips()

    asked.on_change = on_asked
    star.on_click = on_star
    autosave(ctx, answer, save_answer)
    back.on_click = lambda _: move(-1)
    forward.on_click = lambda _: move(1)
    draw()

    card = ft.Container(
        content=ft.Column(
            [
                ft.Row([where, lead, ft.Container(expand=True), star], vertical_alignment=ft.CrossAxisAlignment.CENTER),
                card_text,
                hint,
            ],
            spacing=12,
        ),
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
        border_radius=16,
        padding=24,
    )
    swipe = ft.GestureDetector(
        content=card,
        on_horizontal_drag_end=lambda e: move(1 if (e.primary_velocity or 0) < 0 else -1),
    )
    return [
        chips,
        ft.Column([phase_title, phase_intro], spacing=4),
        swipe,
        asked,
        answer,
        ft.Row([back, forward], alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
    ]
