#!/usr/bin/env bash
# Extract the marked messages (kernel/i18n: Msg, PluralMsg) of every package that has a locales/
# folder into its template, and bring each of its catalogues up to date with it.
#   bash scripts/messages.sh                 extract and update every package's catalogues
#   bash scripts/messages.sh --init FOLDER   also start a catalogue for a new language
#                                            (FOLDER as kernel/i18n/languages.py names it: fr, de_AT, de@easy)
# Then translate the new or changed messages (Poedit, Weblate or an editor) and run
# tests/kernel/test_catalogues.py, which fails on any message without a translation.
set -euo pipefail
cd "$(dirname "$0")/.."
init=""
if [ "${1:-}" = "--init" ]; then
  init="${2:?--init needs a locale folder name, e.g. fr or de@easy}"
fi
keywords=(--no-default-keywords -k Msg:1c,2 -k PluralMsg:1c,2,3)
for locales in */locales; do
  package="${locales%/locales}"
  pot="$locales/$package.pot"
  pybabel --quiet extract -F babel.cfg "${keywords[@]}" --project=eqsurvey --sort-by-file \
    --add-location=file --no-wrap -o "$pot" "$package"
  if [ -n "$init" ] && [ ! -f "$locales/$init/LC_MESSAGES/$package.po" ]; then
    pybabel --quiet init -i "$pot" -d "$locales" -D "$package" -l "$init" --no-wrap
  fi
  if compgen -G "$locales/*/LC_MESSAGES/$package.po" >/dev/null; then
    pybabel --quiet update -i "$pot" -d "$locales" -D "$package" --no-wrap --ignore-obsolete --update-header-comment
  fi
done
