"""KoboToolbox / ODK submissions: ``responses`` (JSON, CSV, XLSX → rows), ``fields`` (what each
field stands for), ``tables`` (CSV/XLSX exports row by row), ``versions`` (which form version each
submission was collected under), ``write`` (synthetic respondents as Kobo would export them).
"""
