"""What a county holds of the city's receipts (回执), as its navigator shows it at start-up:
市局已接收 / 市局退回（原因） per return. Kept apart from services.receipts, which makes and
takes the signed files, so that opening the window loads no signing or keys (issue #13)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from siwu_desktop.core.terms import ReceiptOutcome

if TYPE_CHECKING:
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage.receipts import StoredReceipt

ACCEPTED, RETURNED = ReceiptOutcome.ACCEPTED, ReceiptOutcome.RETURNED


def latest_receipts(
    service: ReturnService, county: str
) -> dict[tuple[str, int, str], StoredReceipt]:
    """The last receipt line the county holds per return (form, year, period), for the
    navigator's 市局已接收 / 市局退回（原因）."""
    out: dict[tuple[str, int, str], StoredReceipt] = {}
    for r in service.storage.receipts.for_county(county):  # oldest first: the newest wins
        out[r.form, r.year, r.period] = r
    return out
