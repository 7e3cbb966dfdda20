"""Everything that knows about the static site generator (mkdocs + Material for MkDocs).

The generator hands mkdocs rendered Markdown/HTML pages and assets in memory; this package
runs mkdocs (mkdocs_build.py), post-processes what it writes (hooks.py: CSP, search entries,
minifying, leaving out unused theme files; css_prune.py: Material's stylesheet cut to the
classes in use) and mirrors its search analyzer in Python (searchfold.py, for tests).
Material reaches end of life in 2027: moving to another generator should touch this folder,
mkdocs.yml and the Material overrides in theme/main.html and theme/partials/, nothing else.
"""
