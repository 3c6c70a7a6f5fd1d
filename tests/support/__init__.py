"""What the tests share, one module per what it holds (conftest.py files hold only fixtures and hooks).

- ``builders``: instrument YAML and example instruments built in code; ``strategies``: hypothesis
  strategies (instruments, answer sets).
- ``cli``: the real eqsurvey command run in-process in a temporary project (``Eqsurvey``, ``Run``).
- ``postgres_server``: the throwaway PostgreSQL server; ``databases``: fresh databases on it, and a
  project pointed at one.
- ``web_form``: the web form walked as a browser would, the small survey the web tests serve, and
  what a form stored; ``event_loop``: a coroutine run beside Playwright's event loop.
- ``browser``: offline Chromium pages; ``accessibility``: axe-core, heading levels, the Tab order.
- ``hostile_files``: builders of hostile files (and of the committed corpus); ``hostile_corpus``: the
  corpus's cases through the real command under a memory cap, from the small middle process
  ``capped_child``.
- ``limesurvey_files``: the LimeSurvey survey built for the tests, in every file LimeSurvey writes;
  ``released_example``: the Musterstadt example released once, its reports.
"""
