#!/usr/bin/env bash
# Validates ally's `--format rdjson` with the Reviewdog Diagnostic Format validator from npm
# (@umbrelladocs/rdformat-validator), strictly and with no fields outside the format, on a tree
# that holds what the format finds hardest: a suggestion that widens to the article before the
# term (`a whitelist` → `an allowlist`), columns after multi-byte characters, a finding without
# a safe replacement, a .docx document, and a run without findings. Fails on any error the
# validator reports.
#
# Usage: tests/integrations/rdjson.sh [path/to/ally]   (default: the `ally` on PATH)
# It builds nothing. It needs node and npm to install the validator into a temporary directory.
set -euo pipefail

# shellcheck source=npm.sh
source "$(dirname "$0")/npm.sh"

version=${RDFORMAT_VALIDATOR_VERSION:-1.0.1}
npm_install "@umbrelladocs/rdformat-validator@$version"
validator=$work/npm/node_modules/.bin/rdformat-validator

project="$work/project"
mkdir -p "$project/docs" "$project/clean"
printf 'Add a whitelist here.\nCafé — the blacklist, and the master copy.\n' > "$project/docs/notes.md"
cp "$here/tests/fixtures/policy/handbook.docx" "$project/docs/"
printf 'Nothing to see.\n' > "$project/clean/ok.md"
cd "$project"

"$ally" check --format rdjson docs > "$work/findings.json" || [ $? -eq 1 ]
"$ally" check --format rdjson clean > "$work/clean.json"
"$validator" --strict --no-extra-fields --verbose "$work/findings.json" "$work/clean.json"

# The suggestions are the rewrites `ally fix` makes, at byte columns.
grep -q '"suggestions":\[{"range":{"end":{"column":16,"line":1},"start":{"column":5,"line":1}},"text":"an allowlist"}\]' "$work/findings.json" \
  || { cat "$work/findings.json"; echo "FAIL: no widened suggestion" >&2; exit 1; }
grep -q '"start":{"column":15,"line":2}},"text":"denylist"' "$work/findings.json" \
  || { cat "$work/findings.json"; echo "FAIL: columns after multi-byte characters are not bytes" >&2; exit 1; }
grep -q '"location":{"path":"docs/handbook.docx"},"message":"paragraph 3, in the body: `blacklist`' "$work/findings.json" \
  || { cat "$work/findings.json"; echo "FAIL: the document's findings are missing" >&2; exit 1; }
echo "rdjson: valid"
