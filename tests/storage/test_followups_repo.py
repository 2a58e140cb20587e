"""Job openings, hires with their aftercare, follow-ups, and the social profile and closing of
a visit, through the repositories the screens use."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from domain.company import CompanyDraft
from domain.content import AftercareStep, ContentPack
from domain.errors import InvalidInput
from domain.followup import bucket
from domain.tasks import OpeningDraft, TaskDraft
from storage import followups, repo, visit_records
from storage.db import Store
from storage.models import FollowUp as FollowUpRow
from storage.models import Hire as HireRow
from storage.models import Opening, OutboxEntry

WRITER = "Jonas Holm"


def waiting(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def rows(store: Store, model: type) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def new_visit(store: Store, name: str = "Vestjysk Emballage A/S") -> str:
    company = repo.save_company(store, draft=CompanyDraft(name=name))
    return repo.create_visit(store, company_id=company, content_version="2026.1")


def task(
    store: Store, pack: ContentPack, visit_id: str, title: str, hours: str, accommodations: tuple[str, ...]
) -> str:
    return visit_records.save_task(
        store,
        visit_id=visit_id,
        draft=TaskDraft(area="Lager", title=title, hours=hours, accommodations=accommodations),
        author=WRITER,
        green_ids=[c.id for c in pack.green_categories],
        accommodation_ids=[a.id for a in pack.accommodations],
    )


@pytest.fixture
def visit_with_tasks(store: Store, pack_da: ContentPack) -> tuple[str, str, str]:
    visit = new_visit(store)
    first = task(store, pack_da, visit, "Sortere pap og plast", "4", ("split", "breaks"))
    second = task(store, pack_da, visit, "Registrere energiforbrug", "2,5", ("quiet", "breaks"))
    return visit, first, second


def opening(store: Store, visit: str, task_ids: tuple[str, ...], **fields: object) -> str:
    draft = OpeningDraft(title=str(fields.pop("title", "Grøn medhjælper")), task_ids=task_ids, **fields)  # type: ignore[arg-type]
    return followups.create_opening(store, visit_id=visit, draft=draft, author=WRITER)


# -- job openings ----------------------------------------------------------------------


def test_an_opening_takes_hours_and_accommodations_from_its_tasks(
    store: Store, visit_with_tasks: tuple[str, str, str]
) -> None:
    visit, first, second = visit_with_tasks
    before = waiting(store)
    opening_id = opening(store, visit, (first, second), owner="Mette Sørensen", requirements="Kan stå op.")
    (found,) = followups.openings(store, visit_id=visit)
    assert found.id == opening_id
    assert found.hours == 6.5
    assert found.accommodations == ("breaks", "quiet", "split")
    assert found.task_ids == (first, second)
    assert (found.owner, found.author, found.requirements) == ("Mette Sørensen", WRITER, "Kan stå op.")
    assert (found.status, found.candidates_sent) == ("open", 0)
    with store.read() as s:
        assert found.company_id == repo.get_visit(store, visit_id=visit)[0].company_id  # type: ignore[index]
        assert s.get(Opening, opening_id) is not None
    assert waiting(store) == before + 1


def test_hours_and_accommodations_given_for_the_opening_win(
    store: Store, visit_with_tasks: tuple[str, str, str]
) -> None:
    visit, first, second = visit_with_tasks
    opening(store, visit, (first, second), hours="10", accommodations=("aids",), status="candidates_sent")
    (found,) = followups.openings(store, visit_id=visit)
    assert (found.hours, found.accommodations, found.status) == (10.0, ("aids",), "candidates_sent")


def test_openings_are_listed_per_visit_and_for_the_whole_team(
    store: Store, pack_da: ContentPack, visit_with_tasks: tuple[str, str, str]
) -> None:
    visit, first, _second = visit_with_tasks
    other = new_visit(store, "Hansens Smedje ApS")
    other_task = task(store, pack_da, other, "Feje værkstedet", "3", ())
    opening(store, visit, (first,), title="Første")
    opening(store, other, (other_task,), title="Anden")
    assert [o.title for o in followups.openings(store, visit_id=visit)] == ["Første"]
    assert [o.title for o in followups.openings(store)] == ["Første", "Anden"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "  "}, "opening_title_required"),
        ({"task_ids": ()}, "opening_needs_tasks"),
        ({"task_ids": ("no-such-task",)}, "task_unknown"),
        ({"status": "won"}, "status_unknown"),
        ({"hours": "many"}, "hours_format"),
        ({"hours": "100"}, "hours_range"),
    ],
)
def test_a_refused_opening_saves_nothing(
    store: Store, visit_with_tasks: tuple[str, str, str], fields: dict[str, object], code: str
) -> None:
    visit, first, second = visit_with_tasks
    before = waiting(store)
    draft = {"title": "Grøn medhjælper", "task_ids": (first, second), **fields}
    with pytest.raises(InvalidInput) as caught:
        followups.create_opening(store, visit_id=visit, draft=OpeningDraft(**draft), author=WRITER)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert rows(store, Opening) == 0
    assert waiting(store) == before


def test_an_opening_cannot_use_another_visits_task_or_a_missing_visit(
    store: Store, pack_da: ContentPack, visit_with_tasks: tuple[str, str, str]
) -> None:
    visit, first, _second = visit_with_tasks
    other = new_visit(store, "Hansens Smedje ApS")
    foreign = task(store, pack_da, other, "Feje værkstedet", "3", ())
    before = waiting(store)
    with pytest.raises(InvalidInput) as caught:
        opening(store, visit, (first, foreign))
    assert caught.value.code == "task_unknown"
    with pytest.raises(InvalidInput) as caught:
        opening(store, "no-such-visit", (first,))
    assert caught.value.code == "visit_unknown"
    assert rows(store, Opening) == 0
    assert waiting(store) == before


def test_an_openings_status_and_owner_can_change(store: Store, visit_with_tasks: tuple[str, str, str]) -> None:
    visit, first, _second = visit_with_tasks
    opening_id = opening(store, visit, (first,))
    followups.update_opening(store, opening_id=opening_id, status="candidates_sent", owner="Mette", candidates_sent=2)
    (found,) = followups.openings(store, visit_id=visit)
    assert (found.status, found.owner, found.candidates_sent) == ("candidates_sent", "Mette", 2)
    before = waiting(store)
    with pytest.raises(InvalidInput):
        followups.update_opening(store, opening_id=opening_id, status="won")
    with pytest.raises(InvalidInput):
        followups.update_opening(store, opening_id=opening_id, candidates_sent=-1)
    with pytest.raises(KeyError):
        followups.update_opening(store, opening_id=opening_id, title="Nyt navn")
    assert waiting(store) == before
    assert followups.openings(store, visit_id=visit)[0].status == "candidates_sent"


# -- hires and aftercare ---------------------------------------------------------------


def test_a_hire_plans_three_aftercare_check_ins_and_fills_the_opening(
    store: Store, pack_da: ContentPack, visit_with_tasks: tuple[str, str, str]
) -> None:
    visit, first, second = visit_with_tasks
    opening_id = opening(store, visit, (first, second))
    before = waiting(store)
    hire_id = followups.record_hire(
        store,
        opening_id=opening_id,
        kind="supported",
        start=date(2027, 8, 31),
        owner="Mette Sørensen",
        author=WRITER,
        rhythm=list(pack_da.aftercare),
        note="Starter 10 timer om ugen.",
    )
    (hire,) = followups.hires(store, opening_id=opening_id)
    assert (hire.id, hire.kind, hire.start_date, hire.note) == (
        hire_id,
        "supported",
        date(2027, 8, 31),
        "Starter 10 timer om ugen.",
    )
    care = followups.followups(store, visit_id=visit)
    assert [f.due for f in care] == [date(2027, 9, 28), date(2027, 11, 23), date(2028, 2, 29)]
    assert [f.title for f in care] == [step.title for step in pack_da.aftercare]
    assert {(f.kind, f.owner, f.opening_id, f.hire_id, f.done) for f in care} == {
        ("aftercare", "Mette Sørensen", opening_id, hire_id, False)
    }
    assert {f.company_name for f in care} == {"Vestjysk Emballage A/S"}
    assert followups.openings(store, visit_id=visit)[0].status == "filled"
    assert waiting(store) == before + 5  # the hire, three check-ins and the opening's status


def test_the_rhythm_comes_from_the_pack(store: Store, visit_with_tasks: tuple[str, str, str]) -> None:
    visit, first, _second = visit_with_tasks
    opening_id = opening(store, visit, (first,))
    rhythm = [AftercareStep(id="two-weeks", title="Efter 2 uger", weeks=2)]
    followups.record_hire(
        store, opening_id=opening_id, kind="education", start=date(2027, 1, 31), owner="M", author=WRITER, rhythm=rhythm
    )
    assert [(f.title, f.due) for f in followups.followups(store, visit_id=visit)] == [
        ("Efter 2 uger", date(2027, 2, 14))
    ]


@pytest.mark.parametrize(
    ("kind", "owner", "opening_known", "code"),
    [
        ("internship", "Mette", True, "hire_kind_unknown"),
        ("ordinary", "  ", True, "followup_owner_required"),
        ("ordinary", "Mette", False, "opening_unknown"),
    ],
)
def test_a_refused_hire_saves_nothing(
    store: Store,
    pack_da: ContentPack,
    visit_with_tasks: tuple[str, str, str],
    kind: str,
    owner: str,
    opening_known: bool,
    code: str,
) -> None:
    visit, first, _second = visit_with_tasks
    opening_id = opening(store, visit, (first,))
    before = waiting(store)
    with pytest.raises(InvalidInput) as caught:
        followups.record_hire(
            store,
            opening_id=opening_id if opening_known else "no-such-opening",
            kind=kind,
            start=date(2027, 1, 4),
            owner=owner,
            author=WRITER,
            rhythm=list(pack_da.aftercare),
        )
    assert caught.value.code == code
    assert (rows(store, HireRow), rows(store, FollowUpRow)) == (0, 0)
    assert followups.openings(store, visit_id=visit)[0].status == "open"
    assert waiting(store) == before


# -- follow-ups --------------------------------------------------------------------------


def test_follow_ups_across_visits_by_due_date_with_company_names(store: Store) -> None:
    first = new_visit(store, "Vestjysk Emballage A/S")
    second = new_visit(store, "Hansens Smedje ApS")
    followups.add_followup(
        store, visit_id=first, title="Send CV'er", owner="Mette", due=date(2027, 1, 10), author=WRITER
    )
    followups.add_followup(store, visit_id=second, title="Ring", owner=WRITER, due=date(2026, 12, 1), author=WRITER)
    followups.add_followup(store, visit_id=first, title="Besøg igen", owner=WRITER, due=date(2027, 1, 10), author="M")
    found = followups.followups(store)
    assert [(f.title, f.company_name) for f in found] == [
        ("Ring", "Hansens Smedje ApS"),
        ("Send CV'er", "Vestjysk Emballage A/S"),  # same day: in the order they were made
        ("Besøg igen", "Vestjysk Emballage A/S"),
    ]
    assert [f.title for f in followups.followups(store, visit_id=first)] == ["Send CV'er", "Besøg igen"]
    assert [f.title for f in followups.followups(store, owner=WRITER)] == ["Ring", "Besøg igen"]
    assert [f.title for f in followups.followups(store, owner=WRITER, visit_id=first)] == ["Besøg igen"]
    assert followups.followups(store, owner="Nobody") == []
    assert all(f.kind == "followup" and not f.done for f in found)


def test_a_follow_up_is_completed_with_a_note_and_can_be_reopened(store: Store) -> None:
    visit = new_visit(store)
    fid = followups.add_followup(
        store, visit_id=visit, title="Ring", owner=WRITER, due=date(2026, 12, 1), author=WRITER
    )
    followups.add_followup(store, visit_id=visit, title="Skriv", owner=WRITER, due=date(2026, 12, 2), author=WRITER)
    followups.complete_followup(store, followup_id=fid, note="De ringer selv i januar.")
    assert [f.title for f in followups.followups(store)] == ["Skriv"]
    done = followups.followups(store, include_done=True)
    assert [(f.title, f.done, f.done_note) for f in done] == [
        ("Ring", True, "De ringer selv i januar."),
        ("Skriv", False, ""),
    ]
    followups.complete_followup(store, followup_id=fid, done=False)
    assert [f.title for f in followups.followups(store)] == ["Ring", "Skriv"]


def test_overdue_follow_ups_are_counted_as_the_list_buckets_them(store: Store) -> None:
    visit = new_visit(store)
    today = date(2026, 12, 2)
    for title, owner, due in (
        ("Ring", WRITER, date(2026, 11, 30)),
        ("Skriv", "Mette", date(2026, 12, 1)),
        ("I dag", WRITER, today),
        ("Senere", WRITER, date(2027, 1, 5)),
    ):
        followups.add_followup(store, visit_id=visit, title=title, owner=owner, due=due, author=WRITER)
    done = followups.add_followup(
        store, visit_id=visit, title="Klaret", owner=WRITER, due=date(2026, 11, 1), author=WRITER
    )
    followups.complete_followup(store, followup_id=done)
    listed = [f for f in followups.followups(store) if bucket(f.due, today) == "overdue"]
    assert followups.count_overdue(store, today=today) == len(listed) == 2
    assert followups.count_overdue(store, today=today, owner=WRITER) == 1
    assert followups.count_overdue(store, today=today, owner="Nobody") == 0


def test_a_completion_note_with_control_characters_is_refused(store: Store) -> None:
    visit = new_visit(store)
    fid = followups.add_followup(
        store, visit_id=visit, title="Ring", owner=WRITER, due=date(2026, 12, 1), author=WRITER
    )
    with pytest.raises(InvalidInput):
        followups.complete_followup(store, followup_id=fid, note="ok\x07")
    assert not followups.followups(store, include_done=True)[0].done


@pytest.mark.parametrize(
    ("title", "owner", "code"),
    [("  ", WRITER, "followup_title_required"), ("Ring", "", "followup_owner_required")],
)
def test_a_refused_follow_up_saves_nothing(store: Store, title: str, owner: str, code: str) -> None:
    visit = new_visit(store)
    before = waiting(store)
    with pytest.raises(InvalidInput) as caught:
        followups.add_followup(store, visit_id=visit, title=title, owner=owner, due=date(2027, 1, 1), author=WRITER)
    assert caught.value.code == code
    assert rows(store, FollowUpRow) == 0
    assert waiting(store) == before


# -- the social profile, the recognition scheme and the closing --------------------------


def test_the_social_profile_keeps_status_evidence_and_author(store: Store) -> None:
    visit = new_visit(store)
    visit_records.save_social(store, visit_id=visit, area_id="diversity", author=WRITER, status="already")
    visit_records.save_social(store, visit_id=visit, area_id="diversity", author="Mette", evidence="Politik fra 2024.")
    visit_records.save_social(store, visit_id=visit, area_id="retention", author=WRITER, status="wants")
    profile = visit_records.social_profile(store, visit_id=visit)
    assert profile["diversity"].status == "already"  # evidence alone does not touch the status
    assert (profile["diversity"].evidence, profile["diversity"].author) == ("Politik fra 2024.", "Mette")
    assert profile["retention"].status == "wants"
    before = waiting(store)
    with pytest.raises(InvalidInput):
        visit_records.save_social(store, visit_id=visit, area_id="retention", author=WRITER, status="maybe")
    assert waiting(store) == before
    visit_records.save_social(store, visit_id=visit, area_id="retention", author=WRITER, status="")
    assert visit_records.social_profile(store, visit_id=visit)["retention"].status == ""


def test_recognition_ticks_are_kept(store: Store) -> None:
    visit = new_visit(store)
    assert visit_records.recognition(store, visit_id=visit) == {}
    visit_records.save_recognition(store, visit_id=visit, met={"crit-edge-hire": True, "crit-local": False})
    assert visit_records.recognition(store, visit_id=visit) == {"crit-edge-hire": True, "crit-local": False}


def test_the_closing_is_saved_field_by_field(store: Store) -> None:
    visit = new_visit(store)
    visit_records.save_closing(store, visit_id=visit, cvs_wanted="3", start_wish="1. februar")
    visit_records.save_closing(store, visit_id=visit, skills_required="Truckcertifikat", closing_checklist={"a": 1})
    closing = visit_records.closing(store, visit_id=visit)
    assert (closing.cvs_wanted, closing.start_wish, closing.skills_required) == (3, "1. februar", "Truckcertifikat")
    assert closing.checklist == {"a": True}
    visit_records.save_closing(store, visit_id=visit, cvs_wanted="")
    assert visit_records.closing(store, visit_id=visit).cvs_wanted == 0
    for bad, code in (
        ("tre", "whole_number"),
        ("-1", "whole_number"),
        ("100", "number_range"),
        ("１２", "ascii_digits"),
    ):
        with pytest.raises(InvalidInput) as caught:
            visit_records.save_closing(store, visit_id=visit, cvs_wanted=bad)
        assert caught.value.code == code
    assert visit_records.closing(store, visit_id=visit).cvs_wanted == 0


def test_a_follow_up_can_be_renamed_but_not_to_nothing(store: Store) -> None:
    """What was typed into a follow-up's field after it was added lands on it (views.closing)."""
    visit = new_visit(store)
    fid = followups.add_followup(
        store, visit_id=visit, title="Ring om to uger", owner="Jens", due=date(2026, 12, 14), author="Jens"
    )
    followups.rename_followup(store, followup_id=fid, title="Ring om to uger og send CV")
    assert [f.title for f in followups.followups(store, visit_id=visit)] == ["Ring om to uger og send CV"]
    with pytest.raises(InvalidInput):
        followups.rename_followup(store, followup_id=fid, title="  ")
    assert [f.title for f in followups.followups(store, visit_id=visit)] == ["Ring om to uger og send CV"]
