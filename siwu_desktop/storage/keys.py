"""Signing keys on disk: this installation's key pair and the keys it trusts (issue #14).

The private key is a row of the database (migration m0004): the database sits in the
data folder with owner-only permissions (0600, folder 0700) and every backup copies
it, so restoring a backup restores the key; nothing here ever writes it to a file.
Trusted keys (a county's registered key at the city, the pinned city key at a county)
are never deleted: a replaced key keeps its row with `replaced_at`, and the change is
in the audit trail.
"""

from __future__ import annotations

from msgspec import Struct

from siwu_desktop.core import signing
from siwu_desktop.storage import audit
from siwu_desktop.storage.session import Session

COUNTY, CITY = "county", "city"


class TrustedKey(Struct, frozen=True):
    """A public key this installation trusts: a county's (city mode) or the city's."""

    id: int
    role: str
    unit: str
    county: str
    code: str
    public: bytes
    fingerprint: str
    registered_at: str
    replaced_at: str | None
    source_file: str

    @property
    def active(self) -> bool:
        return self.replaced_at is None


_TRUSTED = (
    "SELECT id, role, unit, county, code, public_key, fingerprint, registered_at, replaced_at,"
    " source_file FROM trusted_keys"
)


def _trusted(row: tuple[object, ...]) -> TrustedKey:
    public = signing.decode_public(str(row[5])) or b""
    return TrustedKey(
        int(str(row[0])),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        public,
        str(row[6]),
        str(row[7]),
        None if row[8] is None else str(row[8]),
        str(row[9]),
    )


class KeysRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # --- this installation's key ---------------------------------------------------------------

    def own(self) -> signing.KeyPair | None:
        with self._s.read() as db:
            row = db.execute(
                "SELECT private_pem, public_key FROM own_keys ORDER BY id DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        public = signing.decode_public(str(row[1]))
        assert public is not None
        return signing.KeyPair(str(row[0]).encode("ascii"), public)

    def own_created_at(self) -> str:
        with self._s.read() as db:
            row = db.execute("SELECT created_at FROM own_keys ORDER BY id DESC LIMIT 1").fetchone()
        return "" if row is None else str(row[0])

    def ensure_own(self) -> signing.KeyPair:
        """This installation's key pair, made now if it has none (profiles made before 0.2
        get theirs the first time a key is needed: lazy creation, recorded in the audit)."""
        pair = self.own()
        if pair is not None:
            return pair
        pair = signing.new_key_pair()
        at = audit.now_iso()
        with self._s.write() as db:
            db.execute(
                "INSERT INTO own_keys (private_pem, public_key, fingerprint, created_at)"
                " VALUES (?, ?, ?, ?)",
                [
                    pair.private_pem.decode("ascii"),
                    signing.encode_public(pair.public),
                    pair.fingerprint,
                    at,
                ],
            )
            audit.record(
                db, who=self._s.who(), kind="key", key="own", old=None, new=pair.fingerprint, at=at
            )
        return pair

    def signer_of(self, return_id: int, revision: int) -> str | None:
        """The fingerprint that signed an imported revision (None for one made here)."""
        with self._s.read() as db:
            row = db.execute(
                "SELECT signer FROM revisions WHERE return_id = ? AND revision = ?",
                [return_id, revision],
            ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    # --- keys it trusts --------------------------------------------------------------------------

    def trusted(self, role: str, county: str = "") -> list[TrustedKey]:
        """Every key of that role (and county), newest first; replaced ones included."""
        with self._s.read() as db:
            rows = db.execute(
                _TRUSTED + " WHERE role = ? AND county = ? ORDER BY id DESC", [role, county]
            ).fetchall()
        return [_trusted(r) for r in rows]

    def all_trusted(self) -> list[TrustedKey]:
        with self._s.read() as db:
            rows = db.execute(_TRUSTED + " ORDER BY role, county, id").fetchall()
        return [_trusted(r) for r in rows]

    def active(self, role: str, county: str = "") -> TrustedKey | None:
        return next((k for k in self.trusted(role, county) if k.active), None)

    def trust(
        self,
        role: str,
        *,
        unit: str,
        county: str,
        code: str,
        public: bytes,
        source_file: str,
    ) -> TrustedKey:
        """Register (or pin) `public`; the key active before for that role and county is
        marked replaced, kept, and the change audited. The caller decides whether a
        replacement is allowed (services.keys)."""
        fingerprint = signing.fingerprint(public)
        at = audit.now_iso()
        with self._s.write() as db:
            old = db.execute(
                "SELECT id, fingerprint FROM trusted_keys"
                " WHERE role = ? AND county = ? AND replaced_at IS NULL",
                [role, county],
            ).fetchone()
            if old is not None:
                db.execute("UPDATE trusted_keys SET replaced_at = ? WHERE id = ?", [at, old[0]])
            cur = db.execute(
                "INSERT INTO trusted_keys (role, unit, county, code, public_key, fingerprint,"
                " registered_at, source_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    role,
                    unit,
                    county,
                    code,
                    signing.encode_public(public),
                    fingerprint,
                    at,
                    source_file,
                ],
            )
            audit.record(
                db,
                who=self._s.who(),
                kind="key",
                key=f"{role}:{county}" if county else role,
                old=None if old is None else str(old[1]),
                new=fingerprint,
                at=at,
            )
            new_id = int(cur.lastrowid or 0)
            row = db.execute(_TRUSTED + " WHERE id = ?", [new_id]).fetchone()
        return _trusted(row)
