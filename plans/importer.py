"""Import a plan's appendix table from the Word plan (DOCX) or a spreadsheet (XLSX).

Two steps, so a person sees what will happen before anything is written: `read_file`
returns a preview (themes, activities, unit names it could not match, problems); `commit`
writes it all in one transaction, with the units a reviewer chose for the unmatched names.
Plans are read the way offices write them: doubtful rows (a vague time, a range or
per-period amount, an unknown unit) are imported and marked for review, never refused;
only a file without a recognisable plan table is refused. Messages name the STT the user sees.

The reading lives in plans/import_reader.py (and, cell by cell, plans/import_cells.py), the
writing in plans/import_committer.py; this module is the one callers import.
"""

from plans.import_cells import read_money
from plans.import_committer import commit, past_imports, undo
from plans.import_reader import message, read_file, review_note, summary_rows

__all__ = ["commit", "message", "past_imports", "read_file", "read_money", "review_note", "summary_rows", "undo"]
