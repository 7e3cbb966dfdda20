#!/usr/bin/env python3
"""Entry point: python generator.py {check,build,validate,evaluate} ...

The pipeline lives in kb/: content.py (load and validate), derive (checklists,
schemas, rules), render.py (Jinja2 -> Markdown), build.py (mkdocs -> build/site).
"""
import gc
import sys

from kb.commands.cli import main

if __name__ == "__main__":
    code = main(sys.argv[1:])
    # the process ends here: keep the interpreter's final garbage collection from walking the
    # whole knowledge base (its nodes form cycles) only to free memory the OS reclaims anyway
    gc.freeze()
    sys.exit(code)
