#!/usr/bin/env python3
"""Entry point: python generator.py {check,build,validate,evaluate} ...

The pipeline lives in kb/: content.py (load and validate), derive (checklists,
schemas, rules), render.py (Jinja2 -> Markdown), build.py (mkdocs -> build/site).
"""
import sys

from kb.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
