"""``python -m eqsurvey`` runs the eqsurvey command."""

from eqsurvey.cli import main

# Guarded: worker processes of a large import start a fresh interpreter that imports this module again.
if __name__ == "__main__":
    main()
