"""Keys and signatures as operations (issue #14): show, export and import public keys, sign
what this installation sends, check what it receives. Shared by the CLI and the window.

City mode: each county's key is registered from the key file it sends, after the city has
compared the fingerprint with the stamped 密钥备案表; a return is accepted only when signed
by the registered key of its county. County mode: the city key is pinned at the first pack
import (or imported here), and packs and receipts must be signed by it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from siwu_desktop.core import signing
from siwu_desktop.core.files import json_bytes, write_atomically
from siwu_desktop.core.revision_log import log_digest
from siwu_desktop.core.target_pack import TargetPack, pack_to_json
from siwu_desktop.services.changes import Changes
from siwu_desktop.storage import Profile, Storage
from siwu_desktop.storage.keys import CITY, COUNTY, TrustedKey

if TYPE_CHECKING:  # annotations only: the window's start path does not load openpyxl
    from siwu_desktop.excel.reader import ParsedReturn, ParsedWorkbook

MAX_KEY_FILE_BYTES = 64 * 1024
KEY_FILE_SUFFIX = ".siwukey"

# --- messages (Chinese, one place) -------------------------------------------------------------
KEY_FILE_UNREADABLE = (
    "文件“{file}”不是本程序导出的公钥文件（{reason}），请对方用“siwu keys export”重新导出"
)
KEY_WRONG_CITY = "公钥文件“{file}”属于{found}，本机为{expected}，不能登记"
KEY_WRONG_COUNTY = "公钥文件“{file}”的县区“{county}”不在本机{city}的县区名单中"
KEY_NOT_COUNTY = "公钥文件“{file}”是{role}的公钥；市级模式只登记县区的公钥"
KEY_NOT_CITY = "公钥文件“{file}”是{role}的公钥；县区模式只能导入市局的公钥"
KEY_SAME = "{unit}的公钥已备案（指纹 {fingerprint}），无变化"
KEY_OTHER_REGISTERED = "{unit}已备案另一把公钥（指纹 {old}，{at} 备案）；文件中的公钥指纹为 {new}。"
KEY_NEEDS_REPLACE = (
    KEY_OTHER_REGISTERED
    + "如确需更换（例如县区重装系统或丢失密钥），请核对新的密钥备案表后加 --replace 重新导入"
)
KEY_REGISTERED = "已备案 {unit}（{code}）的公钥，指纹 {fingerprint}；请与盖章的密钥备案表核对"
KEY_REPLACED = "已更换 {unit} 的公钥：新指纹 {fingerprint}（原指纹 {old} 保留，用于核验旧版本）"
KEY_PINNED = "已导入市局公钥，指纹 {fingerprint}；此后只接收该密钥签名的目标包和回执"
ROLE_LABEL = {COUNTY: "县区", CITY: "市局"}

R_UNSIGNED = "未签名"
R_NOT_REGISTERED = "尚未备案"
R_BAD_SIGNATURE = "签名无效"
UNSIGNED = (
    "文件“{file}”工作表“{sheet}”没有签名（未签名：由尚不签名的早期版本程序导出），不能接收："
    "请{county}安装与市局相同版本的本程序后重新导出，并报送密钥备案表"
)
NOT_REGISTERED = (
    "文件“{file}”：{county}尚未备案签名密钥（尚未备案），不能接收其报表。"
    "请{county}在“密钥与备案”页（或用“siwu keys export”）导出公钥文件、打印盖章的密钥备案表"
    "报送市局；市局核对指纹后在“密钥与备案”页（或用“siwu keys import 文件”）登记，"
    "再导入本文件"
)
WRONG_KEY = (
    "文件“{file}”工作表“{sheet}”的签名密钥（指纹 {found}）不是{county}备案的密钥"
    "（指纹 {expected}）：可能是另一台电脑以{county}名义导出的，不能接收。"
    "如{county}确已更换密钥，请先登记其新的密钥备案表"
)
BAD_SIGNATURE = (
    "文件“{file}”工作表“{sheet}”的签名与内容不符（签名无效）：文件中的报表内容、版本号、"
    "状态或其他信息在签名后被改动，不能接收。请{county}重新导出后报送"
)


class KeyRefused(Exception):
    """A key file or key change that is refused; the message (Chinese) says why and what to do."""

    def __init__(self, message: str, replaceable: str = "") -> None:
        self.message = message
        # a key that only replacing the registered one would take in: what is registered and
        # what the file holds, for a window to ask "replace?" in its own words
        self.replaceable = replaceable
        super().__init__(message)


class KeysView(Struct, frozen=True):
    """What `siwu keys show` and the 密钥与备案 page show."""

    role: str
    unit: str
    city: str
    county: str
    code: str
    fingerprint: str
    created_at: str
    trusted: tuple[TrustedKey, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "role": self.role,
            "unit": self.unit,
            "city": self.city,
            "county": self.county,
            "code": self.code,
            "fingerprint": self.fingerprint,
            "created_at": self.created_at,
            "trusted": [
                {
                    "role": k.role,
                    "unit": k.unit,
                    "county": k.county,
                    "code": k.code,
                    "fingerprint": k.fingerprint,
                    "registered_at": k.registered_at,
                    "replaced_at": k.replaced_at,
                    "active": k.active,
                }
                for k in self.trusted
            ],
        }


def own_code(profile: Profile) -> str:
    """The unit's division code: the county's, or the city's (the first four digits + 00)."""
    codes = dict(profile.counties)
    if profile.mode == "county":
        return codes.get(profile.county or "", "")
    first = next(iter(codes.values()), "")
    return first[:4] + "00" if len(first) == 6 else ""


def own_key(storage: Storage) -> signing.KeyPair:
    """This installation's key pair (made now for a profile from before 0.2)."""
    return storage.keys.ensure_own()


def show(storage: Storage) -> KeysView:
    profile = storage.profile.require()
    pair = storage.keys.ensure_own()
    return KeysView(
        role=profile.mode,
        unit=profile.unit_name or profile.label,
        city=profile.city,
        county=profile.county or "",
        code=own_code(profile),
        fingerprint=pair.fingerprint,
        created_at=storage.keys.own_created_at(),
        trusted=tuple(storage.keys.all_trusted()),
    )


def export_public_key(storage: Storage, out: Path) -> Path:
    """The public key file the county sends to the city (or the city to its counties):
    unit, division code, fingerprint and the public key; never the private key."""
    view = show(storage)
    pair = storage.keys.ensure_own()
    document = {
        "kind": signing.PUBLIC_KEY_KIND,
        "role": view.role,
        "unit": view.unit,
        "city": view.city,
        "county": view.county,
        "code": view.code,
        "fingerprint": view.fingerprint,
        "public_key": signing.encode_public(pair.public),
        "created_at": view.created_at,
    }
    return write_atomically(Path(out), json_bytes(document))


class KeyImported(Struct, frozen=True):
    """A key file taken in (ReturnService.import_key): the message to show, what changed."""

    message: str
    changes: Changes


class KeyFile(Struct, frozen=True):
    role: str
    unit: str
    city: str
    county: str
    code: str
    public: bytes

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public)


def read_key_file(path: Path) -> KeyFile:
    """A public key file, checked: its stated fingerprint must be its key's."""
    path = Path(path)
    name = path.name

    def refuse(reason: str) -> KeyRefused:
        return KeyRefused(KEY_FILE_UNREADABLE.format(file=name, reason=reason))

    try:
        if path.stat().st_size > MAX_KEY_FILE_BYTES:
            raise refuse("文件过大")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise refuse("无法读取") from None
    except (ValueError, UnicodeError):
        raise refuse("内容不是公钥文件格式") from None
    if not isinstance(data, dict) or data.get("kind") != signing.PUBLIC_KEY_KIND:
        raise refuse("缺少公钥文件标记")
    texts = {k: data.get(k) for k in ("role", "unit", "city", "county", "code", "public_key")}
    if not all(isinstance(v, str) for v in texts.values()) or texts["role"] not in ROLE_LABEL:
        raise refuse("字段不全")
    public = signing.decode_public(str(texts["public_key"]))
    if public is None:
        raise refuse("公钥无效")
    if data.get("fingerprint") != signing.fingerprint(public):
        raise refuse("指纹与公钥不符")
    return KeyFile(
        str(texts["role"]),
        str(texts["unit"]),
        str(texts["city"]),
        str(texts["county"]),
        str(texts["code"]),
        public,
    )


def import_key(storage: Storage, path: Path, *, replace: bool = False) -> str:
    """Register a county's key (city mode) or replace the pinned city key (county mode);
    returns the message to show, raises KeyRefused."""
    profile = storage.profile.require()
    key = read_key_file(path)
    name = Path(path).name
    if key.city != profile.city:
        found = key.city + key.county
        raise KeyRefused(KEY_WRONG_CITY.format(file=name, found=found, expected=profile.city))
    if profile.mode == "city":
        if key.role != COUNTY:
            raise KeyRefused(KEY_NOT_COUNTY.format(file=name, role=ROLE_LABEL[key.role]))
        counties = dict(profile.counties)
        if key.county not in counties:
            raise KeyRefused(
                KEY_WRONG_COUNTY.format(file=name, county=key.county, city=profile.city)
            )
        return _trust(storage, COUNTY, key, name, replace=replace, county=key.county)
    if key.role != CITY:
        raise KeyRefused(KEY_NOT_CITY.format(file=name, role=ROLE_LABEL[key.role]))
    return _trust(storage, CITY, key, name, replace=True, county="")


def _trust(
    storage: Storage, role: str, key: KeyFile, name: str, *, replace: bool, county: str
) -> str:
    unit = key.county or key.unit
    old = storage.keys.active(role, county)
    if old is not None and old.public == key.public:
        return KEY_SAME.format(unit=unit, fingerprint=old.fingerprint)
    if old is not None and not replace:
        facts = {"unit": unit, "old": old.fingerprint, "at": old.registered_at[:10]}
        raise KeyRefused(
            KEY_NEEDS_REPLACE.format(**facts, new=key.fingerprint),
            replaceable=KEY_OTHER_REGISTERED.format(**facts, new=key.fingerprint),
        )
    stored = storage.keys.trust(
        role, unit=key.unit, county=county, code=key.code, public=key.public, source_file=name
    )
    if role == CITY:
        return KEY_PINNED.format(fingerprint=stored.fingerprint)
    if old is not None:
        return KEY_REPLACED.format(unit=unit, fingerprint=stored.fingerprint, old=old.fingerprint)
    return KEY_REGISTERED.format(unit=unit, code=key.code, fingerprint=stored.fingerprint)


# --- packs -------------------------------------------------------------------------------------

PACK_UNSIGNED = "目标包“{file}”没有市局签名（未签名），不能导入：请向市局索取用新版本签发的目标包"
PACK_BAD_SIGNATURE = (
    "目标包“{file}”的签名与内容不符（签名无效）：文件在签发后被改动，不能导入。"
    "请向市局重新索取目标包"
)
PACK_OTHER_KEY = (
    "目标包“{file}”由另一把密钥签名（指纹 {found}），不是本机登记的市局密钥（指纹 {expected}），"
    "不能导入。如市局确已更换密钥，请核对市局的书面通知后用“siwu keys import 市局公钥文件”更换"
)
PACK_NOT_OWN = (
    "目标包“{file}”不是本机（市局）签发的（签名指纹 {found}，本机指纹 {expected}），不能导入"
)


class PackSigner(Struct, frozen=True):
    """Who signed a pack file, and whether accepting it pins that key (first pack)."""

    fingerprint: str
    public: bytes
    first: bool  # a county without a pinned city key: this key is pinned on import


def pack_facts(pack: TargetPack) -> dict[str, object]:
    """What a pack's signature covers: its content digest and identity."""
    return {
        "city": pack.city,
        "issuer": pack.issuer,
        "version": pack.version,
        "date": pack.date,
        "digest": pack.digest,
    }


def signed_pack_text(pair: signing.KeyPair, pack: TargetPack) -> str:
    """The pack file's text with the issuing city's signature and public key."""
    data = json.loads(pack_to_json(pack))
    data["signature"] = signing.sign(pair, signing.PACK_SCHEMA, pack_facts(pack)).as_dict()
    data["signer_key"] = signing.encode_public(pair.public)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def pack_signer(storage: Storage, text: str, pack: TargetPack, file: str) -> PackSigner:
    """Check a pack file's signature: valid over its facts, and by the pinned city key (a
    county), or by this installation's own key (the city). Raises KeyRefused."""
    try:
        data = json.loads(text)
    except ValueError:
        data = {}
    signature = signing.signature_from(data.get("signature") if isinstance(data, dict) else None)
    key_text = data.get("signer_key") if isinstance(data, dict) else None
    public = signing.decode_public(key_text) if isinstance(key_text, str) else None
    if signature is None or public is None:
        raise KeyRefused(PACK_UNSIGNED.format(file=file))
    if not signing.verifies(public, signature, signing.PACK_SCHEMA, pack_facts(pack)):
        raise KeyRefused(PACK_BAD_SIGNATURE.format(file=file))
    found = signing.fingerprint(public)
    profile = storage.profile.require()
    if profile.mode == "city":
        own = storage.keys.ensure_own()
        if own.public != public:
            raise KeyRefused(PACK_NOT_OWN.format(file=file, found=found, expected=own.fingerprint))
        return PackSigner(found, public, first=False)
    pinned = storage.keys.active(CITY)
    if pinned is None:
        return PackSigner(found, public, first=True)
    if pinned.public != public:
        raise KeyRefused(PACK_OTHER_KEY.format(file=file, found=found, expected=pinned.fingerprint))
    return PackSigner(found, public, first=False)


def pin_city_key(storage: Storage, signer: PackSigner, pack: TargetPack, file: str) -> None:
    """Pin the city key a county's first pack was signed with (after it was shown)."""
    if signer.first and storage.keys.active(CITY) is None:
        storage.keys.trust(
            CITY, unit=pack.issuer, county="", code="", public=signer.public, source_file=file
        )


# --- returns ------------------------------------------------------------------------------------


def sign_with(pair: signing.KeyPair, facts: dict[str, object]) -> signing.Signature:
    """This installation's signature over an exported return's facts (services.export)."""
    return signing.sign(pair, signing.return_schema(facts), facts)


def facts_of(p: ParsedReturn, exported_at: str) -> dict[str, object]:
    """The facts an exported sheet states, as its signature must cover them."""
    return signing.return_facts(
        city=p.city,
        county=p.county,
        code=p.code,
        year=p.year,
        period=p.period,
        form=p.form_id,
        revision=p.revision,
        status=p.status,
        digest=p.digest or "",
        pack_version=p.pack_version,
        exported_at=exported_at,
        log=None if p.log is None else log_digest(p.log),
    )


def check_returns(storage: Storage, parsed: ParsedWorkbook, file: str) -> tuple[str, str] | None:
    """(reason, message) when a sheet of the workbook is not signed by its county's
    registered key; None when every sheet is. City mode."""
    for p in parsed.returns:
        words = {"file": file, "sheet": p.sheet, "county": p.county}
        if p.signature is None:
            return R_UNSIGNED, UNSIGNED.format(**words)
        registered = storage.keys.active(COUNTY, p.county)
        if registered is None:
            return R_NOT_REGISTERED, NOT_REGISTERED.format(**words)
        if p.signature.fingerprint != registered.fingerprint:
            return R_BAD_SIGNATURE, WRONG_KEY.format(
                **words, found=p.signature.fingerprint, expected=registered.fingerprint
            )
        facts = facts_of(p, parsed.exported_at)
        schema = signing.return_schema(facts)
        if not signing.verifies(registered.public, p.signature, schema, facts):
            return R_BAD_SIGNATURE, BAD_SIGNATURE.format(**words)
    return None
