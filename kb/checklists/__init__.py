"""Printable checklists per project type (and for the municipal programme), for counter staff:
derived from the newest guide period's document lists, each line citing its point."""
