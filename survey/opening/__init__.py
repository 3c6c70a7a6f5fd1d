"""Opening the store into the analysis dataset (``export``: ``open_dataset``, the scientific-use
restriction), on every core for large stores (``workers``).
"""
