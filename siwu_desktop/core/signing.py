"""Signatures of what travels by file: Ed25519 (PyCA `cryptography`) over canonical bytes.

Every installation (county or city) has its own key pair. A digest alone proves nothing:
whoever holds a file can recompute it. A signature can only be made with the private
key, which never leaves its installation; the city checks a return against the key the
county registered on stamped paper (密钥备案表), a county checks packs and receipts against
the city key it pinned.

What is signed is a *statement*: a small mapping of the facts that must not change
(which county, which return, revision, status, the content digest, …), serialised by
`core.digest.canonical_bytes` under a schema tag, so the same facts always give the same
bytes and a fact left out cannot be changed unnoticed. No I/O here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

from msgspec import Struct

from siwu_desktop.core.digest import canonical_bytes

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# `cryptography` is imported by the functions that sign or verify: storage opens keys on
# every start, and loading the library took a tenth of the window's start (issue #13 item 7).

# /2 (issue #14 item 5): the facts also cover the revision log (reasons and changes) the
# sheet carries; /1, without a log, is what 0.2 exports before it were signed with.
RETURN_SCHEMA = "siwu-signed-return/2"
RETURN_SCHEMA_V1 = "siwu-signed-return/1"
PACK_SCHEMA = "siwu-signed-pack/1"
RECEIPT_SCHEMA = "siwu-signed-receipt/1"
PUBLIC_KEY_KIND = "siwu-public-key/1"


class KeyPair(Struct, frozen=True):
    """This installation's key: the private key as PKCS#8 PEM, the public key raw (32 bytes)."""

    private_pem: bytes
    public: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


class Signature(Struct, frozen=True):
    """A signature as it travels: the signer's fingerprint and the signature in base64."""

    fingerprint: str
    value: str

    def as_dict(self) -> dict[str, str]:
        return {"fingerprint": self.fingerprint, "signature": self.value}


def new_key_pair() -> KeyPair:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return KeyPair(pem, public_raw(key.public_key()))


def public_raw(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public: bytes) -> str:
    """8 groups of 4 hex digits: the first 16 bytes of SHA-256 over the raw public key."""
    digits = hashlib.sha256(public).hexdigest()[:32].upper()
    return " ".join(digits[i : i + 4] for i in range(0, 32, 4))


def statement_bytes(schema: str, facts: Mapping[str, object]) -> bytes:
    """The exact bytes a signature covers: the facts and the schema tag, canonical."""
    return canonical_bytes({**facts, "schema": schema})


def sign(pair: KeyPair, schema: str, facts: Mapping[str, object]) -> Signature:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(pair.private_pem, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    value = key.sign(statement_bytes(schema, facts))
    return Signature(pair.fingerprint, base64.b64encode(value).decode("ascii"))


def verifies(public: bytes, signature: Signature, schema: str, facts: Mapping[str, object]) -> bool:
    """True only when `signature` was made by `public`'s private key over exactly `facts`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if signature.fingerprint != fingerprint(public):
        return False
    try:
        raw = base64.b64decode(signature.value.encode("ascii"), validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(raw, statement_bytes(schema, facts))
    except (InvalidSignature, ValueError, binascii.Error, UnicodeError):
        return False
    return True


def signature_from(data: object) -> Signature | None:
    """A Signature from its travelling form ({"fingerprint", "signature"}), None if absent
    or malformed (which the caller refuses as unsigned)."""
    if not isinstance(data, Mapping):
        return None
    fp, value = data.get("fingerprint"), data.get("signature")
    if isinstance(fp, str) and isinstance(value, str) and fp and value:
        return Signature(fp, value)
    return None


def return_facts(
    *,
    city: str,
    county: str,
    code: str,
    year: int,
    period: str,
    form: str,
    revision: int | None,
    status: str,
    digest: str,
    pack_version: str | None,
    exported_at: str,
    log: str | None = None,
) -> dict[str, object]:
    """What an exported return's signature covers (issue #14 item 2): the content digest
    and every fact of its identity and standing, so none can be changed on its own; and
    the digest of its revision log (`log`, core.revision_log.log_digest) when it has one."""
    facts: dict[str, object] = {
        "city": city,
        "county": county,
        "code": code,
        "year": year,
        "period": period,
        "form": form,
        "revision": revision,
        "status": status,
        "digest": digest,
        "pack_version": pack_version,
        "exported_at": exported_at,
    }
    if log is not None:
        facts["log"] = log
    return facts


def return_schema(facts: Mapping[str, object]) -> str:
    """The schema a return's facts are signed under: /2 with a revision log, else /1."""
    return RETURN_SCHEMA if "log" in facts else RETURN_SCHEMA_V1


def encode_public(public: bytes) -> str:
    return base64.b64encode(public).decode("ascii")


def decode_public(text: str) -> bytes | None:
    """Raw public key bytes from base64, None unless they are a valid Ed25519 public key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error, UnicodeError):
        return None
    return raw
