"""From rows of answers to sealed, stored responses.

``ingest`` (``ingest``, ``store_submissions``): batches checked, pseudonymised, sealed and stored,
recorded under the file's digest; ``prepare``: one batch apart from storing; ``workers``: a large
import on every core; ``bulk``: loops over many rows without the cyclic garbage collector.
"""
