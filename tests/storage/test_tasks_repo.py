"""Spotted tasks and tasks instead of positions, through the repository the screens use."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from domain.company import CompanyDraft
from domain.content import ContentPack
from domain.errors import InvalidInput
from domain.tasks import TaskDraft
from storage import repo, visit_records
from storage.db import Store
from storage.models import OutboxEntry


def waiting(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def new_visit(store: Store) -> str:
    company = repo.save_company(store, draft=CompanyDraft(name="Vestjysk Emballage A/S"))
    return repo.create_visit(store, company_id=company, content_version="2026.1")


def save(store: Store, pack: ContentPack, visit_id: str, draft: TaskDraft, **kwargs: object) -> str:
    return visit_records.save_task(
        store,
        visit_id=visit_id,
        draft=draft,
        author=str(kwargs.pop("author", "Mette Sørensen")),
        green_ids=[c.id for c in pack.green_categories],
        accommodation_ids=[a.id for a in pack.accommodations],
        **kwargs,  # type: ignore[arg-type]
    )


# -- spotted tasks ---------------------------------------------------------------------


def test_a_task_is_saved_with_its_author_and_queued(store: Store, pack_da: ContentPack) -> None:
    visit = new_visit(store)
    before = waiting(store)
    task_id = save(
        store,
        pack_da,
        visit,
        TaskDraft(
            area="Pakkeri",
            title="Folde papkasser",
            done_by="Pakkerne",
            hours="2,5",
            level=2,
            green="recycling",
            accommodations=("split", "aids"),
            accommodation_note="Ståstol findes",
        ),
        photo="ab" * 32,
    )
    assert waiting(store) == before + 1
    [task] = visit_records.tasks(store, visit_id=visit)
    assert task.id == task_id
    assert (task.area, task.title, task.done_by, task.hours, task.level) == (
        "Pakkeri",
        "Folde papkasser",
        "Pakkerne",
        2.5,
        2,
    )
    assert task.green == "recycling"
    assert task.accommodations == ("aids", "split")
    assert task.accommodation_note == "Ståstol findes"
    assert task.photo == "ab" * 32
    assert task.author == "Mette Sørensen"
    assert task.position_id == ""


def test_the_area_is_remembered_for_the_next_task_of_that_visit(store: Store, pack_da: ContentPack) -> None:
    visit, other = new_visit(store), new_visit(store)
    assert visit_records.last_area(store, visit_id=visit) == ""
    save(store, pack_da, visit, TaskDraft(area="Pakkeri", title="Folde papkasser"))
    save(store, pack_da, visit, TaskDraft(area=" Gården ", title="Feje"))
    assert visit_records.last_area(store, visit_id=visit) == "Gården"
    assert visit_records.last_area(store, visit_id=other) == ""


def test_tasks_come_in_the_order_they_were_recorded(store: Store, pack_da: ContentPack) -> None:
    visit = new_visit(store)
    for title in ("Feje", "Folde", "Sortere"):
        save(store, pack_da, visit, TaskDraft(area="Hal", title=title))
    assert [t.title for t in visit_records.tasks(store, visit_id=visit)] == ["Feje", "Folde", "Sortere"]


def test_changing_a_task_keeps_its_author_and_photo(store: Store, pack_da: ContentPack) -> None:
    visit = new_visit(store)
    task_id = save(store, pack_da, visit, TaskDraft(area="Hal", title="Feje"), photo="cd" * 32)
    save(
        store,
        pack_da,
        visit,
        TaskDraft(area="Hal", title="Feje og vaske gulv", hours="3", level=1),
        task_id=task_id,
        author="Ole Hansen",
    )
    [task] = visit_records.tasks(store, visit_id=visit)
    assert (task.title, task.hours, task.author, task.photo) == ("Feje og vaske gulv", 3.0, "Mette Sørensen", "cd" * 32)
    save(store, pack_da, visit, TaskDraft(area="Hal", title="Feje og vaske gulv"), task_id=task_id, photo="")
    assert visit_records.tasks(store, visit_id=visit)[0].photo == ""


def test_a_deleted_task_is_gone_from_the_list(store: Store, pack_da: ContentPack) -> None:
    visit = new_visit(store)
    keep = save(store, pack_da, visit, TaskDraft(area="Hal", title="Feje"))
    gone = save(store, pack_da, visit, TaskDraft(area="Hal", title="Folde"))
    before = waiting(store)
    visit_records.delete_task(store, task_id=gone)
    assert waiting(store) == before + 1  # the deletion travels too
    assert [t.id for t in visit_records.tasks(store, visit_id=visit)] == [keep]


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        (TaskDraft(area="Pakkeri", title=""), "task_title_required"),
        (TaskDraft(area="Pakkeri", title="Feje", hours="2 timer"), "hours_format"),
        (TaskDraft(area="Pakkeri", title="Feje", hours="90"), "hours_range"),
        (TaskDraft(area="Pakkeri", title="Feje", level=5), "level_unknown"),
        (TaskDraft(area="Pakkeri", title="Feje", green="not-a-category"), "category_unknown"),
        (TaskDraft(area="Pakkeri", title="Feje", accommodations=("wings",)), "category_unknown"),
        (TaskDraft(area="Pakke\x00ri", title="Feje"), "control_chars"),
    ],
)
def test_a_refused_task_saves_nothing_and_remembers_no_area(
    store: Store, pack_da: ContentPack, draft: TaskDraft, code: str
) -> None:
    visit = new_visit(store)
    save(store, pack_da, visit, TaskDraft(area="Gården", title="Feje"))
    before = waiting(store)
    with pytest.raises(InvalidInput) as refused:
        save(store, pack_da, visit, draft)
    assert refused.value.code == code
    assert waiting(store) == before
    assert len(visit_records.tasks(store, visit_id=visit)) == 1
    assert visit_records.last_area(store, visit_id=visit) == "Gården"


def test_a_refused_change_leaves_the_task_as_it_was(store: Store, pack_da: ContentPack) -> None:
    visit = new_visit(store)
    task_id = save(store, pack_da, visit, TaskDraft(area="Hal", title="Feje", hours="2"))
    before = waiting(store)
    with pytest.raises(InvalidInput):
        save(store, pack_da, visit, TaskDraft(area="Hal", title="", hours="4"), task_id=task_id)
    assert waiting(store) == before
    [task] = visit_records.tasks(store, visit_id=visit)
    assert (task.title, task.hours) == ("Feje", 2.0)


# -- tasks instead of positions --------------------------------------------------------


def test_a_position_with_lines_and_marks(store: Store) -> None:
    visit = new_visit(store)
    position = visit_records.add_position(store, visit_id=visit, title=" Lagermedarbejder 37 t ", author="Ole Hansen")
    pick = visit_records.add_position_line(
        store, visit_id=visit, position_id=position, title="Plukke ordrer", hours="25"
    )
    fold = visit_records.add_position_line(
        store, visit_id=visit, position_id=position, title="Folde papkasser", hours="7,5"
    )
    visit_records.mark_position_line(store, line_id=fold, other_profile=True)
    [found] = visit_records.positions(store, visit_id=visit)
    assert found.title == "Lagermedarbejder 37 t"
    assert [(line.id, line.title, line.hours, line.other_profile) for line in found.lines] == [
        (pick, "Plukke ordrer", 25.0, False),
        (fold, "Folde papkasser", 7.5, True),
    ]
    visit_records.mark_position_line(store, line_id=fold, other_profile=False)
    assert not visit_records.positions(store, visit_id=visit)[0].lines[1].other_profile


@pytest.mark.parametrize(
    ("title", "hours", "code"),
    [("", "4", "task_title_required"), ("Feje", "", "hours_required"), ("Feje", "x", "hours_format")],
)
def test_a_refused_position_line_saves_nothing(store: Store, title: str, hours: str, code: str) -> None:
    visit = new_visit(store)
    position = visit_records.add_position(store, visit_id=visit, title="Smed 37 t", author="Ole Hansen")
    before = waiting(store)
    with pytest.raises(InvalidInput) as refused:
        visit_records.add_position_line(store, visit_id=visit, position_id=position, title=title, hours=hours)
    assert refused.value.code == code
    assert waiting(store) == before
    assert visit_records.positions(store, visit_id=visit)[0].lines == ()


def test_a_position_needs_a_title(store: Store) -> None:
    visit = new_visit(store)
    before = waiting(store)
    with pytest.raises(InvalidInput) as refused:
        visit_records.add_position(store, visit_id=visit, title="  ", author="Ole Hansen")
    assert refused.value.code == "position_title_required"
    assert waiting(store) == before
    assert visit_records.positions(store, visit_id=visit) == []


def test_marked_lines_become_tasks_once(store: Store) -> None:
    visit = new_visit(store)
    position = visit_records.add_position(store, visit_id=visit, title="Lagermedarbejder 37 t", author="Ole Hansen")
    lines = [
        visit_records.add_position_line(store, visit_id=visit, position_id=position, title=title, hours=hours)
        for title, hours in (("Plukke ordrer", "25"), ("Folde papkasser", "7,5"), ("Sortere pap", "4,5"))
    ]
    for line in lines[1:]:
        visit_records.mark_position_line(store, line_id=line, other_profile=True)

    made = visit_records.convert_position(store, visit_id=visit, position_id=position, area="Lager", author="Mette S")
    assert len(made) == 2
    tasks = visit_records.tasks(store, visit_id=visit)
    assert [(t.id, t.title, t.hours, t.area, t.level, t.author, t.position_id) for t in tasks] == [
        (made[0], "Folde papkasser", 7.5, "Lager", 1, "Mette S", position),
        (made[1], "Sortere pap", 4.5, "Lager", 1, "Mette S", position),
    ]
    converted = {line.id: line.task_id for line in visit_records.positions(store, visit_id=visit)[0].lines}
    assert converted == {lines[0]: "", lines[1]: made[0], lines[2]: made[1]}

    # A second tap converts nothing more, and queues nothing.
    before = waiting(store)
    assert visit_records.convert_position(store, visit_id=visit, position_id=position, area="Lager", author="x") == []
    assert waiting(store) == before
    assert len(visit_records.tasks(store, visit_id=visit)) == 2

    # A line marked later is converted on its own, into the area given.
    visit_records.mark_position_line(store, line_id=lines[0], other_profile=True)
    [third] = visit_records.convert_position(
        store, visit_id=visit, position_id=position, area="Lageret", author="Ole Hansen"
    )
    assert visit_records.tasks(store, visit_id=visit)[-1].id == third
    assert visit_records.tasks(store, visit_id=visit)[-1].area == "Lageret"


def test_converted_tasks_need_an_area_not_the_position_title(store: Store) -> None:
    """The position's title ("Lagermedarbejder 37 t") used to become the tasks' area."""
    visit = new_visit(store)
    position = visit_records.add_position(store, visit_id=visit, title="Lagermedarbejder 37 t", author="Ole Hansen")
    line = visit_records.add_position_line(store, visit_id=visit, position_id=position, title="Folde kasser", hours="4")
    visit_records.mark_position_line(store, line_id=line, other_profile=True)
    for blank in ("", "   "):
        with pytest.raises(InvalidInput) as refused:
            visit_records.convert_position(store, visit_id=visit, position_id=position, area=blank, author="x")
        assert (refused.value.field, refused.value.code) == ("area", "area_required")
    assert visit_records.tasks(store, visit_id=visit) == []
    visit_records.convert_position(store, visit_id=visit, position_id=position, area=" Pakkeri ", author="x")
    assert [t.area for t in visit_records.tasks(store, visit_id=visit)] == ["Pakkeri"]


def test_converting_an_unknown_position_is_refused(store: Store) -> None:
    visit = new_visit(store)
    with pytest.raises(InvalidInput) as refused:
        visit_records.convert_position(store, visit_id=visit, position_id="nope", area="", author="x")
    assert refused.value.code == "position_unknown"


def test_editing_a_task_keeps_its_place_in_the_list(store: Store) -> None:
    from domain.company import CompanyDraft
    from domain.tasks import TaskDraft
    from storage import repo, visit_records

    visit = repo.create_visit(
        store, company_id=repo.save_company(store, draft=CompanyDraft(name="X")), content_version="x"
    )
    ids = [
        visit_records.save_task(
            store, visit_id=visit, draft=TaskDraft(area="A", title=t), author="O", green_ids=[], accommodation_ids=[]
        )
        for t in ("Først", "Så", "Sidst")
    ]
    visit_records.save_task(
        store,
        visit_id=visit,
        task_id=ids[0],
        draft=TaskDraft(area="A", title="Først, rettet"),
        author="O",
        green_ids=[],
        accommodation_ids=[],
    )
    assert [t.title for t in visit_records.tasks(store, visit_id=visit)] == ["Først, rettet", "Så", "Sidst"]
