"""XLSForm (ODK, KoboToolbox, Enketo) in both directions.

Import: ``importer`` (entry: ``import_form``) reads sheets in every layout people use (``reading``:
xlsx, csv, markdown), makes sense of column headers and their languages (``columns``), reads the
survey sheet (``survey_sheet``, one row at a time by ``questions``), the form's settings
(``metadata``), ``choice_filter`` (``filters``), ``or_other`` (``other``), refuses repeats
(``repeats``) and reads back eqsurvey's own privacy columns (``classes``) and constraints
(``constraints``). Expressions: ``xpath`` translates conditions to and from ODK XPath
(``xpath_parse`` reads the text). Export: ``export`` writes the workbook cell by cell (``cells``);
the constraint messages it writes are translated in ``locales/`` (gettext, see :mod:`kernel.i18n`).
"""
