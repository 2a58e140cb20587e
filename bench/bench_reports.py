"""Report benchmarks: how long the visit summary PDF takes for a big and a huge visit.

``pdf_visit_50_ms``: the visit summary of a visit with 50 tasks (5 of them with a photo)
and 100 notes, median of 10 after a warm-up. ``pdf_visit_300_ms``: 300 tasks (30 photos)
and 100 notes, median of 5. Photos are 1600×1200 JPEGs, the size the tablet stores.

Run from the repository root: ``.venv/bin/python bench/bench_reports.py``.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw

from domain.content import ContentPack
from domain.records import Closing, FollowUp, Note, Participant, SpottedTask
from reports import CompanyInfo, Consultant, VisitReportData, visit_summary_pdf
from storage.content import load_pack

NOTES = 100
FIELDS = ("recruitment", "retention", "upskilling", "general")
NOTE_TEXT = (
    "Virksomheden mangler hænder i pakkeriet i høsten; de vil gerne prøve én på få timer om ugen, "
    "og de kan tage hensyn med pauser og en fast makker de første uger. "
)


def emit(metric: str, value: float) -> None:
    print(json.dumps({"metric": metric, "value": round(value, 1), "unit": "ms"}), flush=True)


def photo(seed: int) -> bytes:
    image = Image.new("RGB", (1600, 1200), (200 + seed % 50, 220, 200))
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (i * 97 + seed * 13) % 1500, (i * 61 + seed * 7) % 1100
        draw.ellipse((x, y, x + 100, y + 100), fill=(180, 30 + i * 5 % 200, 40))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def visit(pack: ContentPack, tasks: int) -> VisitReportData:
    accommodations = [a.id for a in pack.accommodations]
    photos = {f"p{i}": photo(i) for i in range(tasks // 10)}
    return VisitReportData(
        pack=pack,
        company=CompanyInfo(name="Stor Virksomhed A/S", cvr="12345674", contact_name="Søren Østergård"),
        visit_date=date(2026, 11, 27),
        participants=(
            Participant(id="a", name="Mette Sørensen", organisation="Jobcenter", role="S"),
            Participant(id="b", name="Jens Ærø", organisation="Erhvervsråd", role="E"),
        ),
        consultants=(Consultant(name="Mette Sørensen", organisation="Jobcenter", phone="+45 70 00 00 00"),),
        megatrend="green",
        megatrend_note="Vil skære ned på madspild og emballage.",
        notes=tuple(
            Note(id=f"n{i}", field=FIELDS[i % 4], text=f"{i}: {NOTE_TEXT}", author="Mette Sørensen")
            for i in range(NOTES)
        ),
        tasks=tuple(
            SpottedTask(
                id=f"t{i}",
                area=f"Område {i % 8 + 1}",
                title=f"Opgave {i}: sortering, pakning og registrering af æbler",
                done_by="Pakkeriet",
                hours=i % 6 + 1.5,
                level=i % 3 + 1,
                accommodations=tuple(accommodations[j] for j in range(i % 4)),
                accommodation_note="Kan deles op i korte bidder." if i % 3 == 0 else "",
                photo=f"p{i // 10}" if i % 10 == 0 else "",
            )
            for i in range(tasks)
        ),
        photos=photos,
        closing=Closing(cvs_wanted=2, start_wish="1. februar", skills_required="Mødestabilitet"),
        followups=(FollowUp(id="f", visit_id="v", title="Send CV'er", owner="Mette", due=date(2026, 12, 4)),),
    )


def median_ms(data: VisitReportData, runs: int) -> float:
    visit_summary_pdf(data)  # warm-up: fonts parsed, code paths loaded
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = visit_summary_pdf(data)
        times.append((time.perf_counter() - start) * 1000)
        assert pdf.startswith(b"%PDF")
    return statistics.median(times)


def main() -> None:
    pack = load_pack("da").pack
    emit("pdf_visit_50_ms", median_ms(visit(pack, 50), 10))
    emit("pdf_visit_300_ms", median_ms(visit(pack, 300), 5))


if __name__ == "__main__":
    main()
