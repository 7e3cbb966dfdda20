"""Stages 2 and 3 — derive and render: which page shows each paragraph and its permalink
(sitemap.py), the core pages (pages.py), Jinja2 rendering to Markdown/HTML (render.py, with
the templates/ and components/ folders), content text to HTML (richtext.py), the JSON
export under data/ (data_export.py), the browser libraries copied into the site (vendor.py)
and our own scripts and stylesheets assembled from their components and parts (assets.py).
Feature packages (checklists, forms, rules) add their own pages through the same Output."""
