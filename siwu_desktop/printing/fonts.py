"""The faces the report sheet is printed in, chosen by name.

Government forms use a Song (or FangSong) face for text and a Hei face for
headings. Naming a simplified-Chinese family explicitly keeps Qt's fallback from
picking a Japanese face; the order prefers faces whose PDF text layer extracts to
the real characters (Noto CJK maps many of them to Kangxi radicals in Qt's PDF
writer, so it comes last). A font shipped in resources/fonts is used when the
system has none of the named faces.
"""

from __future__ import annotations

from functools import lru_cache

from msgspec import Struct
from PySide6.QtGui import QFont, QFontDatabase

from siwu_desktop.paths import resource_path

TEXT_FAMILIES = (
    "SimSun",
    "宋体",
    "NSimSun",
    "新宋体",
    "FangSong",
    "仿宋",
    "STSong",
    "STFangsong",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Serif CJK SC",
    "Noto Serif SC",
)
HEADING_FAMILIES = (
    "SimHei",
    "黑体",
    "STHeiti",
    "Microsoft YaHei",
    "微软雅黑",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans CJK SC",
    "Noto Sans SC",
)


class PrintFonts(Struct, frozen=True):
    text: str  # Song / FangSong
    heading: str  # Hei

    def families(self, family: str) -> list[str]:
        """The family first, the other face as fallback for a glyph it lacks."""
        other = self.heading if family == self.text else self.text
        return [family] if other == family else [family, other]


def _pick(candidates: tuple[str, ...], available: set[str]) -> str | None:
    return next((family for family in candidates if family in available), None)


def _bundled() -> list[str]:
    """Families of fonts shipped under resources/fonts (none are shipped today)."""
    folder = resource_path("fonts")
    families: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id >= 0:
                    families += QFontDatabase.applicationFontFamilies(font_id)
    return families


@lru_cache(maxsize=1)
def print_fonts() -> PrintFonts:
    """Song and Hei faces present on this system (needs a QGuiApplication)."""
    available = set(QFontDatabase.families())
    text = _pick(TEXT_FAMILIES, available)
    heading = _pick(HEADING_FAMILIES, available)
    if text is None or heading is None:
        bundled = _bundled()
        chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        fallback = next(iter(bundled), None) or next(
            (f for f in chinese if not f.endswith((" TW", " HK", " JP", " KR"))), None
        )
        text = text or heading or fallback or QFont().defaultFamily()
        heading = heading or text
    return PrintFonts(text=text, heading=heading)


def make_font(family: str, points: float, *, bold: bool = False) -> QFont:
    fonts = print_fonts()
    font = QFont()
    font.setFamilies(fonts.families(family))
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setKerning(False)
    return font
