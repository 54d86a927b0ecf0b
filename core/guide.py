"""The user guide: Markdown files in docs/guide, one part per role plus a part everyone
reads first. Plain functions; core/guide_page.py shows them."""

from __future__ import annotations

import re
from pathlib import Path

from core.roles import ROLES

GUIDE_DIR = Path(__file__).resolve().parent.parent / "docs" / "guide"
COMMON = "chung.md"  # signing in, the menu, language, one's account: every role
PARTS = {
    "staff": "can-bo.md",
    "inspector": "kiem-tra-vien.md",
    "leader": "lanh-dao.md",
    "admin": "quan-tri.md",
    "liaison": "dau-moi.md",
}
# A line that is only an image: ![caption](images/name.png)
IMAGE_LINE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)\s*$")
IMAGE_ANY = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")

assert set(PARTS) == set(ROLES)


def part_file(role: str) -> Path:
    return GUIDE_DIR / PARTS[role]


def guide_files() -> list[Path]:
    return [GUIDE_DIR / COMMON, *(part_file(role) for role in ROLES)]


def part_text(role: str) -> str:
    """The role's part of the guide (Markdown)."""
    return part_file(role).read_text(encoding="utf-8")


def common_text() -> str:
    return (GUIDE_DIR / COMMON).read_text(encoding="utf-8")


def blocks(markdown: str) -> list[tuple[str, str, str]]:
    """The Markdown cut at its image lines: ("text", markdown, "") and ("image", file path,
    caption), in order, so a page can show the images from disk between the paragraphs."""
    out: list[tuple[str, str, str]] = []
    text: list[str] = []
    for line in markdown.splitlines():
        found = IMAGE_LINE.match(line.strip())
        if found:
            if "".join(text).strip():
                out.append(("text", "\n".join(text), ""))
            text = []
            out.append(("image", str(GUIDE_DIR / found.group(2)), found.group(1)))
        else:
            text.append(line)
    if "".join(text).strip():
        out.append(("text", "\n".join(text), ""))
    return out


def image_paths(markdown: str) -> list[Path]:
    """Every image the Markdown refers to, as a file under the guide's folder."""
    return [GUIDE_DIR / ref for ref in IMAGE_ANY.findall(markdown)]
