"""Routing: which screen a route shows, and the stack of views behind it.

Routes:  /  ·  /settings  ·  /followups  ·  /board  ·  /outcomes  ·  /conflicts  ·
         /visit/new  ·  /company/new  ·
         /visit/<id>/<tab>, the tabs listed in :data:`views.visit_shell.TABS`
"""

from __future__ import annotations

import itertools
from typing import Any

import flet as ft

from settings import Settings
from storage import repo
from storage.content import LoadedPack
from storage.db import Store
from sync.runner import SyncRunner, SyncStatus
from views import theme
from views.autosave import finish_typing, pending_drafts
from views.board import board_view
from views.bubbles import bubbles_controls
from views.cards import cards_controls
from views.closing import closing_controls
from views.company import company_controls, company_form
from views.context import AppContext, run_on_page
from views.followups import followups_view
from views.outcomes import outcomes_view
from views.participants import participants_controls
from views.pdf_actions import pdf_section
from views.positions import positions_controls
from views.preparation import preparation_controls
from views.settings_screen import settings_view
from views.social import social_controls
from views.sync_ui import conflicts_view, refresh_badges
from views.visit_shell import ask_who_writes, visit_view
from views.visits import home, new_visit
from views.walkaround import walkaround_controls


def build_views(ctx: AppContext, route: str) -> list[ft.View]:
    parts = [p for p in route.split("?")[0].split("/") if p]
    ctx.badges.clear()
    stack = [home(ctx)]
    if parts == ["settings"]:
        stack.append(settings_view(ctx))
    elif parts == ["followups"]:
        stack.append(followups_view(ctx))
    elif parts == ["board"]:
        stack.append(board_view(ctx))
    elif parts == ["outcomes"]:
        stack.append(outcomes_view(ctx))
    elif parts == ["conflicts"]:
        stack.append(conflicts_view(ctx))
    elif parts == ["visit", "new"]:
        stack.append(new_visit(ctx))
    elif parts == ["company", "new"]:
        stack += [new_visit(ctx), company_form(ctx)]
    elif len(parts) == 3 and parts[0] == "visit":
        found = repo.get_visit(ctx.store, visit_id=parts[1])
        if found is not None:
            visit, prep, _version = found
            tab = parts[2]
            screens = {
                "cards": lambda: cards_controls(ctx, visit=visit),
                "bubbles": lambda: bubbles_controls(ctx, visit=visit),
                "walk": lambda: walkaround_controls(ctx, visit=visit),
                "positions": lambda: positions_controls(ctx, visit=visit),
                "social": lambda: social_controls(ctx, visit=visit),
                "closing": lambda: [pdf_section(ctx, visit=visit), *closing_controls(ctx, visit=visit)],
                "people": lambda: participants_controls(ctx, visit=visit, prep=prep),
                "company": lambda: company_controls(ctx, company_id=visit.company_id),
            }
            if tab not in screens:
                tab = "prep"
            controls = screens[tab]() if tab in screens else preparation_controls(ctx, visit=visit, prep=prep)
            stack.append(visit_view(ctx, visit=visit, tab=tab, controls=controls))
    return stack


def guard_leaving(ctx: AppContext, view: ft.View, *, back_to: str) -> None:
    """Let ``view`` be left with the app bar's back arrow (or a tablet's back button) only
    after the leave question, asked while the view is still on show; going back shows
    ``back_to`` (a route).

    Flutter pops a view on its own before the app hears of it; asking afterwards showed
    the question over the screen behind, and every answer popped the view again, which
    asked again. So the view says it cannot pop and asks the app first
    (``on_confirm_pop``). The app always answers "do not pop" and, once the consultant
    has chosen to go on (nothing waiting: at once), shows ``back_to`` itself, the way
    every other way of leaving does (:meth:`AppContext.go`), so the browser and the app
    never disagree about which screen is on show.
    """
    view.can_pop = False

    async def on_confirm_pop(_: Any) -> None:
        await view.confirm_pop(False)

        def leave() -> None:
            ctx.page.run_task(ctx.page.push_route, back_to)

        if ctx.confirm_leaving(leave):
            await ctx.page.push_route(back_to)

    view.on_confirm_pop = on_confirm_pop


def start(
    page: ft.Page,
    *,
    store: Store,
    settings: Settings,
    packs: dict[str, LoadedPack],
    runner: SyncRunner | None = None,
) -> None:
    """Set up the page and show the screen for its current route."""
    ctx = AppContext(page=page, store=store, settings=settings, packs=packs, runner=runner)
    page.title = "Feltmappe"
    page.fonts = theme.FONTS
    page.theme = theme.theme()
    page.theme_mode = ft.ThemeMode.LIGHT

    shown = {"route": page.route, "restoring": ""}  # the screen's route; one put back (on_route_change)

    def show(route: str) -> None:
        # Calendars and other built-in texts in the chosen language, weeks from Monday.
        locale = ft.Locale("da", "DK") if ctx.language == "da" else ft.Locale("en", "GB")
        page.locale_configuration = ft.LocaleConfiguration(
            supported_locales=[ft.Locale("da", "DK"), ft.Locale("en", "GB")], current_locale=locale
        )
        finish_typing(ctx)  # leaving a screen ends the typing in its fields
        shown["route"] = route
        page.views.clear()
        ctx.drafts.clear()
        ctx.roles = None  # participants may have come or gone since (a sync, this tablet)
        stack = build_views(ctx, route)
        for below, view in itertools.pairwise(stack):
            guard_leaving(ctx, view, back_to=below.route or "/")
        page.views.extend(stack)
        page.update()

    async def rebuild() -> None:
        show(page.route)

    ctx.rebuild = rebuild  # type: ignore[method-assign]

    def on_route_change(e: Any) -> None:
        target = page.route
        if shown["restoring"] and target == shown["restoring"]:
            shown["restoring"] = ""  # the route put back below: the screen never left
            return
        if target != shown["route"] and pending_drafts(ctx):
            # The browser's back or forward (or an address typed) changed the route without
            # the leave question every other way of leaving asks (AppContext.go): put the
            # screen's route back, keep the screen as it is, and ask first.
            shown["restoring"] = shown["route"]
            page.run_task(page.push_route, shown["route"])
            ctx.confirm_leaving(lambda: page.run_task(page.push_route, target))
            return
        show(target)
        ask_who_writes(ctx, target)  # on opening a visit, never on a redraw

    async def on_view_pop(e: Any) -> None:
        if len(page.views) > 1:
            await ctx.go(page.views[-2].route or "/")

    if runner is not None:

        async def repaint() -> None:
            refresh_badges(ctx)

        def on_status(_status: SyncStatus) -> None:
            run_on_page(page, repaint)  # from the sync thread onto the page's own loop

        runner.listen(on_status)

    def on_connect(e: Any) -> None:
        # A browser reload (or a tablet waking up) re-attaches to this session: draw the
        # screen again from the store, or it would show what it held before, without what
        # a sync or a colleague has brought in since.
        show(page.route)
        ask_who_writes(ctx, page.route)  # a tablet woken after two hours may be in other hands

    def on_resize(_e: Any) -> None:
        refresh_badges(ctx)  # a tablet turned upright gets the short badge, and back

    page.on_resize = on_resize
    page.on_route_change = on_route_change
    page.on_view_pop = on_view_pop
    page.on_connect = on_connect
    show(page.route)
    ask_who_writes(ctx, page.route)  # a new session (a browser tab, the app started again)
