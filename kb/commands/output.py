"""The output folders: build/site/ receives a finished build, touching only the files that
changed (a failed build never reaches it); build/docs/ keeps the generated Markdown for
inspection."""
from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path


def write_docs(docs: dict[str, bytes], dst: Path) -> None:
    """Make dst hold exactly these files (the generated Markdown, for inspection under build/docs),
    writing only those that differ."""
    dst.mkdir(parents=True, exist_ok=True)
    for rel in sorted(docs):
        f = dst / rel
        try:
            if f.read_bytes() == docs[rel]:
                continue
        except OSError:
            f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(docs[rel])
    _remove_others(dst, set(docs))


def sync_tree(src: Path, dst: Path) -> tuple[int, int]:
    """Make dst equal to src, touching only files that differ. Returns (written, removed).

    src is a staging folder that is deleted afterwards: a changed file is moved (renamed) into
    dst, which is cheaper than a copy and replaces the old file atomically."""
    written = 0
    if not dst.exists() or (dst.is_dir() and not any(dst.iterdir())):
        # nothing there yet (a first build, a new output folder): the whole tree is moved at once
        files = sum(1 for p in src.rglob("*") if p.is_file())
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists():
                dst.rmdir()
            os.replace(src, dst)
            return files, 0
        except OSError:  # e.g. another file system: file by file below
            pass
    dst.mkdir(parents=True, exist_ok=True)
    src_files = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in sorted(src_files):
        s, d = src / rel, dst / rel
        if d.exists() and filecmp.cmp(s, d, shallow=False):
            continue
        d.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(s, d)
        except OSError:  # e.g. another file system
            shutil.copyfile(s, d)
        written += 1
    removed = _remove_others(dst, {rel.as_posix() for rel in src_files})
    return written, removed


def _remove_others(dst: Path, keep: set[str]) -> int:
    """Delete the files under dst whose relative path is not in `keep`, then the folders left
    empty. Returns how many files went."""
    removed = 0
    for f in sorted(p for p in dst.rglob("*") if p.is_file()):
        if f.relative_to(dst).as_posix() not in keep:
            f.unlink()
            removed += 1
    for d in sorted((p for p in dst.rglob("*") if p.is_dir()), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()
    return removed
