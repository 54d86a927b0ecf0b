"""A month's export of the one-stop system (XLSX or CSV): read, check, preview, then write
all or nothing.

The export has a title row (often naming the month), two header rows with merged cells,
one row per unit and a total row. Columns are found by their folded header text, so
case, diacritics, punctuation and the usual variants do not matter. Nothing is written
until `commit`, which refuses a preview with flagged rows or unknown units.

The reading lives in services/import_reader.py, the writing in services/import_committer.py;
this module is the one the pages, the command line and other slices' hooks import."""

from services.import_committer import commit, import_batches, remember_mapping, undo
from services.import_reader import MAX_BYTES, REQUIRED, ROW_CAP, changes, read_file

__all__ = [
    "MAX_BYTES",
    "REQUIRED",
    "ROW_CAP",
    "changes",
    "commit",
    "import_batches",
    "read_file",
    "remember_mapping",
    "undo",
]
