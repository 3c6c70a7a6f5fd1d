"""Jinja2 templates and CSS of the printable questionnaire (package data)."""
