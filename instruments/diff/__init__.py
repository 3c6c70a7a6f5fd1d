"""What changed between two versions of an instrument, for community review and versioning.

``changes`` (entry: ``diff_instruments``) names each change; ``compare`` decides which changes break
comparability with earlier releases; ``text`` renders a diff as plain text for reviewers (in English;
the names of changed fields are gettext messages, template in ``locales/diff.pot``).
"""
