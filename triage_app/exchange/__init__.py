"""exchange layer: Excel file formats (export, import, intake template).

openpyxl switches to lxml by itself when lxml is installed; we keep the standard-library XML
writer on purpose (lxml writes every Cyrillic letter as a character reference: larger files
that read back slower, see docs/PERFORMANCE.md). This must run before openpyxl is imported.
"""

import os

os.environ.setdefault("OPENPYXL_LXML", "False")
