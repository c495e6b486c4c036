#!/usr/bin/env bash
# Validates ally's SARIF with Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool), run
# with the SARIF rules and GitHub code scanning's rules (`--rule-kind "Sarif;Gh"`), on a tree that
# holds what SARIF finds hardest to say: an absolute path argument, a file name that needs
# percent-encoding, repeated identical findings, a .docx document, a finding in a file name and a
# path that does not exist. Fails on any error or warning the Multitool reports.
#
# Usage: tests/integrations/sarif-multitool.sh [path/to/ally]   (default: the `ally` on PATH)
# It builds nothing. It needs node and npm to install the Multitool into a temporary directory;
# the Multitool itself then runs offline.
set -euo pipefail

# shellcheck source=npm.sh
source "$(dirname "$0")/npm.sh"

version=${SARIF_MULTITOOL_VERSION:-5.7.0}
npm_install "@microsoft/sarif-multitool@$version"
# The package's launcher passes its arguments through a shell, which would split `Sarif;Gh` at
# the `;`: run the platform's binary, whose path the package exports, directly.
multitool=$(cd "$work/npm" && node -p "require('@microsoft/sarif-multitool')")
export DOTNET_CLI_TELEMETRY_OPTOUT=1

project="$work/project"
mkdir -p "$project/my docs"
git init -q "$project"
twice=$'whitelist and whitelist\nwhitelist and whitelist\n'
printf '%s' "$twice" > "$project/my docs/ü file #1 100%.md"
printf '%s' "$twice" > "$project/copy.md"
cp "$here/tests/fixtures/policy/handbook.docx" "$project/"
printf 'Nothing here.\n' > "$project/blacklist-notes.txt"

echo "== ally check --format sarif on the edge tree"
set +e
(cd "$project" && "$ally" check --format sarif --check-filenames "$project/my docs" copy.md \
  handbook.docx blacklist-notes.txt missing.md > "$work/edge.sarif" 2> "$work/ally.stderr")
status=$?
set -e
if [ "$status" -ne 2 ]; then
  cat "$work/ally.stderr" >&2
  echo "FAIL: ally exited with $status; expected 2 for the missing path" >&2
  exit 1
fi
# A broken report must not pass for lack of results: 4 + 4 duplicates, 6 in the .docx and one
# file name. (The `${…}` below are JavaScript's, hence SC2016.)
# shellcheck disable=SC2016
node -e '
  const run = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
  if (run.results.length !== 15) {
    console.error(`FAIL: ${run.results.length} results, expected 15`);
    process.exit(1);
  }' "$work/edge.sarif"

echo "== sarif-multitool validate --rule-kind \"Sarif;Gh\""
if ! "$multitool" validate "$work/edge.sarif" --rule-kind "Sarif;Gh" --level "Error;Warning;Note" \
  --output "$work/validation.sarif" --log ForceOverwrite > "$work/multitool.log" 2>&1; then
  cat "$work/multitool.log" >&2
  echo "FAIL: the Multitool did not run" >&2
  exit 1
fi
# The Multitool exits 0 whatever it finds; its findings are in its own SARIF log. A result
# without a level is a warning (SARIF 2.1.0 §3.27.10).
# shellcheck disable=SC2016
node -e '
  const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const results = log.runs.flatMap((run) => run.results || []);
  const level = (r) => r.level || "warning";
  const count = (l) => results.filter((r) => level(r) === l).length;
  console.log(`${count("error")} errors, ${count("warning")} warnings, ${count("note")} notes`);
  process.exit(count("error") + count("warning") > 0 ? 1 : 0);
' "$work/validation.sarif" || {
  grep -E ': (error|warning) ' "$work/multitool.log" >&2 || true
  echo "FAIL: the Multitool reported errors or warnings" >&2
  exit 1
}
echo "ok: the SARIF Multitool accepts ally's SARIF"
