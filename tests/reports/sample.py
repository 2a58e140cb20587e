"""A realistic visit to build the reports from: a Danish market garden, with æ, ø and å."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw

from domain.content import ContentPack
from domain.records import Closing, FollowUp, JobOpening, Note, Participant, SocialArea, SpottedTask
from domain.visit import CardState
from reports import CompanyInfo, Consultant, OpeningReportData, SocialReportData, VisitReportData, card_answers

VISIT_DATE = date(2026, 11, 27)
INTERNAL = "INTERN: må ikke ses"

COMPANY = CompanyInfo(
    name="Æblehaven Gartneri I/S",
    cvr="12345674",
    address="Søndergårdsvej 14, 4300 Holbæk",
    industry="Gartneri og frugtavl",
    website="https://æblehaven.example.dk",
    contact_name="Søren Østergård",
    contact_phone="+45 21 43 65 87",
    contact_email="soeren@aeblehaven.example.dk",
)

CONSULTANTS = (
    Consultant(
        name="Mette Sørensen",
        organisation="Jobcenter Holbæk",
        title="Virksomhedskonsulent",
        phone="+45 72 36 00 00",
        email="mette.soerensen@holbaek.example.dk",
    ),
    Consultant(
        name="Jens Ærø",
        organisation="Erhvervsråd Nordvestsjælland",
        title="Erhvervskonsulent, grøn omstilling",
        phone="+45 59 48 00 00",
        email="jens.aeroe@erhverv.example.dk",
    ),
)

PARTICIPANTS = (
    Participant(id="p1", name="Mette Sørensen", organisation="Jobcenter Holbæk", role="S"),
    Participant(id="p2", name="Jens Ærø", organisation="Erhvervsråd Nordvestsjælland", role="E"),
    Participant(id="p3", name="Søren Østergård", organisation="Æblehaven Gartneri I/S", role="other"),
)

TASKS = (
    SpottedTask(
        id="t1",
        area="Pakkeriet",
        title="Sortering af æbler efter størrelse og skønhedsfejl",
        done_by="Sæsonmedarbejdere",
        hours=6,
        level=1,
        accommodations=("split", "breaks"),
        accommodation_note="Kan gøres siddende på en ståstøtte; arbejdet kan deles i to-timers bidder.",
        photo="photo1",
        author="Mette Sørensen",
    ),
    SpottedTask(
        id="t2",
        area="Pakkeriet",
        title="Foldning af papkasser og klargøring af emballage",
        done_by="Pakkeriformanden",
        hours=3.5,
        level=1,
        green="recycling",
        accommodations=("hours",),
        author="Mette Sørensen",
    ),
    SpottedTask(
        id="t3",
        area="Pakkeriet",
        title="Sortering af pap og plastik til genbrug",
        hours=2,
        level=1,
        green="recycling",
        accommodations=("quiet", "split"),
        author="Jens Ærø",
    ),
    SpottedTask(
        id="t4",
        area="Drivhuse og udendørs",
        title="Vanding og aflæsning af vandmåler hver morgen",
        done_by="Gartneren",
        hours=2.5,
        level=2,
        green="registration",
        accommodations=("collaboration",),
        author="Jens Ærø",
    ),
    SpottedTask(
        id="t5",
        area="Drivhuse og udendørs",
        title="Pleje af blomsterstriber til bier og sommerfugle",
        hours=4,
        level=1,
        green="biodiversity",
        accommodations=("hours", "breaks"),
        author="Jens Ærø",
    ),
    SpottedTask(
        id="t6",
        area="Drivhuse og udendørs",
        title="Reparation af frugtkasser i træ før næste sæson",
        done_by="Indehaveren om vinteren",
        hours=5,
        level=3,
        green="repair",
        accommodations=("aids", "danish"),
        accommodation_note="Brug af søm- og skruemaskine kræver oplæring. Dansk på grundniveau er nok.",
        author="Mette Sørensen",
    ),
)

NOTES = (
    Note(
        id="n1",
        field="recruitment",
        text="Mangler hænder i æblehøsten (uge 36–42); vil gerne prøve én på få timer om ugen.",
        author="Mette Sørensen",
    ),
    Note(id="n2", field="recruitment", text="Søren åbner gerne for virksomhedspraktik i pakkeriet.", author="Jens Ærø"),
    Note(
        id="n3",
        field="retention",
        text="En medarbejder har ondt i ryggen efter løft – interesseret i hjælpemidler og færre timer.",
        author="Mette Sørensen",
    ),
    Note(
        id="n4",
        field="upskilling",
        text="Truckcertifikat og AMU-kursus i fødevarehygiejne til to ansatte.",
        author="Jens Ærø",
    ),
    Note(
        id="n5",
        field="general",
        text="Ønsker ESG-dokumentation til bankens spørgeskema før årsskiftet.",
        author="Jens Ærø",
    ),
    Note(id="n6", field="retention", text=INTERNAL, author="Mette Sørensen", internal=True),
)

FOLLOWUPS = (
    FollowUp(
        id="f1",
        visit_id="v1",
        title="Sende CV'er på to kandidater til pakkeriet",
        owner="Mette Sørensen",
        due=date(2026, 12, 4),
    ),
    FollowUp(
        id="f2",
        visit_id="v1",
        title="Ringe om AMU-kursus i fødevarehygiejne",
        owner="Jens Ærø",
        due=date(2027, 1, 12),
    ),
)

OPENING = JobOpening(
    id="o1",
    visit_id="v1",
    company_id="c1",
    title="Pakkeri- og genbrugsmedhjælper, 12 timer om ugen",
    task_ids=("t1", "t2", "t3"),
    hours=12,
    accommodations=("split", "breaks", "hours"),
    requirements="Kan stå og gå det meste af dagen. Mødestabilitet vigtigere end erfaring; oplæring sker på stedet.",
    owner="Mette Sørensen",
    status="open",
)


def photo_bytes() -> bytes:
    """A small picture of a crate of apples, made with Pillow."""
    image = Image.new("RGB", (800, 600), (214, 234, 208))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 260, 680, 560), fill=(150, 104, 62), outline=(90, 60, 30), width=8)
    for row in range(3):
        for col in range(6):
            x, y = 170 + col * 85, 170 + row * 60
            draw.ellipse((x, y, x + 70, y + 70), fill=(196, 32, 40) if (row + col) % 3 else (120, 170, 40))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


ANSWERS = {
    "concerns-01": (
        "Pakkeriet i høstsæsonen (uge 36–42); der står æbler på lager, fordi sorteringen ikke når at følge med."
    ),
    "concerns-02": "Faglærte gartnere – og folk, der vil tage nogle få timer om ugen uden for sæsonen.",
    "concerns-06": "Mindre madspild: æbler med skønhedsfejl skal blive til most og ikke til affald.",
    "esg-02": "Banken har sendt et spørgeskema om bæredygtighed; det skal besvares før årsskiftet.",
    "esg-07": "De aflæser vandmåleren, når de kan nå det – ingen fast registrering af vand og energi.",
}


def visit_data(pack: ContentPack, **changes: object) -> VisitReportData:
    answered = [CardState(card_id=card_id, asked=True, answer=text) for card_id, text in ANSWERS.items()]
    base = VisitReportData(
        pack=pack,
        company=COMPANY,
        visit_date=VISIT_DATE,
        participants=PARTICIPANTS,
        consultants=CONSULTANTS,
        megatrend="green",
        megatrend_note="Vil skære ned på madspild og emballage; banken spørger til ESG-data.",
        card_answers=card_answers(pack, answered),
        notes=NOTES,
        tasks=TASKS,
        photos={"photo1": photo_bytes()},
        closing=Closing(
            cvs_wanted=2,
            start_wish="1. februar 2027 eller hurtigst muligt",
            skills_required="Mødestabilitet; truckcertifikat er et plus",
            accommodations_possible="Fleksible pauser, deltid, en fast makker de første uger",
        ),
        openings=(OPENING,),
        followups=FOLLOWUPS,
        issuer="Jobcenter Holbæk",
    )
    return base if not changes else _replace(base, changes)


def _replace(base: VisitReportData, changes: dict[str, object]) -> VisitReportData:
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


def opening_data(pack: ContentPack) -> OpeningReportData:
    return OpeningReportData(
        pack=pack,
        opening=OPENING,
        company=COMPANY,
        visit_date=VISIT_DATE,
        tasks=TASKS,
        photos={"photo1": photo_bytes()},
        followups=FOLLOWUPS,
        consultants=CONSULTANTS,
        issuer="Jobcenter Holbæk",
    )


def social_data(pack: ContentPack, *, met: int = 3) -> SocialReportData:
    statuses = ("already", "already", "wants", "already", "not_relevant", "wants", "", "already")
    areas = tuple(
        SocialArea(
            area_id=area.id,
            status=status,
            evidence=f"Dokumentation for {area.title.lower()}: to ansatte i løntilskud, grøn plan for 2027."
            if status
            else "",
            author="Mette Sørensen",
        )
        for area, status in zip(pack.social_areas, statuses, strict=False)
    )
    criteria = [c.id for c in pack.recognition.criteria]
    return SocialReportData(
        pack=pack,
        company=COMPANY,
        visit_date=VISIT_DATE,
        areas=areas,
        recognition_met={cid: i < met for i, cid in enumerate(criteria)},
        consultants=CONSULTANTS,
        issuer="Jobcenter Holbæk",
    )


LOREM = (
    "Virksomheden fortalte længe om sæsonen, om æbler, pærer og blommer, om kølerummet, "
    "om de faste folk og om de mange, der kommer og går i høsten. Søren vil gerne prøve "
    "nye veje, også med folk, der kun kan nogle få timer om ugen. "
)


def large_visit(pack: ContentPack, *, tasks: int = 300, note_chars: int = 30_000) -> VisitReportData:
    """A huge visit: ``tasks`` tasks in ten areas and notes of ``note_chars`` characters in all,
    one of them a single note of a third of that."""
    accommodations = [a.id for a in pack.accommodations]
    greens = [g.id for g in pack.green_categories]
    many = tuple(
        SpottedTask(
            id=f"t{i}",
            area=f"Område {i % 10 + 1} – hal {'ÆØÅ'[i % 3]}",
            title=f"Opgave nr. {i:03d}: sortér, pak og registrér ({'æøå'[i % 3]})",
            done_by="Pakkeriet" if i % 2 else "",
            hours=(i % 8) + 0.5,
            level=i % 3 + 1,
            green=greens[i % len(greens)] if i % 4 == 0 else "",
            accommodations=tuple(accommodations[j % len(accommodations)] for j in range(i % 4)),
            accommodation_note=(LOREM * 30)[:4000] if i == 7 else ("Kan deles op." if i % 5 == 0 else ""),
            photo="photo1" if i % 50 == 0 else "",
        )
        for i in range(tasks)
    )
    fields = ("recruitment", "retention", "upskilling", "general")
    long_text = (LOREM * (note_chars // len(LOREM) + 1))[: note_chars // 3]
    notes = [Note(id="long", field="recruitment", text=long_text, author="Mette Sørensen")]
    remaining, index = note_chars - len(long_text), 0
    while remaining > 0:
        text = (LOREM * 3)[: min(remaining, 600)]
        notes.append(Note(id=f"n{index}", field=fields[index % 4], text=text, author="Jens Ærø"))
        remaining -= len(text)
        index += 1
    notes.append(Note(id="secret", field="retention", text=INTERNAL, internal=True))
    return visit_data(pack, tasks=many, notes=tuple(notes))
