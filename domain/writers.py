"""Who is writing on a shared tablet: whom to stamp by default, when to ask again, and each
writer's colour.

Two consultants (the job centre's, role "S", and the business council's, role "E") share
one tablet on a co-visit, and every note, answer and task carries its author. These are the
rules the screens follow; they hold no state and do no I/O.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from domain.records import Participant

ASK_AGAIN_AFTER_S = 2 * 60 * 60
"""Seconds after which a visit opened again asks who is writing (two hours).

A tablet left on the table for a couple of hours is as likely to be picked up by the
colleague as by the one who wrote last, so opening the visit then asks, with the last
writer marked and confirmed in one tap. It is counted from the last time the writer was
chosen or confirmed on this tablet (kept in the tablet's local state, never synced)."""


def must_ask_who_writes(
    *, participants: int, confirmed_in_session: bool, last_confirmed: float | None, now: float
) -> bool:
    """Whether opening a visit asks who is writing.

    Only when there is a choice (two participants or more). Then it asks in a session that
    has not confirmed the writer of this visit yet (a new browser tab, the app started
    again) and when the last confirmation is :data:`ASK_AGAIN_AFTER_S` old or older, or
    lies in the future (the tablet's clock was put back).
    """
    if participants < 2:
        return False
    if not confirmed_in_session or last_confirmed is None:
        return True
    return not 0 <= now - last_confirmed < ASK_AGAIN_AFTER_S


def default_writer(*, chosen: str, me: str, participant_names: Sequence[str], paired: bool = False) -> str:
    """Who writes: the one chosen on this tablet, else the tablet's own consultant (``me``)
    when they take part (a visit made on another tablet and synced here), else, once the
    tablet is ``paired``, the consultant all the same: what is written after pairing always
    carries an author, also on a visit made before pairing that names nobody, or on a
    colleague's visit. Unpaired and not taking part: nobody (no name is made up)."""
    if chosen:
        return chosen
    if me and (paired or me in participant_names):
        return me
    return ""


def default_owner(*, people: Sequence[Participant], writer: str, me: str) -> str:
    """Who owns a new job opening: the job centre finds the candidates, so the writer when
    they are the job centre's (role "S"), else the tablet's consultant when they are, else
    the visit's first job-centre participant; only with no job-centre participant at all
    the tablet's consultant or the writer."""
    job_centre = [p.name for p in people if p.role == "S"]
    for name in (writer, me):
        if name and name in job_centre:
            return name
    if job_centre:
        return job_centre[0]
    return me or writer


# Colours ------------------------------------------------------------------------------

TEXT_ON_COLOUR = "#1D1B20"
"""The text drawn on a writer's colour (the theme's near-black on-surface)."""

PALETTES: dict[str, tuple[str, ...]] = {
    # Job centre: warm tones (amber, orange, deep orange, pink, yellow).
    "S": ("#FFE082", "#FFCC80", "#FFAB91", "#F8BBD0", "#FFF59D"),
    # Business council: greens and teals.
    "E": ("#A5D6A7", "#80CBC4", "#C5E1A5", "#80DEEA", "#DCE775"),
    # Anyone else: blues and violets.
    "other": ("#90CAF9", "#9FA8DA", "#CE93D8", "#B0BEC5", "#B3E5FC"),
}
"""Light colours per role, so that the job centre and the business council are told apart
at a glance (warm against green) and each person within a role by the shade. All carry
:data:`TEXT_ON_COLOUR` with a contrast of at least 7:1 (WCAG AAA)."""


def writer_colour(name: str, role: str = "other") -> str:
    """A person's colour: the role's palette, the shade by a hash of the name, so the same
    person has the same colour on every screen, visit and tablet."""
    palette = PALETTES.get(role, PALETTES["other"])
    key = " ".join(name.casefold().split())
    return palette[zlib.crc32(key.encode("utf-8")) % len(palette)]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
