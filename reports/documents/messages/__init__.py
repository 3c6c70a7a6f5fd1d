"""The documents' wording as marked messages (English; German in ``reports/documents/locales``).

``common``: what several documents say (the stamp's note, legal bases, Art. 9 categories, the
measures as configured); one module per document for the rest.
"""
