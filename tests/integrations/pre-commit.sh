#!/usr/bin/env bash
# Tests the pre-commit hooks for real: installs pre-commit from PyPI into a virtual environment,
# makes a throwaway git repository with a flagged file, and checks that
#   - the `ally` hook (built from this repository by pre-commit) fails with the finding,
#   - the `ally-system` hook (an `ally` on PATH) passes once the file is fixed,
#   - a staged .docx reaches ally (pre-commit tags it `binary`, not `text`),
#   - a staged file that .allyignore lists is skipped, as `ally check .` skips it,
#   - the `ally-commit-msg-system` hook, installed for commit-msg from this repository's
#     .pre-commit-hooks.yaml, refuses "fix the whitelist check" and lets through a clean
#     message, and one whose term is only in git's `#` lines or below the scissors line.
# Run from anywhere; .ci/run calls it after `cargo test`.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
for attempt in 1 2 3; do
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit && break
  echo "pip install failed (attempt $attempt); retrying" >&2
  sleep 5
done
pre_commit="$work/venv/bin/pre-commit"
export PRE_COMMIT_HOME="$work/cache"

project="$work/project"
git init -q -b main "$project"
cd "$project"
git config user.email ally@example.org
git config user.name "ally tests"
printf 'Add the host to the whitelist.\n' > notes.md
git add notes.md

echo "== the ally hook (language: rust) fails on a whitelist"
# pre-commit builds the hook with `cargo install`, a release build. The hook and its install
# are the real ones; only the optimisation is lowered here, since this test checks the hook,
# not its speed, and an optimised build would be the slowest step of CI.
if CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
  "$pre_commit" try-repo "$here" ally --files notes.md > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "FAIL: the hook passed on a file with a finding" >&2
  exit 1
fi
grep -q 'error\[whitelist\]' "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: no whitelist finding" >&2; exit 1; }
grep -q 'notes.md:1:21' "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: wrong position" >&2; exit 1; }

echo "== after the fix, the ally-system hook passes"
printf 'Add the host to the allowlist.\n' > notes.md
git add notes.md
(cd "$here" && cargo build --quiet --locked)
PATH="$here/target/debug:$PATH" "$pre_commit" try-repo "$here" ally-system --files notes.md

echo "== a staged policy document is checked"
cp "$here/tests/fixtures/policy/handbook.docx" handbook.docx
git add handbook.docx
if PATH="$here/target/debug:$PATH" "$pre_commit" try-repo "$here" ally-system > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "FAIL: the hook passed a .docx with findings" >&2
  exit 1
fi
grep -q 'handbook.docx' "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: the .docx was not checked" >&2; exit 1; }
git rm -q --cached handbook.docx && rm handbook.docx

echo "== a staged file that .allyignore lists is skipped"
mkdir -p drafts
printf 'drafts/\n' > .allyignore
printf 'A whitelist in a draft.\n' > drafts/plan.md
git add .allyignore drafts/plan.md
PATH="$here/target/debug:$PATH" "$pre_commit" try-repo "$here" ally-system > "$work/out.txt" 2>&1 \
  || { cat "$work/out.txt"; echo "FAIL: the hook reported a file that .allyignore lists" >&2; exit 1; }
git rm -q --cached .allyignore drafts/plan.md && rm -r .allyignore drafts

echo "== a commit that adds a blacklist is refused by the installed hook"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: local
    hooks:
      - id: ally
        name: ally
        entry: $here/target/debug/ally check
        language: system
        types: [text]
YAML
git add .pre-commit-config.yaml
"$pre_commit" install --install-hooks > /dev/null
git commit -q -m "clean start" || { echo "FAIL: a clean commit was refused" >&2; exit 1; }
printf 'A new blacklist entry.\n' >> notes.md
git add notes.md
if git commit -q -m "adds a blacklist" > "$work/out.txt" 2>&1; then
  echo "FAIL: the commit with a blacklist went through" >&2
  exit 1
fi
grep -q 'error\[blacklist\]' "$work/out.txt" || { cat "$work/out.txt"; exit 1; }
echo "== the commit-msg hook refuses a message with a term, and only then"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $(git -C "$here" rev-parse HEAD)
    hooks:
      - id: ally-commit-msg-system
YAML
git add .pre-commit-config.yaml
git commit -q --no-verify -m "use the hooks of this repository"
rm -f .git/hooks/pre-commit
PATH="$here/target/debug:$PATH" "$pre_commit" install --hook-type commit-msg > /dev/null
export PATH="$here/target/debug:$PATH"
git commit -q --allow-empty -m "fix the whitelist check" > "$work/out.txt" 2>&1 && {
  cat "$work/out.txt"; echo "FAIL: a message with a whitelist went through" >&2; exit 1; }
grep -q 'error\[whitelist\]' "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: no finding" >&2; exit 1; }
grep -q 'COMMIT_EDITMSG:1:9' "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: wrong position" >&2; exit 1; }
git commit -q --allow-empty -m "fix the allowlist check" > "$work/out.txt" 2>&1 || {
  cat "$work/out.txt"; echo "FAIL: a clean message was refused" >&2; exit 1; }
# `git commit -v` with an editor: git's help in `#` lines, and the staged diff, which adds a
# blacklist, below the scissors line. The editor writes a clean subject and a `#` line of its own.
printf 'A blacklist entry for the diff.\n' >> notes.md
git add notes.md
cat > "$work/editor.sh" <<'EDITOR'
#!/bin/sh
{ printf 'Add an entry to the notes\n# the whitelist and master are mentioned only here\n'; cat "$1"; } > "$1.new"
mv "$1.new" "$1"
EDITOR
chmod +x "$work/editor.sh"
GIT_EDITOR="$work/editor.sh" git commit -q -v > "$work/out.txt" 2>&1 || {
  cat "$work/out.txt"; echo "FAIL: terms in comment lines or below the scissors were reported" >&2; exit 1; }
[ "$(git log -1 --format=%s)" = "Add an entry to the notes" ] || { echo "FAIL: the commit was not made" >&2; exit 1; }
echo "pre-commit hooks: ok"
