"""instruments: questionnaire definitions that every later stage reads (placeholder docstring, rewritten below)."""
