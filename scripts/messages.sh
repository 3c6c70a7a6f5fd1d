#!/usr/bin/env bash
# Extract the marked messages (kernel/i18n: Msg, PluralMsg) of every package that has a locales/
# folder into its template, and bring each of its catalogues up to date with it. A package's domain
# is its folder's name (instruments/xlsform → xlsform); a subpackage with a locales/ folder of its
# own is left out of its parent's template.
#   bash scripts/messages.sh                 extract and update every package's catalogues
#   bash scripts/messages.sh --init FOLDER   also start a catalogue for a new language in each
#                                            (FOLDER as kernel/i18n/languages.py names it: fr, de_AT, de@easy)
# A catalogue eqsurvey translated itself carries "X-Translation-Status: draft" in its header until a
# qualified translator or community partner has reviewed it (kernel/i18n/drafts.py); this script keeps the field.
# Then translate the new or changed messages (Poedit, Weblate or an editor) and run
# tests/unit/test_catalogues.py, which fails on any message without a translation.
set -euo pipefail
cd "$(dirname "$0")/.."
init=""
if [ "${1:-}" = "--init" ]; then
  init="${2:?--init needs a locale folder name, e.g. fr or de@easy}"
fi
keywords=(--no-default-keywords -k Msg:1c,2 -k PluralMsg:1c,2,3)
# eqsurvey's texts have str.format placeholders only. Babel also flags a text as %-format when it
# merely reads like one ("95% interval" holds "% i"), and msgfmt -c, Poedit and Weblate then refuse
# a correct translation ("95-%-Intervall"); so that flag is taken off again.
no_percent_flags() {
  sed -i -E -e '/^#, python-format$/d' -e 's/^#, python-format, /#, /' -e '/^#,/s/, python-format(,|$)/\1/' "$@"
}
mapfile -t packages < <(find . \( -path ./tests -o -path ./benchmarks -o -path ./scripts -o -path ./docs -o -path './.*' \) \
  -prune -o -type d -name locales -print | sed -e 's|^\./||' -e 's|/locales$||' | sort)
for package in "${packages[@]}"; do
  domain="${package##*/}"
  locales="$package/locales"
  ignore=".* ._"
  for other in "${packages[@]}"; do
    if [[ "$other" == "$package"/* ]]; then ignore="$ignore ${other##*/}"; fi
  done
  pot="$locales/$domain.pot"
  fresh="$(mktemp)"
  pybabel --quiet extract -F babel.cfg "${keywords[@]}" --ignore-dirs="$ignore" --project=eqsurvey \
    --sort-by-file --add-location=file --no-wrap -o "$fresh" "$package"
  no_percent_flags "$fresh"
  # A template whose messages did not change keeps its date, so a run without changes changes no file.
  if [ -f "$pot" ] && diff -q <(grep -v '^"POT-Creation-Date' "$pot") <(grep -v '^"POT-Creation-Date' "$fresh") >/dev/null; then
    rm "$fresh"
  else
    cat "$fresh" >"$pot" && rm "$fresh"
  fi
  if [ -n "$init" ] && [ ! -f "$locales/$init/LC_MESSAGES/$domain.po" ]; then
    pybabel --quiet init -i "$pot" -d "$locales" -D "$domain" -l "$init" --no-wrap
  fi
  if compgen -G "$locales/*/LC_MESSAGES/$domain.po" >/dev/null; then
    # pybabel update keeps only the header fields Babel knows; a catalogue's review status
    # (X-Translation-Status: draft, kernel/i18n/drafts.py) is put back after it.
    declare -A status=()
    for po in "$locales"/*/LC_MESSAGES/"$domain".po; do
      status[$po]="$(grep -m1 '^"X-Translation-Status:' "$po" || true)"
    done
    pybabel --quiet update -i "$pot" -d "$locales" -D "$domain" --no-wrap --ignore-obsolete
    no_percent_flags "$locales"/*/LC_MESSAGES/"$domain".po
    for po in "${!status[@]}"; do
      if [ -n "${status[$po]}" ] && ! grep -q '^"X-Translation-Status:' "$po"; then
        line="${status[$po]}" awk 'BEGIN { done = 0 } { print } !done && /^"Generated-By:/ { print ENVIRON["line"]; done = 1 }' \
          "$po" >"$po.tmp" && mv "$po.tmp" "$po"
      fi
    done
    unset status
  fi
done
