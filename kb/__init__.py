"""The generator behind generator.py: load -> derive -> render -> build."""
