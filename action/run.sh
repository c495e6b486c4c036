#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml). Inputs arrive as INPUT_* variables so that
# this script can be run, and tested, outside GitHub as well.
set -uo pipefail

# `args` is a list of words, as on a command line.
read -r -a args <<< "${INPUT_ARGS:-.}"
extra=()
if [ -n "${INPUT_DIFF_BASE:-}" ]; then
  extra+=(--diff "$INPUT_DIFF_BASE")
fi

ally check --format "${INPUT_FORMAT:-github}" --fail-on "${INPUT_FAIL_ON:-warning}" "${extra[@]}" "${args[@]}"
status=$?

# The SARIF report is written second, so that the check above never reads it, and it never
# decides the job's outcome by itself.
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  if ! ally check --format sarif --output "$INPUT_SARIF_FILE" --fail-on never "${extra[@]}" "${args[@]}"; then
    echo "::error title=ally::writing the SARIF report to $INPUT_SARIF_FILE failed"
    [ "$status" -eq 0 ] && status=2
  fi
fi
exit "$status"
