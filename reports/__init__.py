"""PDF reports (reportlab): data in, bytes out.

Four reports, each in Danish (``language="da"``, the default) or English (``"en"``):

- :func:`visit_summary_pdf` - the visit summary the company receives;
- :func:`bubble_sheet_pdf` - the bubble sheet, blank or with one visit's notes;
- :func:`opening_pdf` - a job opening, for colleagues;
- :func:`social_profile_pdf` - the social-responsibility profile, with the recognition
  diploma when the company qualifies, and :func:`diploma_pdf` for the diploma alone.

The caller builds the input records (:mod:`reports.data`) from the database and the photo
folder; nothing here reads a file other than the fonts, or knows of screens or storage.
"""

from reports.bubble import bubble_sheet_pdf
from reports.data import (
    CardAnswer,
    CompanyInfo,
    Consultant,
    OpeningReportData,
    SocialReportData,
    VisitReportData,
    card_answers,
)
from reports.opening import opening_pdf
from reports.social import NotQualified, diploma_pdf, social_profile_pdf
from reports.texts import LANGUAGES
from reports.visit import visit_summary_pdf

__all__ = [
    "LANGUAGES",
    "CardAnswer",
    "CompanyInfo",
    "Consultant",
    "NotQualified",
    "OpeningReportData",
    "SocialReportData",
    "VisitReportData",
    "bubble_sheet_pdf",
    "card_answers",
    "diploma_pdf",
    "opening_pdf",
    "social_profile_pdf",
    "visit_summary_pdf",
]
