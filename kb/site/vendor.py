"""Browser libraries copied from node_modules/ into the site (never loaded from a CDN).

@cfworker/json-schema validates form data in the browser (forms-core.js) and answers in the
rules engine (rules-engine.js): one copy under VENDOR_DEST serves both. json-logic-js runs the
rule expressions (rules-engine.js), wrapped as an ES module.

Both are minified by esbuild (`minified`; node_modules/.bin/esbuild, pinned in package.json),
which also shortens local names: on a rule or form page that is 1.35 KB gzip less than
removing whitespace alone (page weight, issue 16). Template literals are lowered to strings, so the
whitespace pass that kb/ssg/hooks.py runs over every script of ours leaves the result as it
is (rjsmin does not understand nested template literals). The site's own scripts keep their
names (tests and other sites read them); only these libraries are shortened. Results are
cached in build/cache/vendor-min/ by esbuild's version, its flags and the input.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
from pathlib import Path

from kb.common.paths import ROOT
from kb.common.problems import BuildError, ProblemList
from kb.site.render import Asset

ESBUILD = "node_modules/.bin/esbuild"
ESBUILD_FLAGS = ("--minify", "--format=esm", "--supported:template-literal=false", "--legal-comments=inline",
                 "--charset=utf8", "--log-level=error")


def minified(assets: list[Asset], root: Path = ROOT) -> list[Asset]:
    """`assets` with every .js file minified by esbuild (one run for all that the cache lacks)."""
    from kb.content.filecache import TextCache

    scripts = [a for a in assets if a.dest.endswith(".js")]
    if not scripts:
        return assets
    try:
        version = json.loads((root / "node_modules" / "esbuild" / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        version = None
    if version is None or not (root / ESBUILD).exists():
        problems = ProblemList()
        problems.add("package.json", None, f"{ESBUILD} bulunamadı: tarayıcı kitaplıkları küçültülemiyor",
                     "`make install` (npm ci) ile node_modules/ klasörünü kurun")
        raise BuildError(problems)
    cache = TextCache(root / "build" / "cache" / "vendor-min")
    keys = {a.dest: hashlib.sha256("\0".join((version, *ESBUILD_FLAGS, a.dest)).encode("utf-8") + b"\0" + a.content)
            .hexdigest() for a in scripts}
    done = {a.dest: cache.get(keys[a.dest]) for a in scripts}
    missing = [a for a in scripts if done[a.dest] is None]
    if missing:
        with tempfile.TemporaryDirectory() as tmp:
            src, out = Path(tmp) / "in", Path(tmp) / "out"
            for a in missing:
                (src / a.dest).parent.mkdir(parents=True, exist_ok=True)
                (src / a.dest).write_bytes(a.content)
            proc = subprocess.run([str(root / ESBUILD), *ESBUILD_FLAGS, f"--outbase={src}", f"--outdir={out}",
                                   *(str(src / a.dest) for a in missing)], capture_output=True, text=True)
            if proc.returncode != 0:
                problems = ProblemList()
                problems.add(ESBUILD, None, "tarayıcı kitaplıkları küçültülemedi: " + proc.stderr.strip()[-1500:],
                             "`make install` ile node_modules/ klasörünü yeniden kurun")
                raise BuildError(problems)
            for a in missing:
                text = (out / a.dest).read_text(encoding="utf-8")
                done[a.dest] = text
                cache.put(keys[a.dest], text)
    return [Asset(a.dest, done[a.dest].encode("utf-8")) if a.dest in done else a for a in assets]

CFWORKER = "node_modules/@cfworker/json-schema"
VENDOR_DEST = "assets/kb/vendor/cfworker-json-schema"
VENDOR_SOURCEMAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def cfworker_assets(root: Path = ROOT) -> list:
    """The one site copy of @cfworker/json-schema (VENDOR_DEST), shared by the form validator
    (forms-core.js) and the rules engine (rules-engine.js): both providers add these same
    assets, so a page with a form and a rules widget loads the library once."""
    vendor = root / CFWORKER
    version = json.loads((vendor / "package.json").read_text(encoding="utf-8"))["version"]
    assets = [Asset(f"{VENDOR_DEST}/{js.name}",
                    VENDOR_SOURCEMAP.sub("\n", js.read_text(encoding="utf-8")).encode("utf-8"))
              for js in sorted((vendor / "dist" / "esm").glob("*.js"))]
    assets.append(Asset(f"{VENDOR_DEST}/LICENSE.txt", (
        f"@cfworker/json-schema {version} — MIT License — https://github.com/cfworker/cfworker\n"
        "Copied from node_modules/@cfworker/json-schema/dist/esm by kb/site/vendor.py (without the "
        "sourceMappingURL comments) and minified by esbuild.\n").encode("utf-8")))
    return minified(assets, root)


def rules_vendor_assets(root: Path = ROOT) -> list:
    """json-logic-js (wrapped as an ES module) and @cfworker/json-schema, copied from node_modules
    (the latter to assets/kb/vendor/cfworker-json-schema/, shared with the forms)."""
    nm = root / "node_modules"
    logic = (nm / "json-logic-js" / "logic.js").read_text(encoding="utf-8")
    wrapped = ("/*! json-logic-js 2.0.5 (MIT), node_modules/json-logic-js/logic.js, wrapped as an ES module. */\n"
               "const module = { exports: {} };\n"
               "(function (module, exports) {\n" + logic + "\n}).call(undefined, module, module.exports);\n"
               "export default module.exports;\n")
    # @cfworker/json-schema: the same copy the form validator imports (VENDOR_DEST)
    return minified([Asset("assets/kb/rules-vendor/json-logic.js", wrapped.encode("utf-8"))], root) + cfworker_assets(root)
