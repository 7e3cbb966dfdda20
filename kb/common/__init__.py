"""What every stage uses: problems reported as file:line: message — fix (problems.py), Turkish
text, numbers and dates (turkish.py), where the project is (paths.py)."""
