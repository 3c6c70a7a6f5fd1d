"""Synthetic respondents for piloting: ``simulator`` (seeded respondents for any instrument),
``population`` (reference populations in ``populations/*.yaml`` with their sources), ``draws`` (a
population laid onto one instrument).
"""
