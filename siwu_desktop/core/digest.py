"""Content digest of a return: SHA-256 over a canonical serialisation.

The digest is printed on the signed paper and stored in the exported workbook, so
the city can tell that the file and the paper are the same return. It must
therefore depend on the content only, never on how it was held in memory:

- canonical JSON-like text: objects with keys sorted (by code point), no spaces,
  strings escaped as JSON does with non-ASCII kept, UTF-8 bytes;
- strings in Unicode NFC, so the same visible text always hashes the same;
- numbers only as Decimal or int; a Decimal is written as normalised plain text
  (1.50 → "1.5", 6.17E+4 → "61700", -0 → "0") inside a tagged object
  {"$d": "1.5"}, so a number and a string "1.5" differ; a float is refused
  (binary noise must never reach a digest);
- what the person typed is not hashed, only what it means: a value read back
  from an exported workbook (where 1.50 is the number 1.5) gives the same digest.

Schema tag `siwu-return/1`: change it whenever `return_content` changes shape.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

from siwu_desktop.core import units
from siwu_desktop.core.returns import Entry, ReturnData

SCHEMA = "siwu-return/1"

Canonical = None | bool | int | str | Decimal | list["Canonical"] | dict[str, "Canonical"]


def canonical_bytes(value: object) -> bytes:
    return _write(value).encode("utf-8")


def _write(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("only finite decimals have a digest")
        return '{"$d":' + json.dumps(units.plain(value)) + "}"
    if isinstance(value, str):
        return json.dumps(unicodedata.normalize("NFC", value), ensure_ascii=False)
    if isinstance(value, Mapping):
        items = []
        for key in sorted(
            value, key=lambda k: unicodedata.normalize("NFC", k) if isinstance(k, str) else ""
        ):
            if not isinstance(key, str):
                raise TypeError(f"keys must be strings, not {type(key).__name__}")
            items.append(_write(key) + ":" + _write(value[key]))
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_write(v) for v in value) + "]"
    raise TypeError(f"no canonical form for {type(value).__name__} (floats are refused)")


def digest(value: object) -> str:
    """Hex SHA-256 of the canonical serialisation of `value`."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def _entry(entry: Entry) -> Canonical:
    if entry.refusal is not None:
        return {"refused": entry.text}
    if entry.not_applicable:
        return {"na": True}
    if entry.value is not None:
        return entry.value
    if entry.date is not None:
        return entry.date.isoformat()
    text = entry.text.strip()
    return text or None


def return_content(ret: ReturnData) -> dict[str, Canonical]:
    """What the digest covers: identity, every value, rows, explanations and signatures."""

    def cells(entries: Mapping[str, Entry]) -> dict[str, Canonical]:
        return {k: v for k, e in entries.items() if (v := _entry(e)) is not None}

    return {
        "schema": SCHEMA,
        "form": ret.form,
        "city": ret.city,
        "county": ret.county,
        "year": ret.year,
        "period": ret.period,
        "values": cells(ret.values),
        "rows": [{"key": r.key, "cells": cells(r.cells)} for r in ret.rows],
        "explanations": {k: v.strip() for k, v in ret.explanations.items() if v.strip()},
        "metadata": {k: v for k, v in ret.metadata.wire().items()},
    }


def content_digest(ret: ReturnData) -> str:
    return digest(return_content(ret))


def short_digest(full: str) -> str:
    """The first 16 hex digits in groups of four, for the printed sheet (e.g. 3f2a-9c01-…)."""
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))
