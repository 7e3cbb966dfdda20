"""bench/run.py runs on tiny input and prints the table the issue asks for.

The benchmark itself is run by hand (see bench/RESULTS.md); nothing here is timed.
"""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kb_bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


@pytest.fixture(scope="module")
def table() -> str:
    # ×1, one run, no tracemalloc run, no browser: about four small builds (a generous timeout, not a timing)
    cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--scales", "1", "--runs", "1", "--trace-max", "0",
           "--no-browser", "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(ROOT), timeout=1800)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return proc.stdout


def _row(table: str, label: str) -> list[str]:
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].startswith(label):
            return cells[1:]
    raise AssertionError(f"no row starting with {label!r} in:\n{table}")


def test_table_has_every_measurement(table):
    assert table.splitlines()[0] == "| measurement | ×1 |"
    for label in ("content: nodes", "pages built",
                  "stage: load and validate", "stage: derive", "stage: render", "stage: mkdocs build",
                  "↳ in mkdocs: hook on_post_page (CSP hashing, class scan)",
                  "↳ in mkdocs: hook on_post_build (search entries, minify, CSS pruning)",
                  "↳ in mkdocs: mkdocs itself", "total build()", "generator's own stages", "first build of a root",
                  "`check` alone", "incremental: files in site", "incremental: one article edited",
                  "output: whole site", "output: HTML pages total", "median page + all it loads",
                  "form pages", "search index: raw · gzip", "loaded when the search first opens"):
        cells = _row(table, label)
        assert cells and all(c and not c.startswith("–") for c in cells), (label, cells)
    assert "Machine: " in table and "Targets:" in table


def test_stage_rows_carry_time_and_memory(table):
    # heap peak ("–" here) needs the slow tracemalloc run, which the test skips (--trace-max 0)
    time_, rss, heap = _row(table, "stage: load and validate")[0].split(" · ")
    assert re.fullmatch(r"[\d.]+ m?s \([\d.]+ m?s\)", time_), time_  # wall time (CPU time)
    assert re.fullmatch(r"\d+ MB", rss) and heap == "–"


def test_unchanged_rebuild_writes_nothing_and_an_edit_writes_few_files(table):
    files, unchanged = (int(x) for x in _row(table, "incremental: files in site")[0].split(" · "))
    edited, with_edit = _row(table, "incremental: one article edited")[0].replace("(", "").replace(")", "").split()
    assert unchanged == 0
    assert 0 < int(edited) < files
    assert int(with_edit) >= 1  # at least the regulation page shows the new sentence


def test_scaled_content_is_valid_and_scales_nodes(tmp_path):
    from kb.content.loader import load_knowledge_base

    root, meta = bench.make_root(2, tmp_path)
    kb = load_knowledge_base(root)
    base, guide = bench._node_counts()
    assert meta["periods"] >= 1
    assert len(kb.guides()) == 1 + meta["periods"]
    # each synthetic period is a full copy of the real guide, with every id renamed
    assert len(kb.nodes) == base + meta["periods"] * guide
    # every parameter with a value for the real period has one for each synthetic period
    last = kb.guides()[-1].period
    assert kb.params["son_basvuru_tarihi"].value_for(last) is not None
