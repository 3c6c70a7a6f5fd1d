"""The questionnaire as one printable, accessible HTML page (``page``: ``render_questionnaire``).

The page's own wording is in ``wording`` (English, as the code states it), translated in the
``instruments`` gettext catalogues (``instruments/locales``: German, German Easy Language);
the Jinja2 templates and CSS are in ``templates/``, shared with the web form and the reports through
``page.template_environment``.
"""
