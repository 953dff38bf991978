"""What identifies our schema, without importing sqlite-utils (the start-up path reads this).

`MIGRATION_NAMES` lists the steps of `storage.migrations` in order; a test
keeps the two equal. A file whose recorded steps are exactly these needs no
migrating, so opening it never loads the migration machinery.
"""

from __future__ import annotations

MIGRATION_SET = "siwu_desktop"
#: Written into the file header so a foreign SQLite file is recognised ("SIWU").
APPLICATION_ID = 0x53495755
MIGRATION_NAMES = (
    "m0001_initial",
    "m0002_revision_pack_version",
    "m0003_imported_revisions",
    "m0004_signing_keys",
    "m0005_receipts",
    "m0006_revision_log",
    "m0007_value_origin",
    "m0008_city_statistics",
    "m0009_ledger_row_origin",
)
