"""What kb/commands/build.py hands to the mkdocs hooks (kb/ssg/hooks.py) during one build.

mkdocs loads the hooks file by its path, as a module of its own, so the hooks cannot see
kb.build's variables; both import this module instead. Set just before mkdocs runs and
cleared after it (kb/commands/build.py), so nothing leaks from one build into the next.
"""
from __future__ import annotations

# the generator's per-paragraph search entries: {"location", "title", "text"} (plain text)
search_docs: list[dict] | None = None
# the generated docs mkdocs builds from: {path inside docs_dir: bytes} (Markdown pages, assets)
docs: dict[str, bytes] | None = None
