"""Synthetic respondents for piloting: ``simulator`` (seeded respondents for any instrument, drawn a
question at a time for all of them), ``answering`` and ``matrices`` (one question's answers as a
column), ``picks`` (weighted draws for whole columns), ``columns`` (simulated answers held as numpy
columns), ``csv_columns`` (eqsurvey's response CSV written straight from them), ``population``
(reference populations in ``populations/*.yaml`` with their sources), ``draws`` (a population laid
onto one instrument).
"""
