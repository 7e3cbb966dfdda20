"""Whitespace between tags, collapsed (page weight, issue 16).

Material's templates indent their markup generously: a page's navigation alone is ~20 KB of
mostly spaces and line breaks. A run of whitespace between two tags that holds a line break
becomes one line break. In HTML a run of collapsible whitespace renders as one space (or
nothing) whatever it is made of, so the page looks and reads the same. Not touched: the text
inside <pre>, <textarea>, <script>, <style>, <code> and <kbd> (Material sets
`white-space: pre-wrap` on code and kbd), any text that is not only whitespace, and attribute
values (the run must lie between `>` and `<`). tests/ssg/test_html_space.py checks that the
site's stylesheets set `white-space: pre*` on nothing else that the built pages hold, and that
pages lay out and read the same with the whitespace put back.
About 0.5 KB gzip less on every page.
"""
from __future__ import annotations

import re

# the content of these elements keeps its whitespace (their tags and what is around them do not);
# lower-case tags, as mkdocs, Markdown and Material write them (re.I made the scan 6x slower)
PROTECTED = re.compile(r"<(pre|textarea|script|style|code|kbd)\b[^>]*>(.*?)</\1\s*>", re.S)
BETWEEN_TAGS = re.compile(r">[ \t\r\n]*\n[ \t\r\n]*<")


def collapse(html: str) -> str:
    out, last = [], 0
    for m in PROTECTED.finditer(html):
        out.append(BETWEEN_TAGS.sub(">\n<", html[last:m.start(2)]))
        out.append(m.group(2))
        last = m.end(2)
    out.append(BETWEEN_TAGS.sub(">\n<", html[last:]))
    return "".join(out)
