"""Benchmark: build speed, scaling and page weight (run by hand, never as a timed test).

    .venv/bin/python bench/run.py                       # ×1, ×10, ×100 (5, 5 and 3 runs)
    .venv/bin/python bench/run.py --scales 1,10,100 --runs 3 --large-runs 1 --json /tmp/bench.json
    .venv/bin/python bench/run.py --scales 1 --runs 1 --trace-max 0 --no-browser   # what the test runs

Prints one Markdown table (one column per scale) and the targets of the issue
"Benchmark: build speed, scaling and page weight", each marked met / MISSED.
Results and the reasons behind the misses: bench/RESULTS.md.

How it measures
- Every scale gets a temporary project root: content/ is copied (and scaled, below),
  everything else the build reads (mkdocs.yml, kb/, templates/, theme/, schemas/, forms/,
  rules/, node_modules/ …) is symlinked from this repository. Nothing is written to the
  repository; the temporary roots are deleted at the end (--keep keeps them).
- Every build runs in a fresh Python process (as `generator.py build` does) into an
  empty output folder. Stage times come from kb.commands.build.Stages; the mkdocs hooks
  (kb/ssg/hooks.py: CSP hashing, search-index enrichment, and any hook added later)
  are timed by wrapping every `on_*` function of the hook module when mkdocs loads it.
  Hook time is part of "mkdocs build" and is shown separately below it.
- Caches: the first timed build of a root finds the root's build/cache/ empty (content,
  rules, forms, catalog verdict, indented JSON, pruned CSS) and no bytecode; compiled
  templates and QR codes are cached next to the code (the repository's build/cache/) and
  may be warm. The later runs find what the earlier ones left, as an editor's second build does. The median is therefore a warm
  build; the first (cold) build is shown in its own row. Workers write bytecode into a
  temporary folder (PYTHONPYCACHEPREFIX), as Python does on an editor's PC.
- Times are the median of --runs runs (--large-runs from ×100 on), wall time with the CPU
  time of the process in brackets: on a shared machine the CPU time is the steadier number,
  so the table also shows the load average during the builds. Memory: the process's RSS
  high-water mark when each stage ended (timed runs), and, up to --trace-max, one extra
  run with tracemalloc (too slow to time) for the peak of the Python heap in each stage.
- `check` is timed as the whole process an editor waits for: `generator.py check --root`
  (interpreter start, imports, load and validate, forms, exit), median of --runs; its
  content cache (build/cache/ of the temporary root) is warm, as the builds filled it.
  "run_check() alone" is the call inside a worker process.
- Incremental (at the scales of --incremental, default ×1): build, rebuild unchanged
  (must write 0 files), then append one sentence to one regulation article and rebuild:
  build() reports how many files it wrote; the script counts how many contain the sentence.
- Page weight: for every HTML page (404.html excluded), the bytes of the page and of
  everything it loads: stylesheets, icon, scripts (following ES module imports), the
  search worker the page names. Since 06.12.2026 that is a stand-in (kb/ssg/lazy_search.py)
  which loads Material's worker and the lunr files it imports only when the search opens:
  those are a row of their own ("loaded when the search first opens"), not the page's;
  a site whose pages name Material's worker itself counts it and its lunr files with the
  page, as before. The search index (search/search_index.json, fetched by Material's page
  script on every first visit) is counted separately. gzip = each file compressed on its own at level 6. With
  --browser (default when Playwright and /usr/bin/chromium are present) the ×1 site is
  also opened in Chromium and every request is compared with this static accounting
  (the service worker's own requests are not a page's: they are the precache below).
- Offline: the files listed in sw-manifest.json, which the service worker downloads once per
  build after the first visit (kb/ssg/offline.py), raw and gzip, in a row of their own.

Synthetic content (×k): a municipality adds a guide period by copying the guide folder
and adding one `degerler` entry per parameter (content/README.md). The script does
exactly that: rehber/2020-1 is copied as periods 2100-1, 2100-2, 2101-1, … with every
`rehber-2020-1` id renamed, a kaynaklar.yaml entry per period, and for every parameter
that has a 2020/1 value one more value per period (same number, citation renamed). The
number of extra periods is chosen so that the node count is k times the real one
(the regulation is not copied: the loader takes one regulation by design).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
SKIP_TOP = {"content", "build", "bench", ".git", ".venv", ".pytest_cache", "__pycache__", "tests"}
BASE_GUIDE = "2020-1"
MARKER = "Bu cümle yalnızca ölçüm için eklendi."
MKDOCS_STAGE = "mkdocs build"
HOOK_NOTES = {"on_pre_build": "per-build state reset", "on_files": "unused theme files out, generated docs in",
              "on_page_markdown": "search exclusion of per-paragraph pages",
              "on_post_page": "CSP hashing, class scan", "on_post_template": "CSP hashing (templates)",
              "on_post_build": "search entries, minify, CSS pruning",
              "on_nav": "pages in the navigation (precache list)"}
MB = 1024 * 1024
KB = 1024


# ====================================================================== YAML
def read_yaml(path: Path):
    """Read with the project's own strict reader (PyYAML's safe_load turns the key `no` into False)."""
    sys.path.insert(0, str(REPO))
    from kb.content import yamlsource
    from kb.common.problems import ProblemList

    problems = ProblemList()
    doc = yamlsource.load(path, path.name, problems)
    if doc is None or problems:
        raise SystemExit(f"bench: cannot read {path}: {problems}")
    return doc.data


def write_yaml(path: Path, data) -> None:
    import yaml

    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


# ====================================================================== worker side
def _wrap_hooks(times: dict, cpu_times: dict) -> None:
    """Time every on_* function of the hook modules mkdocs loads (kb/ssg/hooks.py)."""
    from mkdocs.config import config_options

    original = config_options.Hooks._load_hook
    if getattr(original, "_bench", False):
        return

    def load(self, name, path):
        module = original(self, name, path)
        for attr in dir(module):
            fn = getattr(module, attr)
            if attr.startswith("on_") and callable(fn) and not getattr(fn, "_bench", False):
                # functools.wraps keeps the hook's attributes (mkdocs_priority: the order of the hooks)
                @functools.wraps(fn)
                def timed(*args, _fn=fn, _name=attr, **kwargs):
                    t, c = time.perf_counter(), time.process_time()
                    try:
                        return _fn(*args, **kwargs)
                    finally:
                        times[_name] = times.get(_name, 0.0) + time.perf_counter() - t
                        cpu_times[_name] = cpu_times.get(_name, 0.0) + time.process_time() - c
                timed._bench = True
                setattr(module, attr, timed)
        return module

    load._bench = True
    config_options.Hooks._load_hook = load


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def worker_build(root: Path, out: Path, trace: bool) -> dict:
    sys.path.insert(0, str(REPO))
    import tracemalloc

    from kb.commands import build as kbbuild

    hooks: dict[str, float] = {}
    hooks_cpu: dict[str, float] = {}
    _wrap_hooks(hooks, hooks_cpu)
    peaks: dict[str, float] = {}
    rss: dict[str, float] = {}
    cpu: dict[str, float] = {}
    original_run = kbbuild.Stages.run

    def run(self, name, fn, *args):
        if trace:
            tracemalloc.reset_peak()
        c = time.process_time()
        try:
            return original_run(self, name, fn, *args)
        finally:
            cpu[name] = time.process_time() - c
            if trace:
                peaks[name] = tracemalloc.get_traced_memory()[1] / MB
            rss[name] = _max_rss_mb()

    kbbuild.Stages.run = run
    if trace:
        tracemalloc.start()
    t, c = time.perf_counter(), time.process_time()
    info = kbbuild.build(root, quiet=True, out=out)
    total, total_cpu = time.perf_counter() - t, time.process_time() - c
    return {"stages": info["stages"], "hooks": hooks, "hooks_cpu": hooks_cpu, "total": total, "cpu": cpu, "total_cpu": total_cpu,
            "peaks": peaks, "rss": rss, "load": os.getloadavg()[0],
            "max_rss": _max_rss_mb(), "pages": info["pages"], "written": info["written"]}


def worker_check(root: Path) -> dict:
    sys.path.insert(0, str(REPO))
    t = time.perf_counter()
    from kb.commands.check import run_check

    line = run_check(root)
    # process CPU time since the interpreter started: imports included, as an editor waits for them
    return {"time": time.perf_counter() - t, "line": line, "cpu": time.process_time()}


def worker_incremental(root: Path, out: Path) -> dict:
    """Build, rebuild unchanged, edit one article, rebuild; report what each rebuild wrote."""
    sys.path.insert(0, str(REPO))
    from kb.commands.build import build

    reg = root / "content" / "yonetmelik.yaml"
    data = read_yaml(reg)
    # the same file, re-serialised, for the first build too: only the sentence differs later
    write_yaml(reg, data)
    first = build(root, quiet=True, out=out)
    unchanged = build(root, quiet=True, out=out)
    articles = [a for g in data["bolumler"] for a in g["maddeler"]]
    art = articles[len(articles) // 2]
    art["fikralar"][0]["metin"] = art["fikralar"][0]["metin"].rstrip() + " " + MARKER
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    write_yaml(reg, data)
    time.sleep(0.01)
    edited = build(root, quiet=True, out=out)
    changed = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if p.is_file() and (p not in before or p.stat().st_mtime_ns != before[p]))
    with_marker = [c for c in changed if MARKER.encode() in (out / c).read_bytes()
                   or MARKER.encode("unicode_escape") in (out / c).read_bytes()]
    return {"files": first["written"], "unchanged_written": unchanged["written"], "edited_written": edited["written"],
            "article": art["no"], "changed": changed, "with_marker": with_marker}


# ====================================================================== synthetic content
def make_root(scale: int, tmp: Path, periods: list[str] | None = None) -> tuple[Path, dict]:
    """A temporary project root whose content/ is the real one scaled ×scale
    (or, with `periods`, the real one plus exactly those extra guide periods, e.g. ["2100-1"])."""
    root = Path(tempfile.mkdtemp(prefix=f"bench-x{scale}-", dir=tmp))
    for entry in sorted(REPO.iterdir()):
        if entry.name in SKIP_TOP or entry.name.startswith("."):
            continue
        (root / entry.name).symlink_to(entry)
    shutil.copytree(REPO / "content", root / "content")
    if periods is None:
        periods = synthetic_periods(scale) if scale > 1 else []
    add_periods(root / "content", periods)
    return root, {"periods": len(periods)}


def _node_counts() -> tuple[int, int]:
    sys.path.insert(0, str(REPO))
    from kb.content.loader import load_knowledge_base

    kb = load_knowledge_base(REPO)
    guide = sum(1 for n in kb.nodes.values() if n.doc == f"rehber-{BASE_GUIDE}")
    return len(kb.nodes), guide


def synthetic_periods(scale: int) -> list[str]:
    total, guide = _node_counts()
    n = round((scale - 1) * total / guide)
    return [f"{2100 + i // 2}-{i % 2 + 1}" for i in range(n)]


def add_periods(content: Path, periods: list[str]) -> None:
    """Copy the real guide as the given periods (folder names like "2100-1"), as content/README.md says."""
    if not periods:
        return
    base_id = f"rehber-{BASE_GUIDE}"
    base_period = BASE_GUIDE.replace("-", "/")
    src = content / "rehber" / BASE_GUIDE
    for folder in periods:
        new_id = f"rehber-{folder}"
        dst = content / "rehber" / folder
        dst.mkdir()
        for f in sorted(src.iterdir()):
            (dst / f.name).write_text(f.read_text(encoding="utf-8").replace(base_id, new_id), encoding="utf-8")
    # kaynaklar.yaml: one entry per period, a copy of the base guide's
    sources_file = content / "kaynaklar.yaml"
    sources = read_yaml(sources_file)
    for folder in periods:
        # its period, and its citations (the `basvuru` block) now point into the period's own copy
        entry = json.loads(json.dumps(sources[base_id]).replace(base_period, folder.replace("-", "/"))
                           .replace(base_id + ":", f"rehber-{folder}:"))
        sources[f"rehber-{folder}"] = entry
    write_yaml(sources_file, sources)
    # parameters: one value per period for every parameter that has a value for the base period
    for pf in sorted((content / "parametreler").glob("*.yaml")):
        params = read_yaml(pf)
        for p in params.values():
            base = next((v for v in p["degerler"] if v.get("donem") == base_period), None)
            if base is None:
                continue
            for folder in periods:
                v = json.loads(json.dumps(base, ensure_ascii=False).replace(base_id, f"rehber-{folder}"))
                v["donem"] = folder.replace("-", "/")
                if p.get("birim") == "tarih" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(v.get("deger"))):
                    # a period's dates fall in its own year (check refuses an earlier one)
                    v["deger"] = folder[:4] + str(v["deger"])[4:]
                p["degerler"].append(v)
        # yearly values read by a period's year and the next (the minimum wage, rules/ortak.yaml):
        # a copy of the last year's value for every year the new periods need
        for p in params.values():
            years = {v["donem"]: v for v in p["degerler"] if re.fullmatch(r"[0-9]{4}", str(v.get("donem")))}
            if not years:
                continue
            last = years[max(years)]
            for year in sorted({str(int(f[:4]) + k) for f in periods for k in (0, 1)} - set(years)):
                p["degerler"].append({**last, "donem": year})
        write_yaml(pf, params)


def content_size(content: Path) -> int:
    return sum(p.stat().st_size for p in content.rglob("*.yaml"))


# ====================================================================== page weight
TAG = re.compile(r"<(link|script|img|source|audio|video|iframe|embed|object)\b([^>]*)>", re.I)
ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
CONFIG = re.compile(r'<script id="__config"[^>]*>(.*?)</script>', re.S)
# the search worker's stand-in (kb/ssg/lazy_search.py) names Material's worker it loads on the first search
STAND_IN_REAL = re.compile(r'var REAL="([^"]+)"')


def _refs(text: str) -> tuple[list[str], dict | None]:
    """URLs a page loads by itself (stylesheets, icon, scripts, images…) and Material's __config."""
    refs = []
    for m in TAG.finditer(text):
        tag = m.group(1).lower()
        a = {k.lower(): html.unescape(v1 or v2 or v3) for k, v1, v2, v3 in ATTR.findall(m.group(2))}
        if tag == "link":
            if {"stylesheet", "icon", "modulepreload", "preload"} & set(a.get("rel", "").lower().split()) and a.get("href"):
                refs.append(a["href"])
        elif tag == "object":
            if a.get("data"):
                refs.append(a["data"])
        elif a.get("src"):
            refs.append(a["src"])
    m = CONFIG.search(text)
    return refs, (json.loads(m.group(1)) if m else None)


JS_IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*|\bimport\s*\(\s*)["']([^"']+)["']""")
FORM = re.compile(r'<form\b(?![^>]*\bmd-search__form\b)[^>]*>')
NAV_OPEN = re.compile(r'<nav class="md-nav md-nav--primary"')
NAV_TAG = re.compile(r"<nav\b|</nav>")


class SiteWeight:
    """Static accounting of what each page loads."""

    def __init__(self, site: Path):
        self.site = site
        self._gz: dict[Path, tuple[int, int]] = {}
        self._imports: dict[Path, list[Path]] = {}
        self.missing: set[str] = set()
        idx = site / "search" / "search_index.json"
        self.index = idx if idx.exists() else None
        langs = json.loads(idx.read_text(encoding="utf-8"))["config"].get("lang", ["en"]) if self.index else []
        self.lunr = []
        other = [lang for lang in langs if lang != "en"]
        if other:
            self.lunr.append("lunr.stemmer.support.min.js")
            self.lunr += [f"lunr.{lang}.min.js" for lang in other]
            if len(langs) > 1:
                self.lunr.append("lunr.multi.min.js")

    def size(self, f: Path) -> tuple[int, int]:
        if f not in self._gz:
            data = f.read_bytes()
            self._gz[f] = (len(data), len(gzip.compress(data, 6, mtime=0)))
        return self._gz[f]

    def _file(self, url: str) -> Path | None:
        path = unquote(urlsplit(url).path).lstrip("/")
        f = self.site / path
        if f.is_dir() or path.endswith("/") or not path:
            f = f / "index.html"
        return f if f.is_file() else None

    def _module_graph(self, f: Path, url: str, seen: dict) -> None:
        if f.suffix not in (".js", ".mjs"):
            return
        for spec in JS_IMPORT.findall(f.read_text(encoding="utf-8", errors="replace")):
            if not (spec.startswith("./") or spec.startswith("../") or spec.startswith("/")):
                continue
            dep_url = urljoin(url, spec)
            dep = self._file(dep_url)
            if dep is None:
                self.missing.add(dep_url)
            elif dep not in seen:
                seen[dep] = dep_url
                self._module_graph(dep, dep_url, seen)

    def page(self, html_file: Path) -> dict:
        url = "http://site/" + html_file.relative_to(self.site).as_posix()
        text = html_file.read_text(encoding="utf-8")
        refs, config = _refs(text)
        seen: dict[Path, str] = {html_file: url}
        on_search: list[str] = []  # loaded when the search opens (the stand-in's worker and lunr)
        if config and self.index:
            worker = config.get("search")
            if worker:
                refs.append(worker)
                base = urljoin(url, config.get("base", ".") + "/")
                lunr = [urljoin(base, f"assets/javascripts/lunr/min/{name}") for name in self.lunr]
                stand_in = self._file(urljoin(url, worker))
                real = STAND_IN_REAL.search(stand_in.read_text(encoding="utf-8")) if stand_in else None
                if real:  # kb/ssg/lazy_search.py: Material's worker and lunr wait for the first search
                    on_search = [urljoin(urljoin(url, worker), real.group(1)), *lunr]
                else:
                    refs += lunr
        for ref in refs:
            if ref.startswith(("data:", "#")) or urlsplit(ref).scheme in ("http", "https") and not ref.startswith("http://site/"):
                if urlsplit(ref).scheme in ("http", "https"):
                    self.missing.add("EXTERNAL " + ref)
                continue
            full = urljoin(url, ref)
            f = self._file(full)
            if f is None:
                self.missing.add(full)
                continue
            if f not in seen:
                seen[f] = full
                self._module_graph(f, full, seen)
        raw = sum(self.size(f)[0] for f in seen)
        gz = sum(self.size(f)[1] for f in seen)
        search_files = {f for f in (self._file(u) for u in on_search) if f is not None and f not in seen}
        self.missing.update(u for u in on_search if self._file(u) is None)
        search_gz = sum(self.size(f)[1] for f in search_files)
        nav = 0
        m = NAV_OPEN.search(text)
        if m:
            depth = 0
            for t in NAV_TAG.finditer(text, m.start()):
                depth += 1 if t.group() != "</nav>" else -1
                if depth == 0:
                    nav = t.end() - m.start()
                    break
        # a form page: any <form> except Material's search box (the issue names class="kb-form";
        # the forms module writes class="kbf-form")
        form = bool(FORM.search(text))
        return {"page": html_file.relative_to(self.site).as_posix(), "raw": raw, "gzip": gz,
                "html": len(text.encode()), "nav": nav, "form": form, "search_gzip": search_gz,
                "files": sorted(f.relative_to(self.site).as_posix() for f in seen),
                "on_search": sorted(f.relative_to(self.site).as_posix() for f in search_files)}


def measure_output(site: Path) -> dict:
    sw = SiteWeight(site)
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [sw.page(p) for p in sorted(site.rglob("*.html")) if p.name != "404.html"]
    pages.sort(key=lambda p: p["gzip"])
    median = pages[(len(pages) - 1) // 2]
    index = sw.size(sw.index) if sw.index else (0, 0)
    html_total = sum(p["html"] for p in pages)
    # what the service worker downloads after the first visit (kb/ssg/offline.py: sw-manifest.json)
    precache = {"files": 0, "raw": 0, "gzip": 0}
    listed = site / "sw-manifest.json"
    if listed.exists():
        for url in json.loads(listed.read_text(encoding="utf-8"))["files"]:
            f = sw._file("http://site/" + url.removeprefix("./"))
            if f is not None:
                raw, gz = sw.size(f)
                precache = {"files": precache["files"] + 1, "raw": precache["raw"] + raw, "gzip": precache["gzip"] + gz}
    return {"precache": precache, "site_raw": sum(p.stat().st_size for p in files), "site_files": len(files),
            "html_files": len(pages), "html_raw": html_total, "nav_raw": sum(p["nav"] for p in pages),
            "median": median, "largest": pages[-1], "forms": [p for p in pages if p["form"]],
            "index_raw": index[0], "index_gzip": index[1], "missing": sorted(sw.missing), "pages": pages}


def browser_crosscheck(site: Path, pages: list[dict]) -> dict:
    """Open pages in Chromium; report requests the static accounting did not count."""
    import threading

    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from kb.commands.serve import make_server

    server = make_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    uncounted: dict[str, set] = {}
    opened = 0
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for page in pages:
                ctx = b.new_context(viewport={"width": 375, "height": 800})
                requests: list[str] = []
                # the service worker's requests (sw.js, its list, the precache) are counted in the
                # "offline: precached" row, not in the page's weight
                ctx.on("request", lambda r: None if r.service_worker else requests.append(r.url))
                pg = ctx.new_page()
                path = page["page"].removesuffix("index.html")
                pg.goto(base + path, wait_until="networkidle")
                pg.wait_for_timeout(1500)  # the search worker imports lunr after the index arrived
                opened += 1
                counted = set(page["files"])
                for url in requests:
                    if not url.startswith(base):
                        uncounted.setdefault("EXTERNAL " + url, set()).add(page["page"])
                        continue
                    rel = unquote(urlsplit(url).path).lstrip("/")
                    if rel == "" or rel.endswith("/"):
                        rel += "index.html"
                    if rel not in counted and rel not in ("search/search_index.json", "sw.js", "sw-manifest.json"):
                        uncounted.setdefault(rel, set()).add(page["page"])
                ctx.close()
            b.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"opened": opened, "uncounted": {k: sorted(v) for k, v in sorted(uncounted.items())}}


# ====================================================================== driver
PYCACHE: Path | None = None  # set by main(): a temporary folder for the workers' bytecode


def _child_env() -> dict:
    """The environment of a timed process: Python writes and reuses bytecode, as on an editor's
    PC (this sandbox sets PYTHONDONTWRITEBYTECODE, which would recompile kb/ in every process),
    into a temporary folder so that nothing is written into the repository."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def _worker(args: list[str], timeout: float = 3600) -> tuple[dict, float]:
    t = time.perf_counter()
    proc = subprocess.run([PY, str(Path(__file__).resolve()), "--worker", *args], capture_output=True, text=True,
                          cwd=str(REPO), timeout=timeout, env=_child_env())
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"worker {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def _check_process(root: Path) -> tuple[float, float, str]:
    """`generator.py check --root ROOT` as an editor runs it: (wall, CPU time of the process, summary)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([PY, str(REPO / "generator.py"), "check", "--root", str(root)], capture_output=True,
                          text=True, cwd=str(REPO), timeout=3600, env=_child_env())
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"check failed ({proc.returncode}):\n{proc.stderr[-5000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout.strip()


def bench_scale(scale: int, runs: int, tmp: Path, opts, log) -> dict:
    log(f"×{scale}: preparing content …")
    root, meta = make_root(scale, tmp)
    res: dict = {"scale": scale, "root": str(root), **meta, "content_bytes": content_size(root / "content")}
    try:
        sys.path.insert(0, str(REPO))
        from kb.content.loader import load_knowledge_base

        kb = load_knowledge_base(root, cache=False)  # the first timed build finds build/cache/ empty
        res["nodes"], res["params"] = len(kb.nodes), len(kb.params)
        del kb
        builds = []
        for i in range(runs):
            out = Path(tempfile.mkdtemp(prefix="out-", dir=tmp))
            data, wall = _worker(["build", str(root), str(out)])
            data["process"] = wall
            builds.append(data)
            log(f"×{scale}: build {i + 1}/{runs}: {data['total']:.2f} s")
            if i == runs - 1:
                t = time.perf_counter()
                res["output"] = measure_output(out)
                log(f"×{scale}: output measured ({time.perf_counter() - t:.1f} s)")
                if opts.browser and scale == 1:
                    log("×1: opening every page in Chromium …")
                    res["browser"] = browser_crosscheck(out, res["output"]["pages"])
            shutil.rmtree(out)
        res["builds"] = builds
        if scale <= opts.trace_max:
            out = Path(tempfile.mkdtemp(prefix="out-", dir=tmp))
            res["trace"], _ = _worker(["build", str(root), str(out), "--trace"])
            shutil.rmtree(out)
            log(f"×{scale}: traced build done")
        checks = []
        for _ in range(runs):
            data, _ = _worker(["check", str(root)])
            wall, cpu, line = _check_process(root)
            checks.append({"time": data["time"], "process": wall, "line": line, "cpu": cpu})
        res["checks"] = checks
        log(f"×{scale}: check done")
        if scale in opts.incremental:
            inc_root, _ = make_root(scale, tmp)
            out = Path(tempfile.mkdtemp(prefix="out-", dir=tmp))
            res["incremental"], _ = _worker(["incremental", str(inc_root), str(out)])
            shutil.rmtree(out)
            shutil.rmtree(inc_root)
            log(f"×{scale}: incremental done")
    finally:
        if not opts.keep:
            shutil.rmtree(root, ignore_errors=True)
    return res


# ---------------------------------------------------------------------- table
def _med(values):
    return statistics.median(values) if values else 0.0


def _s(x):
    if x < 0.1:
        return f"{x * 1000:.0f} ms"
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def _b(n):
    if n >= 10 * MB:
        return f"{n / MB:.0f} MB"
    if n >= MB:
        return f"{n / MB:.1f} MB"
    return f"{n / KB:.1f} KB"


def summarise(results: list[dict]) -> dict:
    """Medians per scale, the numbers the table and the targets use."""
    out = {}
    for r in results:
        stages: dict[str, list] = {}
        hooks: dict[str, list] = {}
        for b in r["builds"]:
            for k, v in b["stages"].items():
                stages.setdefault(k, []).append(v)
            for k, v in b["hooks"].items():
                hooks.setdefault(k, []).append(v)
        st = {k: _med(v) for k, v in stages.items()}
        rss = {k: max(b["rss"].get(k, 0.0) for b in r["builds"]) for k in stages}
        cpu = {k: _med([b["cpu"].get(k, 0.0) for b in r["builds"]]) for k in stages}
        hk_cpu = {k: _med([b["hooks_cpu"].get(k, 0.0) for b in r["builds"]]) for k in hooks}
        hk = {k: _med(v) for k, v in hooks.items()}
        own_runs = [sum(v for k, v in b["stages"].items() if k != MKDOCS_STAGE) + sum(b["hooks"].values())
                    for b in r["builds"]]
        total = _med([b["total"] for b in r["builds"]])
        own_cpu = [sum(v for k, v in b["cpu"].items() if k != MKDOCS_STAGE) + sum(b["hooks_cpu"].values())
                   for b in r["builds"]]
        out[r["scale"]] = {
            "stages": st, "hooks": hk, "rss": rss, "cpu": cpu, "hooks_cpu": hk_cpu,
            "mkdocs_proper_cpu": _med([b["cpu"].get(MKDOCS_STAGE, 0) - sum(b["hooks_cpu"].values()) for b in r["builds"]]), "total": total, "process": _med([b["process"] for b in r["builds"]]),
            "own": _med(own_runs), "own_share": _med([o / b["total"] for o, b in zip(own_runs, r["builds"])]),
            "first_total": r["builds"][0]["total"], "first_own_share": own_runs[0] / r["builds"][0]["total"],
            "mkdocs_proper": _med([b["stages"].get(MKDOCS_STAGE, 0) - sum(b["hooks"].values()) for b in r["builds"]]),
            "max_rss": max(b["max_rss"] for b in r["builds"]),
            "total_cpu": _med([b["total_cpu"] for b in r["builds"]]),
            "own_share_cpu": _med([o / b["total_cpu"] for o, b in zip(own_cpu, r["builds"])]),
            "load": _med([b["load"] for b in r["builds"]]),
            "check": _med([c["process"] for c in r["checks"]]), "check_inproc": _med([c["time"] for c in r["checks"]]),
            "check_cpu": _med([c["cpu"] for c in r["checks"]]),
        }
    return out


def table(results: list[dict], machine: dict) -> str:
    sm = summarise(results)
    scales = [r["scale"] for r in results]
    by = {r["scale"]: r for r in results}
    rows: list[tuple[str, list[str]]] = []

    def row(label, fn):
        cells = []
        for s in scales:
            try:
                cells.append(fn(s))
            except (KeyError, IndexError, ZeroDivisionError):
                cells.append("–")
        rows.append((label, cells))

    base = scales[0]
    row("content: nodes · parameters · guide periods", lambda s: f"{by[s]['nodes']} · {by[s]['params']} · {1 + by[s]['periods']}")
    row("content: YAML size (factor vs first column)",
        lambda s: f"{_b(by[s]['content_bytes'])} (×{by[s]['nodes'] / by[base]['nodes']:.1f} nodes)")
    row("pages built", lambda s: str(by[s]["builds"][0]["pages"]))
    names: list[str] = []
    for r in results:
        for b in r["builds"]:
            for k in b["stages"]:
                if k not in names:
                    names.append(k)
    hook_names: list[str] = []
    for r in results:
        for b in r["builds"]:
            for k in b["hooks"]:
                if k not in hook_names:
                    hook_names.append(k)
    for name in names:
        row(f"stage: {name} — time (CPU time) · RSS high-water · heap peak",
            lambda s, n=name: f"{_s(sm[s]['stages'][n])} ({_s(sm[s]['cpu'][n])}) · {sm[s]['rss'][n]:.0f} MB · "
                              + (f"{by[s]['trace']['peaks'][n]:.0f} MB" if "trace" in by[s] else "–"))
        if name == MKDOCS_STAGE:
            for h in hook_names:
                note = HOOK_NOTES.get(h, "hook")
                row(f"  ↳ in mkdocs: hook {h} ({note})",
                    lambda s, h=h: f"{_s(sm[s]['hooks'].get(h, 0.0))} ({_s(sm[s]['hooks_cpu'].get(h, 0.0))})")
            row("  ↳ in mkdocs: mkdocs itself (build minus hooks)",
                lambda s: f"{_s(sm[s]['mkdocs_proper'])} ({_s(sm[s]['mkdocs_proper_cpu'])})")
    row("total build() — time · process peak RSS", lambda s: f"{_s(sm[s]['total'])} · {sm[s]['max_rss']:.0f} MB")
    row("whole `build` process incl. Python start and imports", lambda s: _s(sm[s]["process"]))
    row("total build() CPU time (user+sys) · own share by CPU time",
        lambda s: f"{_s(sm[s]['total_cpu'])} · {100 * sm[s]['own_share_cpu']:.0f} %")
    row("machine load average during the builds (other processes)", lambda s: f"{sm[s]['load']:.1f}")
    row("generator's own stages + hooks (share of build())", lambda s: f"{_s(sm[s]['own'])} ({100 * sm[s]['own_share']:.0f} %)")
    row("first build of a root (cold: empty build/cache/, no bytecode) — total · own share",
        lambda s: f"{_s(sm[s]['first_total'])} · {100 * sm[s]['first_own_share']:.0f} %")
    row("build time factor vs first column", lambda s: f"×{sm[s]['total'] / sm[base]['total']:.1f}")
    row("`check` alone: whole process (its CPU time) · run_check() alone",
        lambda s: f"{_s(sm[s]['check'])} ({_s(sm[s]['check_cpu'])}) · {_s(sm[s]['check_inproc'])}")
    row("incremental: files in site · rebuilt unchanged → written",
        lambda s: f"{by[s]['incremental']['files']} · {by[s]['incremental']['unchanged_written']}")
    row("incremental: one article edited → written (containing the edit)",
        lambda s: f"{by[s]['incremental']['edited_written']} ({len(by[s]['incremental']['with_marker'])})")
    o = lambda s: by[s]["output"]  # noqa: E731
    row("output: whole site (files)", lambda s: f"{_b(o(s)['site_raw'])} ({o(s)['site_files']})")
    row("output: HTML pages total · of it navigation",
        lambda s: f"{_b(o(s)['html_raw'])} · {_b(o(s)['nav_raw'])} ({100 * o(s)['nav_raw'] / o(s)['html_raw']:.0f} %)")
    row("output: factor whole site · HTML vs first column",
        lambda s: f"×{o(s)['site_raw'] / o(base)['site_raw']:.1f} · ×{o(s)['html_raw'] / o(base)['html_raw']:.1f}")
    row("median page + all it loads (no search index): raw · gzip",
        lambda s: f"{_b(o(s)['median']['raw'])} · {_b(o(s)['median']['gzip'])} ({o(s)['median']['page'].removesuffix('index.html') or '/'})")
    row("  ↳ of it the page's HTML alone (raw)", lambda s: _b(o(s)["median"]["html"]))
    row("heaviest page + all it loads: gzip",
        lambda s: f"{_b(o(s)['largest']['gzip'])} ({o(s)['largest']['page'].removesuffix('index.html') or '/'})")
    row("form pages (any <form> but search) + validator: largest gzip",
        lambda s: (f"{_b(max(p['gzip'] for p in o(s)['forms']))} ({len(o(s)['forms'])} forms)" if o(s)["forms"] else "no form pages yet"))
    row("search index: raw · gzip", lambda s: f"{_b(o(s)['index_raw'])} · {_b(o(s)['index_gzip'])}")
    row("loaded when the search first opens on a page (Material's worker, lunr; gzip)",
        lambda s: _b(o(s)["median"].get("search_gzip", 0)) if o(s)["median"].get("search_gzip") else "– (loaded with the page)")
    row("offline: precached by the service worker after the first visit (files · raw · gzip)",
        lambda s: f"{o(s)['precache']['files']} · {_b(o(s)['precache']['raw'])} · {_b(o(s)['precache']['gzip'])}"
        if o(s).get("precache", {}).get("files") else "–")
    head = "| measurement | " + " | ".join(f"×{s}" for s in scales) + " |"
    lines = [head, "|---|" + "---|" * len(scales)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    lines.append("")
    counts = ", ".join(f"×{s}: {len(by[s]['builds'])}" for s in scales)
    lines.append(f"Times: median of the timed runs ({counts}), "
                 "each a fresh process building into an empty folder. RSS high-water: the process's peak RSS "
                 "when the stage ended (max over runs). Heap peak: tracemalloc, one extra run, the Python heap's peak "
                 f"during the stage. 1 KB = 1024 bytes. Machine: {machine['summary']}.")
    return "\n".join(lines)


def targets(results: list[dict]) -> list[str]:
    sm = summarise(results)
    by = {r["scale"]: r for r in results}
    scales = [r["scale"] for r in results]
    base, top = scales[0], scales[-1]
    lines = []

    def t(ok, text):
        lines.append(f"- [{'met' if ok else 'MISSED'}] {text}")

    for s in sorted({base, top}):
        t(sm[s]["own_share"] <= 0.20, f"generator's own stages ≤ 20 % of the build at ×{s}: {100 * sm[s]['own_share']:.0f} % "
                                     f"(by CPU time {100 * sm[s]['own_share_cpu']:.0f} %)")
    if top != base:
        cf = by[top]["nodes"] / by[base]["nodes"]
        tf = sm[top]["total"] / sm[base]["total"]
        tfc = sm[top]["total_cpu"] / sm[base]["total_cpu"]
        t(tf <= cf, f"build time grows no faster than content (×{top}): time ×{tf:.1f} (CPU time ×{tfc:.1f}) "
                    f"for content ×{cf:.1f}")
        of = by[top]["output"]["site_raw"] / by[base]["output"]["site_raw"]
        hf = by[top]["output"]["html_raw"] / by[base]["output"]["html_raw"]
        t(of <= cf, f"whole output grows no faster than content (×{top}): output ×{of:.1f} for content ×{cf:.1f}")
        t(hf <= cf, f"HTML output grows no faster than content (×{top}): HTML ×{hf:.1f} for content ×{cf:.1f}")
    for s in [s for s in scales if "incremental" in by[s]]:
        inc = by[s]["incremental"]
        other = [c for c in inc["changed"] if c not in inc["with_marker"]]
        ok = inc["unchanged_written"] == 0 and inc["edited_written"] == len(inc["changed"])
        t(ok, f"×{s}: unchanged rebuild writes 0 files ({inc['unchanged_written']}); one edited article "
              f"(Madde {inc['article']}) writes {inc['edited_written']} of {inc['files']} files: "
              f"{len(inc['with_marker'])} show the edit, the others: {', '.join(other) or 'none'}")
    for s in scales:
        m = by[s]["output"]["median"]
        t(m["gzip"] <= 80 * KB, f"×{s}: median page with everything it loads except the search index ≤ 80 KB gzip: {_b(m['gzip'])}")
        forms = by[s]["output"]["forms"]
        if forms:
            worst = max(forms, key=lambda p: p["gzip"])
            t(worst["gzip"] <= 120 * KB, f"×{s}: every form page with its validator ≤ 120 KB gzip: largest {_b(worst['gzip'])} ({worst['page']})")
        else:
            lines.append(f"- [n/a] ×{s}: form pages ≤ 120 KB gzip: the site has no form page yet")
    t(sm[top]["check"] < 2.0, f"`check` at ×{top} < 2 s: {_s(sm[top]['check'])} (whole process; CPU time {_s(sm[top]['check_cpu'])})")
    for r in results:
        if r["output"]["missing"]:
            lines.append(f"- [note] ×{r['scale']}: referenced but not in the site: {', '.join(r['output']['missing'][:5])}")
        if "browser" in r:
            unc = r["browser"]["uncounted"]
            lines.append(f"- [{'met' if not unc else 'NOTE'}] ×{r['scale']}: Chromium opened {r['browser']['opened']} pages; "
                         + ("every request was counted" if not unc else
                            "requests not counted statically: " + "; ".join(f"{k} ({len(v)} pages)" for k, v in unc.items())))
    return lines


def machine() -> dict:
    import platform

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), 0)
    d = {"nproc": os.cpu_count(), "memory_gb": round(mem / 1024 / 1024, 1), "cpu": cpu, "python": platform.python_version()}
    d["summary"] = f"{d['nproc']} CPUs ({cpu}), {d['memory_gb']} GB RAM, Python {d['python']}"
    return d


def _browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path("/usr/bin/chromium").exists()


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--worker":
        kind, rest = argv[1], argv[2:]
        if kind == "build":
            res = worker_build(Path(rest[0]), Path(rest[1]), "--trace" in rest)
        elif kind == "check":
            res = worker_check(Path(rest[0]))
        elif kind == "incremental":
            res = worker_incremental(Path(rest[0]), Path(rest[1]))
        else:
            raise SystemExit(f"unknown worker {kind}")
        print(json.dumps(res))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,100", help="comma-separated content factors (default 1,10,100)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per scale below 100 (median is shown)")
    ap.add_argument("--large-runs", type=int, default=3, help="timed runs per scale of 100 and more (default 3)")
    ap.add_argument("--trace-max", type=int, default=10,
                    help="the tracemalloc run (slow) is done for scales up to this one (default 10)")
    ap.add_argument("--incremental", default="1", help="scales at which the incremental case runs (default 1)")
    ap.add_argument("--json", type=Path, help="also write every raw measurement to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary project roots")
    ap.add_argument("--browser", dest="browser", action="store_true", default=None,
                    help="cross-check page weight in Chromium at ×1 (default when available)")
    ap.add_argument("--no-browser", dest="browser", action="store_false")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    browser = _browser_available() if args.browser is None else args.browser
    log = (lambda m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    sys.path.insert(0, str(REPO))
    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    global PYCACHE
    PYCACHE = tmp / "pycache"
    try:
        args.browser = browser
        args.incremental = {int(s) for s in args.incremental.split(",") if s}
        results = [bench_scale(s, args.runs if s < 100 else args.large_runs, tmp, args, log) for s in scales]
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    m = machine()
    print(table(results, m))
    print()
    print("Targets:")
    print("\n".join(targets(results)))
    if args.json:
        for r in results:
            r["output"].pop("pages", None)
        args.json.write_text(json.dumps({"machine": m, "runs": args.runs, "results": results, "summary": summarise(results)},
                                        ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
