"""A tablet's clock across a restart (../shared/SYNC.md, "Clocks", guarantee 9).

The correction learnt from the server (``server_time``) is for the device clock as it was
then. If the consultant sets the tablet's clock right while the app is closed, applying
the old correction after a restart would stamp every edit as far behind as the clock had
been ahead: a later edit would lose to a colleague's earlier one, and nobody could tell.
So a restart starts from the device clock; the next server answer corrects it again (and
a clock still fast is refused as ``clock_skew``, corrected and sent again). The stamps
never go backwards: the last stamp is kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.clock import parse, wall_ms
from domain.company import CompanyDraft
from storage import repo
from storage.db import Store

MINUTE_MS = 60_000


# A clock that was fast: its corrected stamps were behind the device clock, which is now
# right. (A slow one cannot be shown with the real clock: its stamps would lie ahead, and
# stamps never go backwards.)
@pytest.mark.parametrize("was_off_by_minutes", [3, 15])
def test_a_restart_after_the_clock_was_set_right_stamps_at_the_real_time(
    tmp_path: Path, was_off_by_minutes: int
) -> None:
    store = Store(tmp_path / "feltmappe.db")
    # The device clock was off; the server's answer taught the tablet to correct it.
    store.clock.offset_ms = -was_off_by_minutes * MINUTE_MS
    before = repo.save_company(store, draft=CompanyDraft(name="Vestjysk Emballage A/S"))
    store.close()

    # The consultant sets the clock right and starts the app again, before any sync.
    store = Store(tmp_path / "feltmappe.db")
    try:
        repo.save_company(store, draft=CompanyDraft(name="Vestjysk Emballage ApS"), company_id=before)
        ms, _counter, _device = parse(store.clock.last)
        off_by_s = (ms - wall_ms()) / 1000
        assert abs(off_by_s) < 5, f"the edit was stamped {off_by_s:+.0f} s from the real time"
    finally:
        store.close()
