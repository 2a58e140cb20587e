"""The sync badge and its sheet in words: what waits ("3 noter og 1 opgave venter"), how the
last attempt went, why the server refused a change and what to do about it.

No controls here, only text from the translation files, so each sentence can be tested
without a page; :mod:`views.sync_ui` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.waiting import WaitingSummary, needs_attention
from sync.runner import RESULTS, SyncStatus
from views.i18n import Translator

REASONS = ("forbidden_team", "team_mismatch", "unknown_entity", "unknown_field", "bad_value", "clock_skew")
"""The refusals the server gives (``server.service.refusal``); any other is told as ``other``."""


@dataclass(frozen=True)
class BadgeState:
    label: str  # the full text, and the badge's accessible name
    count: int  # what the short badge shows next to its icon (0: the icon alone)
    icon: str  # unpaired | offline | syncing | synced | waiting | login | error | conflict
    tone: str  # neutral | busy | ok | attention


def kind_count(t: Translator, kind: str, count: int) -> str:
    """``3 noter``, ``1 opgave``: the number and the kind, singular or plural."""
    return t(f"sync.kind.{kind}.{'one' if count == 1 else 'many'}", count=t.number(count))


def listing(t: Translator, parts: list[str]) -> str:
    """``a, b og c`` in Danish, ``a, b and c`` in English."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {t('sync.list_and')} {parts[-1]}"


def waiting_sentence(t: Translator, summary: WaitingSummary, *, paired: bool = True, stuck: int = 0) -> str:
    """``3 noter, 1 opgave og 2 svar venter på at blive sendt``, or that nothing waits.
    Not ``paired``: nothing was ever sent, so it says the tablet is not connected and that
    what is written is kept on it. ``stuck``: changes refused or held back and texts kept
    as local drafts (shown above); with those, "everything has been sent" would not be
    true, so it is never said."""
    if not summary.total:
        if paired and stuck:
            return t("sync.nothing_queued_but_stuck")
        return t("sync.nothing_waiting" if paired else "sync.unpaired_kept")
    items = listing(t, [kind_count(t, kind, count) for kind, count in summary.counts])
    many = "one" if summary.total == 1 else "many"
    return t(f"sync.waiting_items.{many}" if paired else f"sync.unpaired_items.{many}", items=items)


def when(t: Translator, moment: datetime, *, now: datetime) -> str:
    """``kl. 14:05`` today, ``22. nov. 2026 kl. 14:05`` another day."""
    time = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return t("sync.at_time", time=time)
    return t("sync.at_day_time", date=t.date(moment), time=time)


def oldest_sentence(t: Translator, summary: WaitingSummary, *, now: datetime) -> str:
    """How long the oldest waiting change has waited, once it is more than a minute."""
    if summary.oldest_ms is None:
        return ""
    waited = summary.waited_s(int(now.timestamp() * 1000))
    if waited < 60:
        return ""
    oldest = datetime.fromtimestamp(summary.oldest_ms / 1000)
    return t("sync.oldest", when=when(t, oldest, now=now), minutes=t.number(int(waited // 60)))


def attempt_heading(t: Translator, status: SyncStatus, *, now: datetime) -> str:
    """``Sidste forsøg kl. 14:05``, or without a time when there was none."""
    if status.attempted is None or status.state in ("unpaired", "syncing"):
        return t("sync.last.heading_none")
    return t("sync.last.heading", when=when(t, status.attempted, now=now))


def attempt_result(t: Translator, status: SyncStatus, *, now: datetime, stuck: int = 0, drafts: int = 0) -> str:
    """How the last attempt went, in plain words (or that one runs right now). ``stuck``:
    changes the server refused or that wait for a newer server; an attempt that got through
    then says the rest was sent, not that everything was. ``drafts``: texts kept as local
    drafts, which no attempt sends: then it does not say that everything was sent either."""
    if status.state == "unpaired":
        return t("sync.last.unpaired")
    if status.state == "syncing":
        return t("sync.last.syncing", phase=t(f"sync.phase.{status.phase or 'push'}", count=t.number(status.done)))
    if status.attempted is None or not status.result:
        return t("sync.last.none")
    result = status.result if status.result == "ok" or status.result in RESULTS else "error"
    if result == "ok" and stuck:
        return t(f"sync.last.ok_stuck.{'one' if stuck == 1 else 'many'}", count=t.number(stuck))
    if result == "ok" and drafts:
        return t("sync.last.ok_drafts")
    sentence = t(f"sync.last.{result}", detail=status.detail)
    if status.failed and status.last_synced is not None:
        sentence += " " + t("sync.last.synced_before", when=when(t, status.last_synced, now=now))
    return sentence


def attempt_sentence(t: Translator, status: SyncStatus, *, now: datetime, stuck: int = 0) -> str:
    """Heading and result on one line, for the Settings screen."""
    return f"{attempt_heading(t, status, now=now)}: {attempt_result(t, status, now=now, stuck=stuck)}"


def reason_sentence(t: Translator, reason: str) -> str:
    """Why the server refused a change, and what the consultant can do about it."""
    known = reason if reason in REASONS else "other"
    return f"{t(f'sync.reason.{known}', reason=reason)} {t(f'sync.todo.{known}')}"


def stuck_sentences(t: Translator, *, refused: int, held: int, no_team: bool) -> list[str]:
    """What the top of the sync sheet names before anything else: that the server lists the
    consultant in no team, how many changes it refused, how many wait for a newer server.
    Empty when none of these holds."""
    out: list[str] = []
    if no_team:
        out.append(t("sync.no_team_help"))
    if refused:
        out.append(t(f"sync.refused_top.{'one' if refused == 1 else 'many'}", count=t.number(refused)))
    if held:
        out.append(t("sync.held", count=t.number(held)))
    return out


DRAFT_PLACES = {
    "card": "cards",
    "note": "bubbles",
    "walk": "walk",
    "social": "social",
    "closing": "closing",
    "followup": "closing",
    "opening": "closing",
    "megatrend_note": "prep",
    "partner_name": "prep",
    "partner_org": "prep",
}
"""Where a visit's draft lies (the visit's tab, ``visit.tab.<name>``), by the part of its
key after the visit's id."""


def draft_place(t: Translator, key: str, company: str) -> str:
    """Where a local draft lies, in the words of the screens: ``Samtalekort hos Fiskehuset``,
    ``Indstillinger``. ``key``: the draft's key without ``draft:`` (``<visit id>:card:<card
    id>``, ``settings:<field>``, ``company:<id or new>:<field>``); ``company``: the name of
    the company it belongs to, or ""."""
    head, _, rest = key.partition(":")
    if head == "settings":
        return t("settings.title")
    place = "company" if head == "company" else DRAFT_PLACES.get(rest.partition(":")[0], "")
    where = t(f"visit.tab.{place}") if place else t("sync.draft_place.visit")
    return t("sync.draft_place.at", place=where, company=company) if company else where


def stuck_heading(t: Translator, *, server: bool) -> str:
    """The heading over what no sync will send by itself: "Ikke nået frem" when the server
    refused or holds back changes (``server``), else "Kun på denne tablet" (texts kept as
    drafts on purpose have not failed to arrive anywhere)."""
    return t("sync.sheet.stuck" if server else "sync.sheet.drafts_only")


def drafts_sentence(t: Translator, drafts: list[tuple[str, str]]) -> str:
    """``2 tekster venter på denne tablet som kladder. De er ikke sendt og sendes ikke af
    sig selv: Samtalekort hos Fiskehuset og Indstillinger.`` ``drafts``: each local
    draft's key (without ``draft:``) and company name (see :func:`draft_place`); each
    place is named once. Empty when there are none."""
    if not drafts:
        return ""
    places = list(dict.fromkeys(draft_place(t, key, company) for key, company in drafts))
    many = "one" if len(drafts) == 1 else "many"
    return t(f"sync.drafts.{many}", count=t.number(len(drafts)), places=listing(t, places))


def conflicts_sentence(t: Translator, count: int) -> str:
    return t(f"sync.open_conflicts.{'one' if count == 1 else 'many'}", count=t.number(count))


def badge_state(
    t: Translator,
    status: SyncStatus,
    summary: WaitingSummary,
    *,
    conflicts: int,
    now: datetime,
    refused: int = 0,
    held: int = 0,
    no_team: bool = False,
    drafts: int = 0,
) -> BadgeState:
    """What the badge says, shows and how it is coloured. Amber ("attention") when the last
    attempt failed, something has waited too long, text waits to be settled, the server
    refused changes (``refused``) or holds some back for a newer server (``held``, counted
    among those waiting too), it lists the consultant in no team (``no_team``), or texts
    wait on the tablet as local drafts that no sync sends (``drafts``: a CPR-held text, one
    the record refused): then it never says that all was sent."""
    waiting = summary.total
    if status.state == "unpaired":
        text, icon, tone = t("sync.unpaired"), "unpaired", "neutral"
    elif status.state == "syncing":
        phase = t(f"sync.phase.{status.phase or 'push'}", count=t.number(status.done))
        text, icon, tone = t("sync.syncing", phase=phase), "syncing", "busy"
    elif status.result == "unauthorized":
        text, icon, tone = t("sync.error.unauthorized"), "login", "attention"
    elif status.result in ("refused", "certificate", "redirected", "error", "unexpected"):
        text, icon, tone = t(f"sync.error.{status.result}"), "error", "attention"
    elif status.state == "synced" and status.last_synced is not None:
        text = t("sync.synced", time=status.last_synced.strftime("%H:%M"))
        icon, tone = ("waiting", "busy") if waiting or refused else ("synced", "ok")
    else:  # offline: the last attempt did not reach the server, or none was made yet
        text, icon, tone = t("sync.offline"), "offline", "neutral"
    parts = [text]
    if waiting:
        parts.append(t("sync.waiting", count=t.number(waiting)))
    paired = status.state != "unpaired"
    stuck = paired and bool(refused or held or no_team)
    if paired and no_team:
        parts.append(t("sync.no_team"))
    if paired and refused:
        parts.append(t("sync.refused_count", count=t.number(refused)))
    if paired and held:
        parts.append(t("sync.held_count", count=t.number(held)))
    if drafts:
        parts.append(t(f"sync.drafts_count.{'one' if drafts == 1 else 'many'}", count=t.number(drafts)))
    if conflicts:
        parts.append(t(f"sync.conflicts.{'one' if conflicts == 1 else 'many'}", count=t.number(conflicts)))
    if (conflicts or stuck) and status.state != "syncing":
        icon = "conflict"
    now_ms = int(now.timestamp() * 1000)
    late = paired and needs_attention(summary, now_ms=now_ms, last_attempt_failed=status.failed)
    if late or conflicts or stuck or (drafts and status.state != "syncing"):
        tone = "attention"
    return BadgeState(label=" · ".join(parts), count=waiting + (refused if paired else 0), icon=icon, tone=tone)
