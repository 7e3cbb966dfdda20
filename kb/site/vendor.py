"""Browser libraries copied from node_modules/ into the site (never loaded from a CDN).

@cfworker/json-schema validates form data in the browser (forms-core.js) and answers in the
rules engine (rules-engine.js): one copy under VENDOR_DEST serves both. json-logic-js runs the
rule expressions (rules-engine.js), wrapped as an ES module.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from kb.common.paths import ROOT
from kb.site.render import Asset

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
        "sourceMappingURL comments) and minified in the site by kb/ssg/hooks.py.\n").encode("utf-8")))
    return assets


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
    return [Asset("assets/kb/rules-vendor/json-logic.js", wrapped.encode("utf-8"))] + cfworker_assets(root)
