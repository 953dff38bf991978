"""The city summary as a machine-readable file (`.siwusum`, issue #16 item 11): what a
province installation would read to consolidate cities exactly as a city consolidates
counties.

Design: the file carries every *input* the city figures come from (summed quantities,
weighted indices with their weights, each county's leakage volume through ΣQs and the
city's R_BL), the derived figures, who is in them (counties, 未报, blank), the judgements,
the 表二 cells, the 表三 counts, the 表四 totals, the 异常 flags and the returns used with
their digests. So a province sums a quantity over cities, recomputes a rate from summed
parts, weights leakage by ΣQs (Σ(R_BL,c × Q_s,c)/ΣQ_s is exactly the county-level
formula over all counties), and knows when a city total is incomplete.

Domain words are their ASCII values (a judgement's status is a `Verdict` value such as
"met" or "incomplete", its bound "max"/"min"/"decline_min"); their Chinese labels are in
core/terms.py. Numbers are written as plain decimal strings (never floats). `digest` is SHA-256 over
the canonical serialisation (core.digest.canonical_bytes) of everything but `digest`
and `signature`. `signature` is the city installation's Ed25519 signature (core.signing,
#14) over {digest, city, year} under the schema `SIGNATURE_SCHEMA`, in its travelling
form {"fingerprint", "signature"}; a province checks it against the city's registered key
(`signed_by`). null when written without a key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgspec import Struct

from siwu_desktop.core import signing, units
from siwu_desktop.core.city_checks import Flag
from siwu_desktop.core.city_ledger import CityLedger, GroupTotal
from siwu_desktop.core.city_tasks import TaskMatrix
from siwu_desktop.core.consolidation import CityFigure, Consolidation
from siwu_desktop.core.digest import canonical_bytes
from siwu_desktop.core.files import write_atomically

FORMAT = "siwu-city-summary/1"
SIGNATURE_SCHEMA = "siwu-signed-city-summary/1"
EXTENSION = ".siwusum"
NOT_JSON = "汇总文件不是有效的 JSON：{reason}"
NOT_SUMMARY = "不是市级汇总文件（格式：{format}）"
TAMPERED = (
    "汇总文件的内容摘要不符（记录 {stored}，实际 {actual}）：文件在生成后被改动过，不能使用。"
)


class SummaryFileError(ValueError):
    """A summary file that cannot be used, with the reason in Chinese."""


def _n(value: Decimal | None) -> str | None:
    return None if value is None else units.plain(value)


def _figure(f: CityFigure) -> dict[str, Any]:
    return {
        "label": f.field.label,
        "unit": f.field.unit,
        "kind": f.field.kind,
        "quantity": f.field.quantity,
        "value": _n(f.value),
        "method": f.method,
        "counties": list(f.counties),
        "excluded": list(f.excluded),
        "reason": f.reason,
        "official": f.official,
    }


def _group(g: GroupTotal) -> dict[str, Any]:
    return {
        "name": g.name,
        "users": g.users,
        "plan": _n(g.plan),
        "annual": _n(g.annual),
        "over": _n(g.over),
    }


def summary_content(
    result: Consolidation,
    used: Sequence[Any],
    tasks: TaskMatrix | None = None,
    ledger: CityLedger | None = None,
    flags: Sequence[Flag] = (),
    city_code: str = "",
    reporter: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the file says, without its digest and signature."""
    return {
        "format": FORMAT,
        "city": result.city,
        "city_code": city_code,
        "year": result.year,
        "reporter": dict(reporter or {}),
        "counties": list(result.counties),
        "reported": list(result.reported),
        "missing": list(result.missing),
        "statistics": (
            None
            if result.statistics is None
            else {
                "source": result.statistics.source,
                "values": {k: _n(v) for k, v in result.statistics.values.items()},
            }
        ),
        "t1": {k: _figure(f) for k, f in result.figures.items()},
        "judgements": [
            {
                "field": j.field,
                "status": j.status,
                "value": _n(j.value),
                "target": _n(j.target_value),
                "bound": j.bound,
                "year": j.year,
                "notes": list(j.notes),
            }
            for j in result.judgements
        ],
        "t2": {
            "reported": list(result.t2_reported),
            "figures": {k: _figure(f) for k, f in result.t2_figures.items()},
        },
        "t3": None
        if tasks is None
        else {
            "reported": list(tasks.reported),
            "report_date": tasks.report_date.isoformat(),
            "tasks": [
                {
                    "id": line.task.id,
                    "done": line.done,
                    "in_progress": line.in_progress,
                    "not_started": line.not_started,
                    "overdue": line.overdue,
                    "missing": line.missing,
                }
                for line in tasks.lines
            ],
        },
        "t4": None
        if ledger is None
        else {
            "reported": list(ledger.reported),
            "total": _group(ledger.total),
            "by_industry": [_group(g) for g in ledger.by_industry],
            "by_source": [_group(g) for g in ledger.by_source],
            "over_plan_users": len(ledger.over_plan),
            "shared_codes": [{"uscc": s.uscc, "counties": list(s.counties)} for s in ledger.shared],
        },
        "flags": [
            {"county": g.county, "field": g.field, "rule": str(g.rule), "text": g.text}
            for g in flags
        ],
        "used": [
            {
                "county": u.county,
                "form": u.form,
                "revision": u.revision,
                "status": u.status,
                "digest": u.digest,
            }
            for u in used
        ],
    }


def summary_digest(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(dict(content))).hexdigest()


class SummaryFile(Struct, frozen=True):
    content: dict[str, Any]
    digest: str
    signature: dict[str, str] | None = None

    @property
    def city(self) -> str:
        return str(self.content["city"])

    def signed_by(self, public: bytes) -> bool:
        """Whether the file carries a valid signature of the key `public` over its digest."""
        sig = signing.signature_from(self.signature)
        return sig is not None and signing.verifies(
            public, sig, SIGNATURE_SCHEMA, signature_facts(self.content, self.digest)
        )

    @property
    def year(self) -> int:
        return int(self.content["year"])

    def value(self, field_id: str) -> Decimal | None:
        raw = self.content["t1"][field_id]["value"]
        return None if raw is None else Decimal(raw)


def signature_facts(content: Mapping[str, Any], digest: str) -> dict[str, object]:
    return {"digest": digest, "city": content["city"], "year": content["year"]}


def write_summary_file(
    content: dict[str, Any], path: Path, pair: signing.KeyPair | None = None
) -> SummaryFile:
    """Write the file with its digest, signed with `pair` (the city's key) when given."""
    digest = summary_digest(content)
    signature = None
    if pair is not None:
        facts = signature_facts(content, digest)
        signature = signing.sign(pair, SIGNATURE_SCHEMA, facts).as_dict()
    data = {**content, "digest": digest, "signature": signature}
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    return SummaryFile(content, digest, signature)


def read_summary_file(path: Path) -> SummaryFile:
    """Read and verify a summary file; a changed file is refused, naming both digests."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SummaryFileError(NOT_JSON.format(reason=exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        shown = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise SummaryFileError(NOT_SUMMARY.format(format=shown))
    stored = data.pop("digest", None)
    signature = data.pop("signature", None)
    actual = summary_digest(data)
    if stored != actual:
        raise SummaryFileError(TAMPERED.format(stored=stored, actual=actual))
    return SummaryFile(data, actual, signature)
