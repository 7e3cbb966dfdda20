"""The markers content text may hold: {p:parameter}, {p:parameter|format}, {ref:doc:id|text}, {dn:1}."""
from __future__ import annotations

import re

MARKUP_RE = re.compile(r"\{(p|ref|dn):([^{}|]+)(?:\|([^{}]*))?\}")
ANY_BRACE_RE = re.compile(r"[{}]")
