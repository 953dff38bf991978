"""The local profile: county or city mode, the unit, and the people of the signature block."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct
from msgspec.structs import replace

from siwu_desktop.storage import audit, messages
from siwu_desktop.storage.errors import ProfileError
from siwu_desktop.storage.session import Session

MODES = ("county", "city")


class Profile(Struct, frozen=True):
    """mode 'county': one county's returns; mode 'city': all `counties` of the city."""

    mode: str
    city: str
    county: str | None = None
    unit_name: str = ""
    preparer: str = ""  # 填报人
    reviewer: str = ""  # 审核人
    head: str = ""  # 单位负责人
    phone: str = ""  # 联系电话
    counties: tuple[tuple[str, str], ...] = ()  # (name, code)

    @property
    def label(self) -> str:
        return f"{self.city}（市级）" if self.mode == "city" else f"{self.city}{self.county}"


_COLUMNS = ("mode", "city", "county", "unit_name", "preparer", "reviewer", "head", "phone")


class ProfileRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self) -> Profile | None:
        with self._s.read() as db:
            row = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM profile WHERE id = 1").fetchone()
            counties = db.execute(
                "SELECT county, code FROM profile_counties ORDER BY position"
            ).fetchall()
        if row is None:
            return None
        mode, city, county, unit_name, preparer, reviewer, head, phone = row
        return Profile(
            mode,
            city,
            county,
            unit_name,
            preparer,
            reviewer,
            head,
            phone,
            counties=tuple((str(n), str(c)) for n, c in counties),
        )

    def require(self) -> Profile:
        profile = self.get()
        if profile is None:
            raise ProfileError(messages.profile_missing())
        return profile

    def save(self, profile: Profile) -> None:
        """Create or update the profile; moving to another unit is refused once returns exist."""
        if profile.mode not in MODES:
            raise ProfileError(messages.bad_mode(profile.mode))
        if profile.mode == "county" and not profile.county:
            raise ProfileError(messages.county_required())
        if profile.mode == "city":
            profile = replace(profile, county=None)
        old = self.get()
        with self._s.write() as db:
            if old is not None and (old.mode, old.city, old.county) != (
                profile.mode,
                profile.city,
                profile.county,
            ):
                has_returns = db.execute("SELECT EXISTS (SELECT 1 FROM returns)").fetchone()[0]
                if has_returns:
                    raise ProfileError(messages.profile_conflict(old.label, profile.label))
            values = [getattr(profile, c) for c in _COLUMNS]
            db.execute(
                f"INSERT INTO profile (id, {', '.join(_COLUMNS)}, updated_at)"
                f" VALUES (1, {', '.join('?' * len(_COLUMNS))}, ?)"
                " ON CONFLICT (id) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in (*_COLUMNS, "updated_at")),
                [*values, audit.now_iso()],
            )
            db.execute("DELETE FROM profile_counties")
            for position, (name, code) in enumerate(_counties(profile)):
                db.execute(
                    "INSERT INTO profile_counties (county, code, position) VALUES (?, ?, ?)",
                    [name, code, position],
                )
            who = profile.preparer or audit.os_user()
            for column in (*_COLUMNS, "counties"):
                before = None if old is None else _text(getattr(old, column))
                after = _text(getattr(profile, column))
                if before != after:
                    audit.record(db, who=who, kind="profile", key=column, old=before, new=after)
        self._s.preparer = profile.preparer
        if old is None:  # a new installation gets its signing key with its profile (#14)
            from siwu_desktop.storage.keys import KeysRepository

            KeysRepository(self._s).ensure_own()


def _counties(profile: Profile) -> Sequence[tuple[str, str]]:
    if profile.counties:
        return profile.counties
    return [(profile.county, "")] if profile.county else []


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return "、".join(f"{n}（{c}）" if c else n for n, c in value)
    return str(value)
