"""Receipts (回执, issue #14 item 7): the city tells a county, by a small signed file, which of
its returns it holds — 已接收 (revision, digest) or 退回修改 with the reason and the city's
findings. The county takes it in with `siwu import FILE`; the signature must be the city
key it pinned at its first pack. Shared by the CLI and the window."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from msgspec import Struct

from siwu_desktop.core import signing
from siwu_desktop.core.files import json_bytes, write_atomically
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.terms import ReceiptOutcome, period_label
from siwu_desktop.services.changes import Changes
from siwu_desktop.services.keys import KeyRefused
from siwu_desktop.services.receipt_status import ACCEPTED, RETURNED
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import ReturnKey
from siwu_desktop.storage.keys import CITY
from siwu_desktop.storage.receipts import Refusal, StoredReceipt

RECEIPT_SUFFIX = ".siwureceipt"
RECEIPT_KIND = "siwu-receipt/1"
MAX_RECEIPT_BYTES = 1024 * 1024
FORM_SHORT = {"t1": "表一", "t2": "表二", "t3": "表三", "t4": "表四"}

NOT_CITY = "回执只能在市级模式下出具"
NOTHING = "本机没有{county}{year}年{form}的报表，无法出具回执"
UNREADABLE = "文件“{file}”不是本程序的回执文件（{reason}），请向市局重新索取"
UNSIGNED = "回执“{file}”没有市局签名（未签名），不能导入：请向市局重新索取"
NO_CITY_KEY = (
    "回执“{file}”：本机尚未登记市局公钥（导入第一个目标包时登记），无法核验，不能导入。"
    "请先导入市局的目标包或用“siwu keys import 市局公钥文件”登记"
)
OTHER_KEY = (
    "回执“{file}”由另一把密钥签名（指纹 {found}），不是本机登记的市局密钥（指纹 {expected}），"
    "不能导入：请电话核实市局是否更换了密钥；如已更换，凭市局书面通知登记新公钥后重新导入"
)
BAD_SIGNATURE = (
    "回执“{file}”的签名与内容不符（签名无效）：文件在签发后被改动，不能导入。"
    "请勿修改回执文件，向市局重新索取"
)
OTHER_COUNTY = (
    "回执“{file}”是给{found}的，本机填报单位为{expected}，不能导入：请确认文件是否发错，"
    "向市局索取本单位的回执"
)
TAKEN = "{file}：已导入市局回执（{issued}）：{lines}"
TALLY = "市局已接收 {accepted} 张，退回修改 {returned} 张"
LINE = "{form}{period}第{revision}版 {outcome}{reason}"


class ReceiptItem(Struct, frozen=True):
    form: str
    period: str
    revision: int
    digest: str
    outcome: str
    reason: str = ""
    findings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "form": self.form,
            "period": self.period,
            "revision": self.revision,
            "digest": self.digest,
            "outcome": self.outcome,
            "reason": self.reason,
            "findings": list(self.findings),
        }


class MadeReceipt(Struct, frozen=True):
    """A receipt the city wrote: the file, what it says, and the returns it covers."""

    path: Path
    city: str
    unit: str  # the issuing unit, as printed (the profile's unit name, else the city)
    county: str
    year: int
    issued_at: str
    signer: str  # the city key's fingerprint
    items: tuple[ReceiptItem, ...]
    changes: Changes


class TakenReceipt(Struct, frozen=True):
    """A receipt the county verified and kept: the line to show and what it covers."""

    message: str
    items: tuple[ReceiptItem, ...]
    changes: Changes

    @property
    def accepted(self) -> int:
        return sum(1 for i in self.items if i.outcome == ACCEPTED)

    @property
    def returned(self) -> int:
        return sum(1 for i in self.items if i.outcome == RETURNED)

    @property
    def tally(self) -> str:
        return TALLY.format(accepted=self.accepted, returned=self.returned)


def _content(
    city: str, county: str, year: int, issued_at: str, items: list[ReceiptItem]
) -> dict[str, object]:
    return {
        "kind": RECEIPT_KIND,
        "city": city,
        "county": county,
        "year": year,
        "issued_at": issued_at,
        "items": [i.as_dict() for i in items],
    }


def make_receipt(
    service: ReturnService,
    county: str,
    year: int,
    out: Path,
    *,
    form: str | None = None,
    period: str | None = None,
    reject: str | None = None,
    now: dt.datetime | None = None,
) -> MadeReceipt:
    """City mode: a signed receipt for every return of `county` and `year` (one `form`) the
    city holds: accepted, or with `reject` 退回修改 with that reason and the errors found."""
    profile = service.profile()
    if profile.mode != "city":
        raise KeyRefused(NOT_CITY)
    items = []
    ids = []
    for info in service.returns_of(county, year):
        if (form is not None and info.form != form) or not info.locked or not info.digest:
            continue
        if period is not None and info.period != period:
            continue
        ids.append(info.id)
        if reject:
            loaded = service.load(info)
            findings = tuple(
                f.message for f in service.validate(loaded) if f.severity is Severity.ERROR
            )
            items.append(
                ReceiptItem(
                    info.form, info.period, info.revision, info.digest, RETURNED, reject, findings
                )
            )
        else:
            items.append(ReceiptItem(info.form, info.period, info.revision, info.digest, ACCEPTED))
    if not items:
        raise KeyRefused(NOTHING.format(county=county, year=year, form=form or "任何"))
    issued = (now or dt.datetime.now()).replace(microsecond=0).isoformat(sep=" ")
    content = _content(profile.city, county, year, issued, items)
    pair = service.storage.keys.ensure_own()
    document = {
        **content,
        "signature": signing.sign(pair, signing.RECEIPT_SCHEMA, content).as_dict(),
        "signer_key": signing.encode_public(pair.public),
    }
    out = Path(out)
    if out.suffix != RECEIPT_SUFFIX:
        out = out.with_name(out.name + RECEIPT_SUFFIX)
    # Written first: a receipt the disk refused records no 退回 the county never gets.
    write_atomically(out, json_bytes(document))
    for i in items:
        if i.outcome == RETURNED:  # the board shows it as 已拒绝 with the reason (#14 item 8)
            service.storage.refusals.record(
                "receipt_returned",
                Refusal(county, year, i.form, i.period, i.revision, "", i.reason, i.reason, ""),
            )
    return MadeReceipt(
        out,
        profile.city,
        profile.unit_name or profile.city,
        county,
        year,
        issued,
        pair.fingerprint,
        tuple(items),
        Changes.status(*ids),
    )


def _items(data: dict[str, object]) -> list[ReceiptItem]:
    raw = data.get("items")
    if not isinstance(raw, list) or not raw:
        raise ValueError("没有回执内容")
    out = []
    for item in raw:
        if not isinstance(item, dict) or item.get("outcome") not in set(ReceiptOutcome):
            raise ValueError("回执条目不全")
        findings = item.get("findings", [])
        out.append(
            ReceiptItem(
                str(item["form"]),
                str(item["period"]),
                int(item["revision"]),
                str(item["digest"]),
                str(item["outcome"]),
                str(item.get("reason", "")),
                tuple(str(f) for f in findings) if isinstance(findings, list) else (),
            )
        )
    return out


def take_receipt(service: ReturnService, path: Path) -> TakenReceipt:
    """County mode: verify a receipt against the pinned city key and keep it; returns the
    line to show and the returns it covers (their navigator state changes). Raises
    KeyRefused with what failed and what to do; stores nothing then."""
    storage = service.storage
    path = Path(path)
    file = path.name
    try:
        if path.stat().st_size > MAX_RECEIPT_BYTES:
            raise ValueError("文件过大")
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("kind") != RECEIPT_KIND:
            raise ValueError("缺少回执标记")
        county, city, issued = str(data["county"]), str(data["city"]), str(data["issued_at"])
        year = int(data["year"])
        items = _items(data)
    except OSError:
        raise KeyRefused(UNREADABLE.format(file=file, reason="无法读取")) from None
    except (ValueError, KeyError, TypeError, UnicodeError) as exc:
        raise KeyRefused(UNREADABLE.format(file=file, reason=exc)) from None
    signature = signing.signature_from(data.get("signature"))
    key_text = data.get("signer_key")
    public = signing.decode_public(key_text) if isinstance(key_text, str) else None
    if signature is None or public is None:
        raise KeyRefused(UNSIGNED.format(file=file))
    pinned = storage.keys.active(CITY)
    if pinned is None:
        raise KeyRefused(NO_CITY_KEY.format(file=file))
    if pinned.public != public:
        found = signing.fingerprint(public)
        raise KeyRefused(OTHER_KEY.format(file=file, found=found, expected=pinned.fingerprint))
    content = _content(city, county, year, issued, items)
    if not signing.verifies(public, signature, signing.RECEIPT_SCHEMA, content):
        raise KeyRefused(BAD_SIGNATURE.format(file=file))
    profile = storage.profile.require()
    if profile.mode != "county" or profile.county != county or profile.city != city:
        raise KeyRefused(
            OTHER_COUNTY.format(file=file, found=city + county, expected=profile.label)
        )
    received = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    storage.receipts.add(
        [
            StoredReceipt(
                county,
                i.form,
                year,
                i.period,
                i.revision,
                i.digest,
                i.outcome,
                i.reason,
                i.findings,
                issued,
                pinned.fingerprint,
                file,
                received,
                signature.value,
            )
            for i in items
        ]
    )
    lines = "；".join(
        receipt_line(i.form, i.period, i.revision, i.outcome, i.reason) for i in items
    )
    covered = (storage.returns.find(ReturnKey(county, i.form, year, i.period)) for i in items)
    changes = Changes.status(*(info.id for info in covered if info is not None))
    return TakenReceipt(TAKEN.format(file=file, issued=issued, lines=lines), tuple(items), changes)


def receipt_line(form: str, period: str, revision: int, outcome: str, reason: str) -> str:
    """表一第2版 市局已接收 / 表三（第三季度）第1版 市局退回（…）: one return of a receipt."""
    return LINE.format(
        form=FORM_SHORT.get(form, form),
        period="" if period == "Y" else f"（{period_label(period)}）",
        revision=revision,
        outcome=ReceiptOutcome(outcome).label,
        reason=f"（{reason}）" if reason else "",
    )
