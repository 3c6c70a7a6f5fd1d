"""LimeSurvey response exports: ``responses`` (CSV, read and written), ``lsr`` (the XML ``.lsr``,
alone or inside an ``.lsa`` archive).
"""
