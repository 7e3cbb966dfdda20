"""Form definitions (forms/) — placeholder loader until the forms issue lands."""
from __future__ import annotations

from pathlib import Path


def load_forms(root: Path, kb) -> list:
    return []
