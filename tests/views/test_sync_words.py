"""The sync badge and its sheet in plain words, Danish and English: counts with the right
singular and plural, the last attempt, refusals with what to do, and when it turns amber."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.waiting import KINDS, STALE_AFTER_S, WaitingChange, WaitingSummary, summarise
from sync.runner import RESULTS, SyncStatus
from views.i18n import Translator, load_strings
from views.sync_words import (
    REASONS,
    attempt_heading,
    attempt_result,
    attempt_sentence,
    badge_state,
    conflicts_sentence,
    draft_place,
    drafts_sentence,
    kind_count,
    oldest_sentence,
    reason_sentence,
    stuck_heading,
    stuck_sentences,
    waiting_sentence,
    when,
)

DA, EN = Translator("da"), Translator("en")
NOW = datetime(2026, 11, 24, 14, 5)


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def rows(*kinds: str, at: datetime = NOW) -> list[WaitingChange]:
    return [WaitingChange(kind, f"{kind}-{n}", f"{ms(at):013d}-0000-dev7") for n, kind in enumerate(kinds)]


def test_what_waits_in_danish_words_with_counts() -> None:
    assert waiting_sentence(DA, summarise(rows("note", "note", "note", "task"))) == ("3 noter og 1 opgave venter.")
    assert waiting_sentence(DA, summarise(rows("note"))) == "1 note venter."
    assert waiting_sentence(DA, summarise(rows("task", "note", "card", "card", "company"))) == (
        "1 note, 1 opgave, 2 svar på samtalekort og 1 virksomhed venter."
    )
    assert waiting_sentence(DA, WaitingSummary()) == "Alt er sendt – intet venter."


def test_what_waits_in_english_agrees_in_number() -> None:
    assert waiting_sentence(EN, summarise(rows("note"))) == "1 note is waiting."
    assert waiting_sentence(EN, summarise(rows("note", "note", "followup"))) == "2 notes and 1 follow-up are waiting."


@pytest.mark.parametrize(
    ("kind", "one", "many"),
    [
        ("note", "1 note", "2 noter"),
        ("task", "1 opgave", "2 opgaver"),
        ("company", "1 virksomhed", "2 virksomheder"),
        ("visit", "1 besøg", "2 besøg"),
        ("opening", "1 jobåbning", "2 jobåbninger"),
        ("followup", "1 opfølgning", "2 opfølgninger"),
        ("hire", "1 ansættelse", "2 ansættelser"),
        ("participant", "1 deltager", "2 deltagere"),
        ("photo", "1 foto", "2 fotos"),
    ],
)
def test_danish_singular_and_plural(kind: str, one: str, many: str) -> None:
    assert kind_count(DA, kind, 1) == one
    assert kind_count(DA, kind, 2) == many


def test_every_kind_has_a_singular_and_a_plural_in_both_languages() -> None:
    for language in ("da", "en"):
        strings = load_strings(language)
        for kind in KINDS:
            for form in ("one", "many"):
                assert "{count}" in strings[f"sync.kind.{kind}.{form}"], (language, kind, form)
    assert kind_count(DA, "note", 1200) == "1.200 noter"  # Danish thousands


def test_the_last_attempt_and_its_result() -> None:
    at = NOW - timedelta(minutes=3)
    offline = SyncStatus(state="offline", attempted=at, result="offline")
    assert attempt_heading(DA, offline, now=NOW) == "Sidste forsøg kl. 14:02"
    assert attempt_result(DA, offline, now=NOW) == (
        "Serveren kunne ikke nås (intet net, eller serveren er nede). Tabletten prøver igen af sig selv."
    )
    yesterday = SyncStatus(
        state="error", result="unauthorized", attempted=at, last_synced=datetime(2026, 11, 23, 16, 40)
    )
    result = attempt_result(DA, yesterday, now=NOW)
    assert "Log ind igen – intet går tabt." in result
    assert result.endswith("Sidst det lykkedes: 23. nov. 2026 kl. 16:40.")
    ok = SyncStatus(state="synced", attempted=at, last_synced=at, result="ok")
    assert attempt_sentence(EN, ok, now=NOW) == "Last attempt at 14:02: Everything was sent and received."
    assert attempt_result(DA, SyncStatus(state="offline"), now=NOW) == "Tabletten har ikke prøvet endnu."
    assert attempt_heading(DA, SyncStatus(state="offline"), now=NOW) == "Sidste forsøg"
    assert attempt_result(DA, SyncStatus(), now=NOW).startswith("Tabletten er ikke forbundet")
    busy = SyncStatus(state="syncing", phase="push", done=12, attempted=at, result="offline")
    assert attempt_result(DA, busy, now=NOW) == "Synkroniserer lige nu (sender 12) …"


def test_times_say_the_day_when_it_is_not_today() -> None:
    assert when(DA, NOW, now=NOW) == "kl. 14:05"
    assert when(DA, NOW - timedelta(days=2), now=NOW) == "22. nov. 2026 kl. 14:05"
    assert when(EN, NOW - timedelta(days=2), now=NOW) == "on 22 Nov 2026 at 14:05"
    assert oldest_sentence(DA, summarise(rows("note", at=NOW - timedelta(seconds=30))), now=NOW) == ""
    assert oldest_sentence(DA, summarise(rows("note", at=NOW - timedelta(minutes=12))), now=NOW) == (
        "Den ældste ændring er fra kl. 13:53 og har ventet i 12 min."
    )


def test_each_refusal_says_why_and_what_to_do() -> None:
    for t in (DA, EN):
        for reason in (*REASONS, "something_new"):
            sentence = reason_sentence(t, reason)
            assert "sync." not in sentence and sentence.count(".") >= 2, (t.language, reason, sentence)
    assert reason_sentence(DA, "forbidden_team") == (
        "Posten hører til et team, som du ikke er medlem af på serveren. "
        "Bed kontoret om adgang til teamet. Ændringen er gemt på tabletten."
    )
    assert "»something_new«" in reason_sentence(DA, "something_new")
    assert conflicts_sentence(DA, 1).startswith("1 tekst blev ændret")
    assert conflicts_sentence(DA, 2).startswith("2 tekster blev ændret")


def test_badge_state_colour_and_short_count() -> None:
    fresh = summarise(rows("note", "note", "task", at=NOW - timedelta(seconds=20)))
    stale = summarise(rows("note", at=NOW - timedelta(seconds=STALE_AFTER_S + 60)))
    nothing = WaitingSummary()
    synced = SyncStatus(state="synced", last_synced=NOW, attempted=NOW, result="ok")

    settled = badge_state(DA, synced, nothing, conflicts=0, now=NOW)
    assert (settled.label, settled.count, settled.tone, settled.icon) == ("Synkroniseret 14:05", 0, "ok", "synced")

    typing = badge_state(DA, synced, fresh, conflicts=0, now=NOW)
    assert (typing.label, typing.count, typing.tone) == ("Synkroniseret 14:05 · 3 venter", 3, "busy")

    assert badge_state(DA, synced, stale, conflicts=0, now=NOW).tone == "attention"

    failed = SyncStatus(state="offline", attempted=NOW, result="offline")
    down = badge_state(DA, failed, fresh, conflicts=0, now=NOW)
    assert (down.label, down.tone, down.icon) == ("Offline · 3 venter", "attention", "offline")

    not_yet = badge_state(DA, SyncStatus(state="offline"), fresh, conflicts=0, now=NOW)
    assert not_yet.tone == "neutral"  # no attempt has failed yet

    refused = SyncStatus(state="error", result="unauthorized", attempted=NOW)
    login = badge_state(DA, refused, fresh, conflicts=0, now=NOW)
    assert (login.label, login.tone, login.icon) == ("Log ind igen · 3 venter", "attention", "login")

    clash = badge_state(EN, synced, nothing, conflicts=2, now=NOW)
    assert (clash.label, clash.tone, clash.icon) == ("Synced 14:05 · 2 conflicts", "attention", "conflict")

    alone = badge_state(DA, SyncStatus(), stale, conflicts=0, now=NOW)
    assert (alone.label, alone.tone) == ("Ikke forbundet · 1 venter", "neutral")  # a choice, not a fault


@pytest.mark.parametrize("result", RESULTS)
def test_every_way_an_attempt_can_fail_has_its_own_words(result: str) -> None:
    """Each failure the runner reports is told as itself, never as another (a certificate
    the tablet does not trust is not "offline"), in both languages."""
    failed = SyncStatus(state="error", result=result, detail="https://sync.example", attempted=NOW)
    for t, language in ((DA, "da"), (EN, "en")):
        strings = load_strings(language)
        assert f"sync.last.{result}" in strings
        assert attempt_result(t, failed, now=NOW) == t(f"sync.last.{result}", detail="https://sync.example")
        if result != "offline":
            assert f"sync.error.{result}" in strings or result == "unauthorized"
            assert badge_state(t, failed, WaitingSummary(), conflicts=0, now=NOW).tone == "attention"


def test_an_unpaired_tablet_does_not_say_all_is_sent() -> None:
    """Issue 9: unpaired, the sheet said "Alt er sendt – intet venter" though nothing was
    ever sent: it says the tablet is not connected and everything is kept on it."""
    nothing = waiting_sentence(DA, WaitingSummary(), paired=False)
    assert "sendt" not in nothing
    assert nothing == "Tabletten er ikke forbundet med en server. Alt, du skriver, gemmes på tabletten."
    some = waiting_sentence(DA, summarise(rows("note", "note")), paired=False)
    assert some == "2 noter er gemt på tabletten og sendes, når den er forbundet med en server."
    assert "not connected" in waiting_sentence(EN, WaitingSummary(), paired=False)
    assert waiting_sentence(EN, summarise(rows("note")), paired=False).startswith("1 note is kept on the tablet")


SYNCED = SyncStatus(state="synced", last_synced=NOW, attempted=NOW, result="ok")


@pytest.mark.parametrize(
    ("refused", "held", "no_team", "label", "count"),
    [
        (2, 0, False, "Synkroniseret 14:05 · 2 afvist", 2),
        (0, 1, False, "Synkroniseret 14:05 · 1 holdt tilbage", 0),
        (0, 0, True, "Synkroniseret 14:05 · Ikke i noget team", 0),
        (1, 1, True, "Synkroniseret 14:05 · Ikke i noget team · 1 afvist · 1 holdt tilbage", 1),
    ],
)
def test_refused_or_held_changes_turn_the_badge_amber_and_never_say_all_is_sent(
    refused: int, held: int, no_team: bool, label: str, count: int
) -> None:
    """Newcomer trial: the badge was green ("Alt er sendt – intet venter") while the server
    refused changes. Refused, held back or in no team: amber, named, with a warning icon."""
    state = badge_state(DA, SYNCED, WaitingSummary(), conflicts=0, now=NOW, refused=refused, held=held, no_team=no_team)
    assert (state.label, state.count, state.tone, state.icon) == (label, count, "attention", "conflict")
    sentence = waiting_sentence(DA, WaitingSummary(), stuck=refused + held)
    if refused or held:
        assert "Alt er sendt" not in sentence
        assert sentence == "Intet andet venter – men det, der står øverst, er ikke sendt."
    top = stuck_sentences(DA, refused=refused, held=held, no_team=no_team)
    assert len(top) == int(refused > 0) + int(held > 0) + int(no_team)


def test_the_top_of_the_sheet_names_what_did_not_arrive_in_both_languages() -> None:
    assert stuck_sentences(DA, refused=0, held=0, no_team=False) == []
    assert stuck_sentences(DA, refused=1, held=0, no_team=False) == [
        "1 ændring er afvist af serveren og er ikke nået frem til kollegerne. Den er gemt på tabletten."
    ]
    assert stuck_sentences(DA, refused=3, held=0, no_team=False)[0].startswith("3 ændringer er afvist af serveren")
    [team] = stuck_sentences(DA, refused=0, held=0, no_team=True)
    assert team.startswith("Serveren har dig ikke i noget team lige nu") and "gemt på tabletten" in team
    english = stuck_sentences(EN, refused=2, held=1, no_team=True)
    assert english[0].startswith("The server has you in no team")
    assert english[1].startswith("2 changes were refused by the server")
    assert english[2].startswith("1 change(s) were made with a newer app")
    refused = badge_state(EN, SYNCED, WaitingSummary(), conflicts=0, now=NOW, refused=1)
    assert refused.label == "Synced 14:05 · 1 refused"
    for language in ("da", "en"):
        strings = load_strings(language)
        for key in ("sync.send_again", "sync.sheet.stuck", "sync.sent_again.one", "sync.sent_again.many"):
            assert strings[key], (language, key)
    assert DA("sync.send_again") == "Send igen"


def test_drafts_alone_are_headed_as_kept_on_the_tablet_not_as_failed() -> None:
    """Trial 5: the box holding only the texts kept as drafts was headed "Ikke nået frem"."""
    assert stuck_heading(DA, server=False) == "Kun på denne tablet"
    assert stuck_heading(DA, server=True) == "Ikke nået frem"
    assert stuck_heading(EN, server=False) == "Only on this tablet"


def test_an_unpaired_tablet_names_no_refusal_on_its_badge() -> None:
    """Unpaired, nothing is sent: the badge stays a neutral "Ikke forbundet"."""
    alone = badge_state(DA, SyncStatus(), WaitingSummary(), conflicts=0, now=NOW, refused=2, no_team=True)
    assert (alone.label, alone.tone) == ("Ikke forbundet", "neutral")


@pytest.mark.parametrize("translator", [DA, EN])
def test_a_good_attempt_with_changes_refused_or_held_does_not_say_everything_was_sent(
    translator: Translator,
) -> None:
    at = NOW - timedelta(minutes=3)
    ok = SyncStatus(state="synced", attempted=at, last_synced=at, result="ok")
    everything = attempt_result(translator, ok, now=NOW)
    for stuck in (1, 3):
        said = attempt_result(translator, ok, now=NOW, stuck=stuck)
        assert said != everything and str(stuck) in said
        assert said in attempt_sentence(translator, ok, now=NOW, stuck=stuck)
    assert attempt_result(translator, ok, now=NOW, stuck=0) == everything


# -- texts kept as local drafts (issue 9 trial: "Alt er sendt" while CPR drafts waited) --

DRAFTS = [
    # (key without "draft:", company): where the sheet says it lies, in Danish and English
    (("v1:card:c4", "Fiskehuset"), "Samtalekort hos Fiskehuset", "Conversation cards at Fiskehuset"),
    (("v1:social:flexjob", "Fiskehuset"), "Socialt ansvar hos Fiskehuset", "Social responsibility at Fiskehuset"),
    (("v1:closing:start", "Fiskehuset"), "Afrunding hos Fiskehuset", "Closing at Fiskehuset"),
    (("v1:followup:f1", "Fiskehuset"), "Afrunding hos Fiskehuset", "Closing at Fiskehuset"),
    (("v1:megatrend_note", "Fiskehuset"), "Forberedelse hos Fiskehuset", "Preparation at Fiskehuset"),
    (("v1:walk:new:title", "Fiskehuset"), "Rundtur hos Fiskehuset", "Walk-around at Fiskehuset"),
    (("v1:note:quick", "Fiskehuset"), "Boblepapir hos Fiskehuset", "Bubble sheet at Fiskehuset"),
    (("company:new:cvr", ""), "Virksomhed", "Company"),
    (("company:k1:website", "Bageriet"), "Virksomhed hos Bageriet", "Company at Bageriet"),
    (("settings:me_name", ""), "Indstillinger", "Settings"),
    (("v9:card:c1", ""), "Samtalekort", "Conversation cards"),  # a visit no longer on the tablet
    (("v1:something_new", "Fiskehuset"), "Besøget hos Fiskehuset", "The visit at Fiskehuset"),
]


@pytest.mark.parametrize(("draft", "da", "en"), DRAFTS, ids=[d[0][0] for d in DRAFTS])
def test_a_draft_is_placed_where_the_consultant_finds_it(draft: tuple[str, str], da: str, en: str) -> None:
    assert draft_place(DA, *draft) == da
    assert draft_place(EN, *draft) == en


def test_the_drafts_are_counted_with_where_they_lie() -> None:
    assert drafts_sentence(DA, []) == ""
    one = drafts_sentence(DA, [("v1:card:c4", "Fiskehuset")])
    assert one.startswith("1 tekst venter på denne tablet som kladde. Den er ikke sendt")
    assert one.endswith(": Samtalekort hos Fiskehuset.")
    two = [("v1:card:c4", "Fiskehuset"), ("v1:card:c5", "Fiskehuset"), ("settings:me_name", "")]
    assert drafts_sentence(DA, two).startswith("3 tekster venter på denne tablet som kladder. De er ikke sendt")
    assert drafts_sentence(DA, two).endswith(": Samtalekort hos Fiskehuset og Indstillinger.")
    assert drafts_sentence(EN, two).startswith("3 texts wait on this tablet as drafts. They have not been sent")


@pytest.mark.parametrize("t", [DA, EN], ids=["da", "en"])
def test_with_drafts_waiting_nothing_says_all_was_sent(t: Translator) -> None:
    synced = SyncStatus(state="synced", result="ok", attempted=NOW, last_synced=NOW)
    said = [
        waiting_sentence(t, WaitingSummary(), stuck=2),
        attempt_result(t, synced, now=NOW, drafts=2),
    ]
    assert said[0] == t("sync.nothing_queued_but_stuck")
    assert said[1] == t("sync.last.ok_drafts")
    for sentence in said:
        assert sentence not in (t("sync.nothing_waiting"), t("sync.last.ok"))
        assert "Alt er sendt" not in sentence and "Alt blev sendt" not in sentence
        assert "Everything has been sent" not in sentence and "Everything was sent" not in sentence


@pytest.mark.parametrize(
    ("drafts", "label"),
    [(1, "Synkroniseret 14:05 · 1 kladde"), (3, "Synkroniseret 14:05 · 3 kladder")],
)
def test_texts_kept_as_drafts_turn_the_badge_amber(drafts: int, label: str) -> None:
    """Trial 4: the badge stayed green ("Synkroniseret") while a CPR-held text waited on
    the tablet as a draft that no sync sends."""
    state = badge_state(DA, SYNCED, WaitingSummary(), conflicts=0, now=NOW, drafts=drafts)
    assert (state.label, state.tone) == (label, "attention")
    assert badge_state(EN, SYNCED, WaitingSummary(), conflicts=0, now=NOW, drafts=1).label == "Synced 14:05 · 1 draft"
