"""Attacks on our own store, run as tests: what someone holding the store's files can link, and what survives erasure.

- ``disk``: what such a person reads (every byte of the store's files; on PostgreSQL also each row's transaction id);
- ``guesses``: the linking strategies they would try, and how many right guesses chance allows;
- ``scenarios``: stores filled through the real import and web paths, with the truth the attacks are scored against.
"""
