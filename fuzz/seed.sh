#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs taken from the repository (test fixtures,
# rule files, documentation) and from fuzz/seeds/. The corpus is not committed; run this once
# before the first `cargo fuzz run`, and again whenever the fixtures change. Existing corpus
# files are kept, so what the fuzzer has learned is not lost.
set -euo pipefail
cd "$(dirname "$0")"
repo=..

# Copies each FILE to corpus/TARGET/, named after its path. With NAMED=1 in the environment,
# the file's name goes on the first line, which picks the language or format.
add() {
    local target=$1 out
    shift
    mkdir -p "corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] || continue
        out="corpus/$target/seed-$(echo "${file#"$repo"/}" | tr '/' '_')"
        if [ "${NAMED:-0}" = 1 ]; then
            { basename "$file"; cat "$file"; } >"$out"
        else
            cp "$file" "$out"
        fi
    done
}

languages=$(find "$repo/tests/languages" -type f ! -name '*.expected' | sort)
add markdown "$repo"/README.md "$repo"/docs/*.md "$repo"/tests/corpus/README.md \
    "$repo"/tests/languages/markdown.md "$repo"/tests/fixtures/*/*.md
add html "$repo"/tests/languages/html.html seeds/html/*
code=()
markup=()
data=()
for file in $languages; do
    case "$file" in
    *.md | *.html) ;;
    *.rst | *.adoc | *.xml | *.txt) markup+=("$file") ;;
    *.yaml | *.jsonc | *.toml | *.ini | *.csv) data+=("$file") code+=("$file") ;;
    *) code+=("$file") ;;
    esac
done
NAMED=1 add data "${data[@]}" "$repo"/Cargo.toml "$repo"/fuzz/Cargo.toml
NAMED=1 add code "${code[@]}" "$repo"/tests/fixtures/tour/replica.rs "$repo"/src/extract/code.rs
NAMED=1 add markup "${markup[@]}" "$repo"/tests/fixtures/tour/notes.txt
add markup seeds/markup/*
add docx "$repo"/tests/fixtures/policy/*.docx seeds/docx/*
add odt seeds/odt/*
add rules_toml "$repo"/rules/*.toml
add config_toml "$repo"/tests/cmd/*.in/.ally.toml seeds/config_toml/*
add project seeds/project/*
# Each test config as a project, with the rule files it names beside it.
for config in "$repo"/tests/cmd/*.in/.ally.toml; do
    dir=$(dirname "$config")
    out="corpus/project/seed-$(basename "$dir")"
    cp "$config" "$out"
    for rules in "$dir"/*.toml; do
        [ -f "$rules" ] && [ "$(basename "$rules")" != .ally.toml ] || continue
        { echo "--- $(basename "$rules")"; cat "$rules"; } >>"$out"
    done
done
NAMED=1 add fix "${code[@]}" "${markup[@]}" "$repo"/tests/languages/markdown.md \
    "$repo"/tests/languages/html.html "$repo"/tests/fixtures/tour/*
add lsp seeds/lsp/*
for target in corpus/*; do
    echo "$target: $(find "$target" -type f | wc -l) files"
done
