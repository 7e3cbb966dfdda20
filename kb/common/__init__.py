"""What every stage uses: problems reported as file:line: message — fix (problems.py), Turkish
text, numbers and dates (turkish.py), where the project is (paths.py), how easy a Turkish text
reads (readability.py), the icons mkdocs-material ships (icons.py)."""
