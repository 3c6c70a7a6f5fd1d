"""LimeSurvey survey structures as eqsurvey instruments.

``sources`` says which LimeSurvey file a path is (``.lss``, ``.lsa``, tab-separated ``.txt``) and
imports the ones that hold a survey; ``archive`` opens ``.lsa`` zips; ``xml_tables`` and ``tsv``
read the two export formats into the same layout-free records (``reading``); ``importer`` (entry:
``import_lss``) turns records into an instrument with notes, through ``questions`` (question types),
``conditions`` (the conditions table, SGQA codes) and ``expressions`` (Expression Manager relevance);
``context`` is the state shared during one import (and the labels of LimeSurvey's fixed answers,
translated in ``locales/``); ``text`` maps texts and language codes.
"""
