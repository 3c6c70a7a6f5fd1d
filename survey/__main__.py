"""``python -m survey`` runs the eqsurvey command."""

from survey.cli import main

main()
