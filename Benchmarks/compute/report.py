"""Replaces one `## <title>` section of docs/PERFORMANCE.md (up to the next `## ` heading), or
appends it when the file has none; shared by compute.py and pipeline.py."""
import re
from pathlib import Path


def write_section(path: Path, title: str, section: str) -> None:
    text = path.read_text() if path.exists() else "# Performance\n\n"
    match = re.search(rf"^## {re.escape(title)}\s*$", text, flags=re.M)
    if match:
        rest = text[match.end():]
        nxt = re.search(r"^## ", rest, flags=re.M)
        text = text[:match.start()] + section + ("\n" + rest[nxt.start():] if nxt else "")
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text)
