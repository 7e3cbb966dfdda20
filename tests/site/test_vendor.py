"""The browser libraries copied from node_modules/ are minified by esbuild (kb/site/vendor.py):
smaller than the whitespace pass alone, still working modules (the form and rule tests run
them in Chromium and Node), left as they are by the site's whitespace pass, and a missing
esbuild is a clear build error."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import rjsmin

from kb.common.problems import BuildError
from kb.site.render import Asset
from kb.site.vendor import ROOT, minified, rules_vendor_assets


def test_the_libraries_are_minified_and_the_whitespace_pass_leaves_them(built_site):
    served = json.loads((built_site / "sw-manifest.json").read_text(encoding="utf-8"))["assets"]
    source = ROOT / "node_modules" / "@cfworker" / "json-schema" / "dist" / "esm" / "validate.js"
    site = built_site / served["assets/kb/vendor/cfworker-json-schema/validate.js"]
    text = site.read_text(encoding="utf-8")
    whitespace_only = rjsmin.jsmin(source.read_text(encoding="utf-8"), keep_bang_comments=True)
    assert len(gzip.compress(text.encode(), 6)) < 0.95 * len(gzip.compress(whitespace_only.encode(), 6))
    assert "`" not in text  # template literals lowered: rjsmin cannot read nested ones
    for path in [served[a.dest] for a in rules_vendor_assets() if a.dest.endswith(".js")]:
        out = (built_site / path).read_text(encoding="utf-8")
        assert rjsmin.jsmin(out, keep_bang_comments=True) == out.rstrip("\n") or rjsmin.jsmin(out, keep_bang_comments=True) == out
    logic = (built_site / served["assets/kb/rules-vendor/json-logic.js"]).read_text(encoding="utf-8")
    assert logic.startswith("/*! json-logic-js 2.0.5 (MIT)")  # the licence line stays


def test_a_missing_esbuild_is_a_clear_build_error(tmp_path):
    with pytest.raises(BuildError) as caught:
        minified([Asset("assets/kb/x.js", b"export const a = 1;\n")], root=tmp_path)
    text = str(caught.value)
    assert "esbuild" in text and "make install" in text
