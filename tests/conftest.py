"""Shared fixtures: one built site per test session, a local server, a headless Chromium.

The site is built once into a private temporary folder (never build/site), served on
127.0.0.1, and opened in Debian's Chromium through Playwright. Every page opened
through `open_page` records the requests it made, so tests can prove the site never
talks to another host.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]
# The public address every build of the session is made for (SITE_URL, README "Yayınlama"), set
# here so that a developer's own SITE_URL changes nothing; tests of a build without one unset it.
PUBLIC_URL = "https://destek.izmir.example.gov.tr/"
os.environ["SITE_URL"] = PUBLIC_URL


# ------------------------------------------------------------ the real content, loaded

@pytest.fixture(scope="module")
def kb():
    """The project's knowledge base (content/), loaded once per test module."""
    from kb.content.loader import load_knowledge_base

    return load_knowledge_base(ROOT)


@pytest.fixture(scope="module")
def forms(kb):
    """The form definitions of forms/, by id."""
    from kb.forms.loader import load_forms

    return {f.id: f for f in load_forms(ROOT, kb)}


@pytest.fixture(scope="module")
def sm(kb):
    """The site map (page of every node, labels) derived from the knowledge base."""
    from kb.site.sitemap import derive_site

    return derive_site(kb)


def run_generator(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """`python generator.py ARGS…` as a user runs it, from the project root."""
    return subprocess.run([sys.executable, str(ROOT / "generator.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def line_of(path: Path, needle: str, after: str = "") -> int:
    """1-based number of the first line of `path` holding `needle` (after the first line
    holding `after`, if given): where a test expects a message to point."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for i, line in enumerate(lines):
        if i >= start and needle in line:
            return i + 1
    raise AssertionError(f"{needle!r} not in {path}")


def check_verdict(root: Path, cache: bool = True) -> str:
    """What `check` says about a project root: its summary line, or its problems one per line."""
    from kb.commands.check import run_check
    from kb.common.problems import BuildError

    try:
        return run_check(root, cache=cache)
    except BuildError as exc:
        return "\n".join(map(str, exc.problems.sorted()))


def form_problems(root: Path) -> list[str]:
    """The problems loading the forms of project `root` reports (it must report some)."""
    from kb.content.loader import load_knowledge_base
    from kb.forms.loader import load_forms
    from kb.common.problems import BuildError

    with pytest.raises(BuildError) as exc:
        load_forms(root, load_knowledge_base(root))
    return [str(p) for p in exc.value.problems.sorted()]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from kb.commands.build import build

    out = tmp_path_factory.mktemp("site")
    build(ROOT, quiet=True, out=out)
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    from kb.commands.serve import make_server

    server = make_server(built_site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class OpenedPage:
    def __init__(self, page, requests, console):
        self.page = page
        self.requests = requests
        self.console = console


@pytest.fixture
def open_page(browser, site_url):
    """open_page("yonetmelik/", width=1280) -> OpenedPage (page, requests, console messages)."""
    contexts = []

    def _open(path: str = "", width: int = 1280, height: int = 900, **context_args) -> OpenedPage:
        ctx = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True, **context_args)
        contexts.append(ctx)
        page = ctx.new_page()
        requests, console = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.goto(site_url + path, wait_until="load")
        return OpenedPage(page, requests, console)

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the project's content/, schemas/, forms/ for tests that break files on purpose."""
    for name in ("content", "schemas", "forms", "rules"):
        src = ROOT / name
        if src.exists():
            shutil.copytree(src, tmp_path / name)
    return tmp_path


# ------------------------------------------------------------ shared by the quality gates

# axe-core: the WCAG 2.0/2.1/2.2 A and AA rule tags, plus one best-practice rule run on
# top of them (the search dialog needs a name)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {"aria-dialog-name": {"enabled": True}},
    "resultTypes": ["violations"],
}


def served_asset(site: Path, name: str) -> str:
    """Where an own asset is served under its fingerprinted name (kb/ssg/fingerprint.py):
    served_asset(site, "assets/kb/forms.js") -> "assets/kb/forms.95e00cf1.js". The map is
    the build's sw-manifest.json ("assets"); a name it does not hold is returned as it is."""
    import json

    assets = json.loads((site / "sw-manifest.json").read_text(encoding="utf-8"))["assets"]
    return assets.get(name, name)


def site_pages(site: Path) -> list[str]:
    """URL path of every page of the built site: each folder's index.html, then 404.html.
    Found by walking the site, so new pages are covered without listing them."""
    found = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = ["" if p == "." else p + "/" for p in found]
    if (site / "404.html").exists():
        pages.append("404.html")
    return pages


WIDTHS = (1280, 375)  # desktop and phone

# starts axe on the page; the result is awaited with page.evaluate("() => window.__kbAxe")
RUN_AXE = """opts => { window.__kbAxe = axe.run(document, opts).then(r => ({
  ran: r.violations.concat(r.passes, r.incomplete, r.inapplicable).map(x => x.id),
  violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))
})); }"""


def axe_report(where: str, result: dict) -> list[str]:
    """One line per axe violation (rule, impact, help, the first nodes), naming the page."""
    out = []
    for v in result["violations"]:
        nodes = "; ".join(f"{n['target']} ({(n['summary'] or '').splitlines()[-1].strip()})" for n in v["nodes"])
        out.append(f"{where}: axe {v['id']} ({v['impact']}) — {v['help']}: {nodes}")
    if "aria-dialog-name" not in result["ran"]:
        out.append(f"{where}: axe did not run the aria-dialog-name rule")
    return out


# ------------------------------------------------------------ page components (components/)

def component_spec(name: str) -> dict:
    """components/<name>/params.yaml: the macros, their parameters and the examples."""
    import yaml

    return yaml.safe_load((ROOT / "components" / name / "params.yaml").read_text(encoding="utf-8"))


def component_env():
    """A Jinja environment as the site's (kb/site/render.py: same options, same folders) but
    without the site's globals: a component's macros get everything as arguments."""
    from jinja2 import Environment, FileSystemLoader

    from kb.site.render import ENV_OPTIONS, TEMPLATE_DIRS

    return Environment(loader=FileSystemLoader([str(d) for d in TEMPLATE_DIRS]), **ENV_OPTIONS)


def render_component_call(name: str, call: str) -> str:
    """What a template line `call` (e.g. '{{ error_summary(id="x") }}') renders to, with the
    component's macros imported as templates import them."""
    names = ", ".join(m["name"] for m in component_spec(name)["macros"])
    return component_env().from_string(f'{{% from "{name}/{name}.j2" import {names} %}}' + call).render()


def component_spec_problems(name: str) -> list[str]:
    """What params.yaml gets wrong about the macros of components/<name>/<name>.j2: a macro or
    a parameter missing from the spec or from the macro, a parameter without name, type,
    required or description, a macro using a call block the spec does not mention."""
    from jinja2 import nodes

    spec = component_spec(name)
    env = component_env()
    module = env.get_template(f"{name}/{name}.j2").module
    source = (ROOT / "components" / name / f"{name}.j2").read_text(encoding="utf-8")
    # the arguments without a default value, from the template's syntax tree
    without_default = {m.name: [a.name for a in m.args[:len(m.args) - len(m.defaults)]]
                       for m in env.parse(source).find_all(nodes.Macro)}
    problems = []
    macros = {m["name"]: m for m in spec.get("macros", [])}
    defined = {k for k in dir(module) if not k.startswith("_")}
    problems += [f"macro {m} not in params.yaml" for m in sorted(defined - set(macros))]
    problems += [f"macro {m} of params.yaml not in {name}.j2" for m in sorted(set(macros) - defined)]
    for m_name in sorted(set(macros) & defined):
        macro, m = getattr(module, m_name), macros[m_name]
        params = m.get("params", [])
        for p in params:
            missing = [k for k in ("name", "type", "required", "description") if k not in p]
            if missing:
                problems.append(f"{m_name}: parameter {p.get('name')} lacks {missing}")
        spec_names = [p.get("name") for p in params]
        if spec_names != list(macro.arguments):
            problems.append(f"{m_name}: params.yaml lists {spec_names}, the macro takes {list(macro.arguments)}")
        required = without_default[m_name]
        spec_required = [p["name"] for p in params if p.get("required")]
        if spec_required != required:
            problems.append(f"{m_name}: required in params.yaml {spec_required}, in the macro {required}")
        if bool(m.get("caller")) != macro.caller:
            problems.append(f"{m_name}: caller is {macro.caller} in the macro, {bool(m.get('caller'))} in params.yaml")
    if not spec.get("examples"):
        problems.append("no examples")
    return problems
