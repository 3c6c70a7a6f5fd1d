"""Invitation letters: laying out the PDF (run by hand; prints figures).

    python benchmarks/letters_bench.py                 # 500 letters, with and without the QR code
    python benchmarks/letters_bench.py --n 2000

The letter is the README's example text; the codes are made as
``invitations create`` makes them. Times are the whole of
:func:`reports.letters.render_letters` (the one-page check, every batch, joining them);
the peak memory shows that it stays that of one batch, whatever the number of letters.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anonymize.invitations import new_invitation_codes
from reports.letter_text import parse_letter
from reports.letters import render_letters

TEXT = """link: https://umfrage.musterstadt.de/
lang: de
---
# Befragung zu Vielfalt in Musterstadt

Sehr geehrte Damen und Herren,

die Stadt Musterstadt lädt Sie ein, an einer freiwilligen, anonymen Befragung teilzunehmen.
Ihr persönlicher Zugangscode: **{code}**

Zum Fragebogen: {link}
oder mit der Kamera Ihres Telefons:

{qr}

Mit freundlichen Grüßen
Ihre Gleichstellungsstelle
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    n = parser.parse_args().n
    codes = new_invitation_codes(n)
    for label, text in (("with QR code", TEXT), ("without", TEXT.replace("{qr}\n", ""))):
        start = time.perf_counter()
        pdf = render_letters(parse_letter(text), codes, "de")
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        print(
            f"{n} letters {label}: {seconds:.1f} s, {1000 * seconds / n:.1f} ms a letter, {len(pdf) / 1e6:.1f} MB;"
            f" peak memory of the process so far {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
