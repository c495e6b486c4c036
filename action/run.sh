#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml). Inputs arrive as INPUT_* variables so that
# this script can be run, and tested, outside GitHub as well.
#
# One `ally check` run gives everything: the log (the `format` input, annotations by default),
# and, through --report, a SARIF file, the job summary (markdown) and the step's outputs (JSON).
set -uo pipefail

# A workflow command's message, escaped as actions/toolkit's escapeData does, so that a value
# from an input cannot end the line and start a command of its own.
escape_data() {
  local text=$1
  text=${text//%/%25}
  text=${text//$'\r'/%0D}
  text=${text//$'\n'/%0A}
  printf '%s' "$text"
}

# One error annotation, titled like ally's own.
annotate_error() {
  printf '::error title=ally::%s\n' "$(escape_data "$1")"
}

# Paths in `args`, globs and relative report paths are taken from the workspace.
if [ -n "${GITHUB_WORKSPACE:-}" ] && ! cd "$GITHUB_WORKSPACE"; then
  annotate_error "cannot enter the workspace $GITHUB_WORKSPACE"
  exit 2
fi

# `args` is words, as on a command line, on one line or several: blanks and line breaks
# separate them. '…' keeps what it holds as it is; "…" too, except that \" and \\ stand for
# " and \; elsewhere \ keeps the next character. A word with an unquoted *, ? or [ is a glob
# (** crosses directories), expanded from the workspace into the files it matches, in order; a
# glob that matches nothing is an error. Words that start with - are options and are never
# expanded. Nothing is evaluated: $, ` and ~ are ordinary characters.
args=()
parse_args() {
  local text=$1 length=${#1} i=0 c quote="" word="" pattern="" glob=0 started=0
  local -a matches
  # No word splitting when a glob is expanded: a match with a blank stays one argument.
  local IFS=
  while :; do
    if [ "$i" -lt "$length" ]; then c=${text:i:1}; else c=""; fi
    i=$((i + 1))
    if [ -n "$quote" ]; then
      if [ -z "$c" ]; then
        annotate_error "args: a $quote quote is not closed: $text"
        return 1
      elif [ "$c" = "$quote" ]; then
        quote=""
        continue
      elif [ "$quote" = '"' ] && [ "$c" = "\\" ] && [[ ${text:i:1} == [\"\\] ]]; then
        c=${text:i:1}
        i=$((i + 1))
      fi
      word+=$c
      case $c in [*?[\]\\]) pattern+="\\$c" ;; *) pattern+=$c ;; esac
      continue
    fi
    case $c in
      '' | ' ' | $'\t' | $'\n' | $'\r')
        if [ "$started" -eq 1 ]; then
          if [ "$glob" -eq 1 ] && [ "${word:0:1}" != - ]; then
            # Unquoted on purpose: this is where the glob is expanded, and only here.
            # shellcheck disable=SC2206
            matches=($pattern)
            if [ "${#matches[@]}" -eq 0 ]; then
              annotate_error "args: no file in the workspace matches $word"
              return 1
            fi
            args+=("${matches[@]}")
          else
            args+=("$word")
          fi
        fi
        [ -z "$c" ] && return 0
        word="" pattern="" glob=0 started=0
        ;;
      "'" | '"')
        quote=$c
        started=1
        ;;
      "\\")
        c=${text:i:1}
        i=$((i + 1))
        # A backslash before a line break joins the lines.
        if [ "$c" != $'\n' ] && [ -n "$c" ]; then
          word+=$c
          case $c in [*?[\]\\]) pattern+="\\$c" ;; *) pattern+=$c ;; esac
          started=1
        fi
        ;;
      *)
        word+=$c
        pattern+=$c
        case $c in [*?[]) glob=1 ;; esac
        started=1
        ;;
    esac
  done
}
# A glob that matches nothing expands to nothing (and is reported above); ** crosses
# directories (bash 4 and later).
shopt -s nullglob
shopt -s globstar 2>/dev/null
parse_args "${INPUT_ARGS-.}" || exit 2
shopt -u nullglob globstar 2>/dev/null

# `diff-base`: report only what the branch changed since it forked from the base, that is the
# diff from the merge base, so that a base branch that moved on (and fixed a term this branch
# did not touch) blames nobody.
diff=()
base=${INPUT_DIFF_BASE:-}
if [ -n "$base" ]; then
  fetch_hint="Check out with actions/checkout's fetch-depth: 0, which brings the base branch and the history back to where this branch forked (or fetch the base branch and enough history before this step)."
  if ! base_commit=$(git rev-parse --verify --quiet --end-of-options "$base^{commit}" 2>/dev/null); then
    annotate_error "diff-base: cannot find $base in this clone. $fetch_hint"
    exit 2
  fi
  if ! fork_point=$(git merge-base "$base_commit" HEAD 2>/dev/null); then
    annotate_error "diff-base: HEAD and $base have no commit in common in this clone, so ally cannot tell what this branch changed; the clone is probably shallow. $fetch_hint"
    exit 2
  fi
  diff=(--diff "$fork_point")
fi

# `sarif-file`: unset means the default, in the runner's temporary directory so that no later
# run in this workspace checks it; an empty value turns SARIF off. A path inside the workspace
# is never checked, as ally leaves out every report it writes.
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
work=$(mktemp -d "$temp/ally.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
sarif=${INPUT_SARIF_FILE-$temp/ally.sarif}
if [ "$sarif" != "${sarif//$'\n'/}" ]; then
  annotate_error "sarif-file: the path must be on one line"
  exit 2
fi
[ -n "$sarif" ] && [ "${sarif:0:1}" != / ] && sarif=$PWD/$sarif

reports=(--report "json=$work/report.json")
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && reports+=(--report "markdown=$work/summary.md")
if [ -n "$sarif" ]; then
  # A report left by an earlier run must not pass for this run's if this one stops early.
  rm -f -- "$sarif"
  reports+=(--report "sarif=$sarif")
fi

# `check-pull-request`: the title and description of the pull request this run is for.
messages=()
case ${GITHUB_EVENT_NAME:-} in
  pull_request | pull_request_target)
    if [ "${INPUT_CHECK_PULL_REQUEST:-true}" = true ] && [ -n "${GITHUB_EVENT_PATH:-}" ] &&
      [ -f "$GITHUB_EVENT_PATH" ]; then
      messages=(--pull-request-event "$GITHUB_EVENT_PATH")
    fi
    ;;
esac

# `review-suggestions`: the same findings for reviewdog, in the runner's temporary directory.
rdjson=""
if [ "${INPUT_REVIEW_SUGGESTIONS:-false}" = true ]; then
  rdjson=$temp/ally.rdjson
  rm -f -- "$rdjson"
  reports+=(--report "rdjson=$rdjson")
fi

format=${INPUT_FORMAT:-github}
ally check --format "$format" --fail-on "${INPUT_FAIL_ON:-warning}" \
  ${diff[@]+"${diff[@]}"} ${messages[@]+"${messages[@]}"} "${reports[@]}" \
  ${args[@]+"${args[@]}"}
status=$?

# The counts, from the JSON report's one-line summary object:
# "summary":{"files_checked":1,…,"errors":0,"findings":1,"error":1,"warning":0,"info":0,…}
summary=""
[ -f "$work/report.json" ] && summary=$(grep -o '"summary":{[^}]*}' "$work/report.json" | tail -n 1)
count() {
  if [[ $summary =~ \"$1\":([0-9]+) ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf 0; fi
}
plural() {
  if [ "$1" = 1 ]; then printf '%s %s' "$1" "$2"; else printf '%s %ss' "$1" "$2"; fi
}
if [ -z "$summary" ]; then
  # ally stopped before it reported (bad arguments, a bad config or rule file): it said why
  # on standard error, in the log.
  annotate_error "ally check stopped before it could report (exit status $status); the step's log says why"
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] &&
    echo "ally check stopped before it could report; the step's log says why." >>"$GITHUB_STEP_SUMMARY"
  exit "$status"
fi
[ -n "$sarif" ] && [ ! -f "$sarif" ] && sarif=""

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "errors=$(count error)"
    echo "warnings=$(count warning)"
    echo "info=$(count info)"
    echo "findings=$(count findings)"
    echo "files-checked=$(count files_checked)"
    [ -n "$sarif" ] && echo "sarif-file=$sarif"
    [ -n "$rdjson" ] && [ -f "$rdjson" ] && echo "rdjson-file=$rdjson"
  } >>"$GITHUB_OUTPUT"
fi

# The job summary: ally's markdown report. GitHub shows at most 10 error, 10 warning and 10
# notice annotations per step, so when there are more the summary says that it lists them all.
# GitHub refuses a step summary over 1 MiB; then it gives the counts instead.
wrote=()
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$work/summary.md" ]; then
  {
    if [ "$format" = github ] && {
      [ $(($(count error) + $(count errors))) -gt 10 ] ||
        [ "$(count warning)" -gt 10 ] || [ "$(count info)" -gt 10 ]
    }; then
      echo "> GitHub shows at most 10 annotations of each kind on a pull request, so not all"
      echo "> $(count findings) findings are marked there. All of them are listed here."
      echo
    fi
    if [ "$(wc -c <"$work/summary.md")" -le $((1024 * 1024 - 1024)) ]; then
      cat "$work/summary.md"
      wrote+=("the full report is in the job summary")
    else
      echo "ally found $(plural "$(count findings)" finding) in $(plural "$(count files_checked)" file),"
      echo "too many to list in a job summary (GitHub takes at most 1 MiB per step). The step's log"
      echo "lists them."
      wrote+=("the job summary has the counts")
    fi
  } >>"$GITHUB_STEP_SUMMARY"
fi
[ -n "$sarif" ] && wrote+=("the SARIF report is $sarif")
if [ "${#wrote[@]}" -gt 0 ]; then
  line="ally: ${wrote[0]}"
  [ "${#wrote[@]}" -gt 1 ] && line+=", and ${wrote[1]}"
  echo "$line"
fi
exit "$status"
