"""The accuracy preview for people: ``page`` (verdicts and cells in the reader's language),
``text`` (the same in a terminal).
"""
