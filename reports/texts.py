"""Every word the reports print themselves, one dictionary per language.

The content pack supplies the method's own words (field titles, levels, accommodations,
social areas, the recognition scheme); what the reports add around them lives here, so
a translation is one place to read. :class:`Texts` also formats dates and hours the way
each language writes them ("27. november 2026", "2,5 t/uge"; "27 November 2026",
"2.5 h/week").
"""

from __future__ import annotations

from datetime import date

from reports._bidi import isolate

LANGUAGES = ("da", "en")

TEXTS: dict[str, dict[str, str]] = {
    "da": {
        # shared
        "page": "Side {page} af {pages}",
        "company": "Virksomhed",
        "cvr": "CVR-nr.",
        "address": "Adresse",
        "industry": "Branche",
        "website": "Hjemmeside",
        "contact": "Kontaktperson",
        "phone": "Telefon",
        "email": "E-mail",
        "date": "Dato",
        "name": "Navn",
        "organisation": "Organisation",
        "role": "Rolle",
        "role.E": "Erhvervsrådet",
        "role.S": "Jobcentret",
        "role.other": "Deltager",
        "task": "Opgave",
        "area": "Område",
        "level": "Niveau",
        "hours": "Timer/uge",
        "accommodations": "Mulige hensyn",
        "hours_value": "{hours} t/uge",
        "level_value": "{level} · {title}",
        "done_by": "Udføres i dag af {name}",
        "green": "Grøn opgave: {category}",
        "written_by": "Skrevet af {name}",
        "no_area": "Uden område",
        "what": "Hvad",
        "who": "Hvem",
        "when": "Hvornår",
        "done": "klaret",
        "aftercare": "efterværn",
        "nothing": "–",
        "consultants": "Kontakt os",
        "consultants_intro": "Ring eller skriv, hvis I har spørgsmål, eller hvis noget ændrer sig.",
        "author": "Feltmappe",
        # visit summary
        "visit.kind": "Besøgsopsummering",
        "visit.title": "Opsummering af besøget hos {company}",
        "visit.intro": (
            "Tak for et godt møde den {date}. Her er det, vi talte om, de opgaver, vi så sammen, "
            "og det, vi aftalte. Ret gerne henvendelse, hvis noget skal rettes eller tilføjes."
        ),
        "visit.company": "Virksomheden",
        "visit.participants": "Deltagere",
        "visit.busy": "Det fortalte I om virksomheden",
        "visit.megatrend": "Vinkel på mødet",
        "visit.busy_none": "Ingen noter om det.",
        "visit.notes": "Noter fra boblepapiret",
        "visit.notes_general": "Øvrige noter",
        "visit.notes_quick": "Hurtige noter",
        "visit.notes_none": "Ingen noter.",
        "visit.tasks": "Opgaver, vi så på rundturen",
        "visit.tasks_summary": "{count} opgaver i {areas} områder – i alt {hours}.",
        "visit.tasks_summary_one": "1 opgave – i alt {hours}.",
        "visit.tasks_none": "Der blev ikke noteret opgaver på rundturen.",
        "visit.levels": "Niveau 1: {one} · 2: {two} · 3: {three}",
        "visit.area_heading": "{area} · {count} · {hours}",
        "visit.area_count_one": "1 opgave",
        "visit.area_count": "{count} opgaver",
        "visit.next": "Det aftalte vi",
        "visit.cvs": "Antal CV'er, I ønsker",
        "visit.start": "Ønsket start",
        "visit.skills": "Kompetencer, der skal være på plads",
        "visit.accommodations_possible": "Hensyn, I kan tage",
        "visit.next_none": "Der er ikke skrevet aftaler ned endnu.",
        "visit.openings": "Jobåbninger ud fra besøget",
        "visit.followups": "Opfølgning",
        "visit.followups_none": "Ingen opfølgninger aftalt endnu.",
        # bubble sheet
        "bubble.kind": "Boblepapir",
        "bubble.scan": "Scan for at læse mere",
        "bubble.notes": "Noter",
        "bubble.blank_company": "Virksomhed",
        "bubble.blank_date": "Dato",
        "bubble.none": "Ingen noter i dette felt.",
        # job opening
        "opening.kind": "Jobåbning til kolleger",
        "opening.title": "Jobåbning: {title}",
        "opening.from_visit": "Fra besøget hos {company} den {date}.",
        "opening.facts": "Overblik",
        "opening.status": "Status",
        "opening.owner": "Ansvarlig",
        "opening.hours": "Timer om ugen",
        "opening.candidates_sent": "Kandidater sendt",
        "opening.tasks": "Opgaverne",
        "opening.tasks_none": "Ingen opgaver knyttet til jobåbningen.",
        "opening.accommodations": "Hensyn, virksomheden kan tage",
        "opening.accommodations_none": "Ingen hensyn noteret.",
        "opening.requirements": "Krav og opgavebeskrivelse",
        "opening.requirements_none": "Ingen krav noteret.",
        "opening.contact": "Kontakt i virksomheden",
        "opening.followups": "Hvem følger op – og hvornår",
        "opening.followups_none": "Ingen opfølgning aftalt endnu.",
        "status.open": "Åben",
        "status.candidates_sent": "Kandidater sendt",
        "status.filled": "Besat",
        "status.closed": "Lukket",
        # social profile and diploma
        "social.kind": "Socialt ansvar",
        "social.title": "Socialt ansvar hos {company}",
        "social.intro": (
            "Profilen viser, hvad virksomheden allerede gør for det sociale ansvar (S'et i ESG), "
            "hvad den gerne vil, og hvad der dokumenterer det. Registreret den {date}."
        ),
        "social.areas": "De sociale områder",
        "social.status": "Status",
        "social.evidence": "Dokumentation",
        "social.summary": "Gør det allerede: {already} af {total} · Vil gerne: {wants}",
        "social.status.already": "Gør det allerede",
        "social.status.wants": "Vil gerne",
        "social.status.not_relevant": "Ikke relevant",
        "social.status.none": "Ikke vurderet",
        "social.recognition": "Anerkendelse",
        "social.criterion": "Kriterium",
        "social.met": "Opfyldt",
        "social.qualifies": "{met} af {total} kriterier opfyldt – virksomheden kvalificerer sig (mindst {needed}).",
        "social.missing": "{met} af {total} kriterier opfyldt – mangler {missing} for at kvalificere sig.",
        "social.diploma_follows": "Diplomet følger på næste side.",
        "diploma.kind": "Diplom",
        "diploma.heading": "DIPLOM",
        "diploma.awarded": "tildeles",
        "diploma.because": (
            "for sit sociale ansvar. Virksomheden opfylder {met} af {total} kriterier i ordningen, "
            "og mindst {needed} skal være opfyldt:"
        ),
        "diploma.issued": "Udstedt den {date}",
        "diploma.signature": "Underskrift",
        "not_qualified": "Virksomheden opfylder {met} af {needed} nødvendige kriterier og kan ikke få diplomet endnu.",
    },
    "en": {
        # shared
        "page": "Page {page} of {pages}",
        "company": "Company",
        "cvr": "CVR no.",
        "address": "Address",
        "industry": "Industry",
        "website": "Website",
        "contact": "Contact person",
        "phone": "Phone",
        "email": "Email",
        "date": "Date",
        "name": "Name",
        "organisation": "Organisation",
        "role": "Role",
        "role.E": "Business council",
        "role.S": "Job centre",
        "role.other": "Participant",
        "task": "Task",
        "area": "Area",
        "level": "Level",
        "hours": "Hours/week",
        "accommodations": "Possible accommodations",
        "hours_value": "{hours} h/week",
        "level_value": "{level} · {title}",
        "done_by": "Done today by {name}",
        "green": "Green task: {category}",
        "written_by": "Written by {name}",
        "no_area": "No area",
        "what": "What",
        "who": "Who",
        "when": "When",
        "done": "done",
        "aftercare": "aftercare",
        "nothing": "–",
        "consultants": "Contact us",
        "consultants_intro": "Call or write if you have questions or if anything changes.",
        "author": "Feltmappe",
        # visit summary
        "visit.kind": "Visit summary",
        "visit.title": "Summary of our visit to {company}",
        "visit.intro": (
            "Thank you for a good meeting on {date}. Here is what we talked about, the tasks we saw "
            "together and what we agreed. Please get in touch if anything should be corrected or added."
        ),
        "visit.company": "The company",
        "visit.participants": "Participants",
        "visit.busy": "What you told us about the company",
        "visit.megatrend": "Angle of the meeting",
        "visit.busy_none": "No notes about it.",
        "visit.notes": "Notes from the bubble sheet",
        "visit.notes_general": "Other notes",
        "visit.notes_quick": "Quick notes",
        "visit.notes_none": "No notes.",
        "visit.tasks": "Tasks we saw on the walk-around",
        "visit.tasks_summary": "{count} tasks in {areas} areas – {hours} in all.",
        "visit.tasks_summary_one": "1 task – {hours} in all.",
        "visit.tasks_none": "No tasks were recorded on the walk-around.",
        "visit.levels": "Level 1: {one} · 2: {two} · 3: {three}",
        "visit.area_heading": "{area} · {count} · {hours}",
        "visit.area_count_one": "1 task",
        "visit.area_count": "{count} tasks",
        "visit.next": "What we agreed",
        "visit.cvs": "Number of CVs you would like",
        "visit.start": "Wished start",
        "visit.skills": "Skills that must be in place",
        "visit.accommodations_possible": "Accommodations you can make",
        "visit.next_none": "No agreements written down yet.",
        "visit.openings": "Job openings from the visit",
        "visit.followups": "Follow-up",
        "visit.followups_none": "No follow-ups agreed yet.",
        # bubble sheet
        "bubble.kind": "Bubble sheet",
        "bubble.scan": "Scan to read more",
        "bubble.notes": "Notes",
        "bubble.blank_company": "Company",
        "bubble.blank_date": "Date",
        "bubble.none": "No notes in this field.",
        # job opening
        "opening.kind": "Job opening for colleagues",
        "opening.title": "Job opening: {title}",
        "opening.from_visit": "From the visit to {company} on {date}.",
        "opening.facts": "At a glance",
        "opening.status": "Status",
        "opening.owner": "Owner",
        "opening.hours": "Hours a week",
        "opening.candidates_sent": "Candidates sent",
        "opening.tasks": "The tasks",
        "opening.tasks_none": "No tasks linked to this opening.",
        "opening.accommodations": "Accommodations the company can make",
        "opening.accommodations_none": "No accommodations noted.",
        "opening.requirements": "Requirements and task description",
        "opening.requirements_none": "No requirements noted.",
        "opening.contact": "Contact at the company",
        "opening.followups": "Who follows up – and when",
        "opening.followups_none": "No follow-up agreed yet.",
        "status.open": "Open",
        "status.candidates_sent": "Candidates sent",
        "status.filled": "Filled",
        "status.closed": "Closed",
        # social profile and diploma
        "social.kind": "Social responsibility",
        "social.title": "Social responsibility at {company}",
        "social.intro": (
            "The profile shows what the company already does for social responsibility (the S in ESG), "
            "what it would like to do, and what documents it. Recorded on {date}."
        ),
        "social.areas": "The social areas",
        "social.status": "Status",
        "social.evidence": "Evidence",
        "social.summary": "Already does: {already} of {total} · Wants to: {wants}",
        "social.status.already": "Already does",
        "social.status.wants": "Wants to",
        "social.status.not_relevant": "Not relevant",
        "social.status.none": "Not assessed",
        "social.recognition": "Recognition",
        "social.criterion": "Criterion",
        "social.met": "Met",
        "social.qualifies": "{met} of {total} criteria met – the company qualifies (at least {needed}).",
        "social.missing": "{met} of {total} criteria met – {missing} more needed to qualify.",
        "social.diploma_follows": "The diploma follows on the next page.",
        "diploma.kind": "Diploma",
        "diploma.heading": "DIPLOMA",
        "diploma.awarded": "is awarded to",
        "diploma.because": (
            "for its social responsibility. The company meets {met} of the scheme's {total} criteria, "
            "of which at least {needed} must be met:"
        ),
        "diploma.issued": "Issued on {date}",
        "diploma.signature": "Signature",
        "not_qualified": "The company meets {met} of the {needed} criteria needed and cannot have the diploma yet.",
    },
}

MONTHS: dict[str, tuple[str, ...]] = {
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


class Texts:
    """The report texts of one language, with its way of writing dates and numbers."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown report language {language!r}; use one of {', '.join(LANGUAGES)}")
        self.language = language
        self._texts = TEXTS[language]

    def __call__(self, key: str, **values: object) -> str:
        """The text ``key`` with ``values`` put in its ``{placeholders}``; each text value
        (a name, a date) as an isolated run (:func:`reports._bidi.isolate`), so a name in
        Arabic or Hebrew does not reorder the words around it when the line is drawn.
        Raises KeyError for an unknown key or a placeholder without a value."""
        text = self._texts[key]
        if not values:
            return text
        return text.format(**{k: isolate(v) if isinstance(v, str) else v for k, v in values.items()})

    def template(self, key: str) -> str:
        """The text with its ``{placeholders}`` still in it."""
        return self._texts[key]

    def day(self, value: date) -> str:
        """'27. november 2026' in Danish, '27 November 2026' in English."""
        month = MONTHS[self.language][value.month - 1]
        if self.language == "da":
            return f"{value.day}. {month} {value.year}"
        return f"{value.day} {month} {value.year}"

    def number(self, value: float) -> str:
        """Hours as people write them: 4, 2,5 (Danish) or 2.5 (English)."""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.language == "da" else text

    def hours(self, value: float) -> str:
        """'2,5 t/uge' in Danish, '2.5 h/week' in English (the report's own number, not isolated)."""
        return self._texts["hours_value"].format(hours=self.number(value))
