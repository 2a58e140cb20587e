"""PDF reports (reportlab): data in, bytes out. Filled by the reports issue."""
