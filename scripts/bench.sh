#!/usr/bin/env bash
# Whole-process benchmark: `ally check` against ripgrep searching the same terms, on the Linux
# kernel tree and on its prose-heavy Documentation/ folder, timed in one hyperfine run each so
# the ratio is taken under the same conditions.
#
# Usage: scripts/bench.sh [--quick] [--scale]
#
#   --quick    3 timed runs instead of 10 (for a first look)
#   --scale    also generate a tree of 200,000 small files and a single 1 GB file, and report
#              ally's time and peak memory on each (needs about 2 GB of disk)
#
# Installs Debian's linux-source, ripgrep and hyperfine if they are missing (with sudo when not
# root), extracts the kernel into target/bench/ once, and prints for each tree: mean wall time of
# both tools, their ratio, files/s and MB/s for ally, and the peak memory of both.
#
# Environment: ALLY_BENCH_DIR (default ally-bench in the temporary directory) holds the
# extracted tree and the results. It must be outside this repository: inside, the
# repository's .gitignore (target/) hides the tree from both tools, which then time nothing.

set -euo pipefail

runs=10
scale=false
for argument in "$@"; do
    case $argument in
        --quick) runs=3 ;;
        --scale) scale=true ;;
        *)
            printf 'usage: %s [--quick] [--scale]\n' "$0" >&2
            exit 2
            ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${ALLY_BENCH_DIR:-${TMPDIR:-/tmp}/ally-bench}
mkdir -p "$bench"

say() { printf '%s\n' "$*" >&2; }

# --- Tools -----------------------------------------------------------------------------------

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
compgen -G '/usr/src/linux-source-*.tar.xz' >/dev/null || missing+=(linux-source)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    say "installing: ${missing[*]}"
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- Corpus ----------------------------------------------------------------------------------

archive=$(ls /usr/src/linux-source-*.tar.xz | sort -V | tail -n 1)
version=$(basename "$archive" .tar.xz)
tree=$bench/$version
if [[ ! -d $tree ]]; then
    say "extracting $archive into $bench"
    tar -xf "$archive" -C "$bench"
fi

# --- ally ------------------------------------------------------------------------------------

say "building ally (release)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
ally=$root/target/release/ally
terms=$bench/terms.txt
"$ally" rules --export-terms >"$terms"

# --- Measurements ----------------------------------------------------------------------------

# Files and bytes ally reads: the files the walk yields (ripgrep's walk skips the same ones).
size_of() {
    rg --files "$1" -0 | xargs -0 stat -c %s | awk '{ n++; s += $1 } END { print n, s }'
}

# Peak resident memory in MB of one run of a command.
peak_mb() {
    /usr/bin/time -f '%M' -o "$bench/time.txt" "$@" >/dev/null 2>&1 || true
    # The last line: before it, time notes a non-zero exit status (ally's 1 for findings).
    awk 'END { printf "%.1f", $1 / 1024 }' "$bench/time.txt"
}

measure() {
    local name=$1 path=$2
    local ally_cmd=("$ally" check --format json "$path")
    local rg_cmd=(rg -i -w -c -F -f "$terms" "$path")
    say "timing $name: $runs runs each"
    hyperfine --style none --warmup 1 --runs "$runs" --ignore-failure \
        --export-json "$bench/$name.json" \
        --command-name ally "$(printf '%q ' "${ally_cmd[@]}") >/dev/null" \
        --command-name ripgrep "$(printf '%q ' "${rg_cmd[@]}") >/dev/null" >&2
    read -r files bytes < <(size_of "$path")
    local ally_mem rg_mem findings
    ally_mem=$(peak_mb "${ally_cmd[@]}")
    rg_mem=$(peak_mb "${rg_cmd[@]}")
    findings=$("${ally_cmd[@]}" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["findings"])' || true)
    python3 - "$bench/$name.json" "$name" "$files" "$bytes" "$ally_mem" "$rg_mem" "$findings" <<'EOF'
import json, sys
path, name, files, size, ally_mem, rg_mem, findings = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
ally, rg = results["ally"], results["ripgrep"]
files, size = int(files), int(size)
print(f"{name}: {files} files, {size / 1e6:.0f} MB, {findings} findings")
print(f"  ally     {ally['mean']:7.3f} s ± {ally['stddev']:.3f}   peak {ally_mem} MB")
print(f"  ripgrep  {rg['mean']:7.3f} s ± {rg['stddev']:.3f}   peak {rg_mem} MB")
print(f"  ratio    {ally['mean'] / rg['mean']:.2f}x ripgrep's time")
print(f"  ally     {files / ally['mean']:,.0f} files/s, {size / 1e6 / ally['mean']:,.0f} MB/s")
EOF
}

say "$(nproc) CPUs; $(wc -l <"$terms") terms; $(rg --version | sed -n 1p); $("$ally" --version)"
measure kernel "$tree"
measure documentation "$tree/Documentation"

# Start-up: one small file, the pre-commit hook's usual job.
small=$bench/small.md
printf '# Notes\n\nAdd the host to the allowlist before the release.\n' >"$small"
say "timing start-up on one small file"
hyperfine --style none --warmup 3 --runs 50 --shell=none \
    --export-json "$bench/startup.json" "$ally check $small" >&2
python3 - "$bench/startup.json" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))["results"][0]
print(f"start-up: one small file in {result['mean'] * 1000:.1f} ms ± {result['stddev'] * 1000:.1f}")
EOF

if $scale; then
    many=$bench/many-files
    if [[ ! -d $many ]]; then
        say "generating 200,000 small files"
        python3 - "$many" <<'EOF'
import os, sys
root = sys.argv[1]
for d in range(400):
    folder = os.path.join(root, f"d{d:03}")
    os.makedirs(folder)
    for f in range(500):
        with open(os.path.join(folder, f"f{f:03}.md"), "w") as out:
            out.write(f"# Note {d}-{f}\n\nSome ordinary prose about the project.\n")
            if f % 100 == 0:
                out.write("Add the host to the whitelist.\n")
EOF
    fi
    large=$bench/large.txt
    if [[ ! -f $large ]]; then
        say "generating a 1 GB file"
        python3 - "$large" <<'EOF'
import sys
line = "The quick brown fox jumps over the lazy dog, and then some words follow here.\n"
term = "A line that mentions the whitelist once, in the middle of ordinary words.\n"
block = (line * 49999 + term).encode()
with open(sys.argv[1], "wb") as out:
    for _ in range((1 << 30) // len(block) + 1):
        out.write(block)
EOF
    fi
    for input in "$many" "$large"; do
        /usr/bin/time -f '%e %M' -o "$bench/time.txt" "$ally" check --format json "$input" \
            >"$bench/scale.json" 2>/dev/null || true
        read -r seconds kilobytes < <(tail -n 1 "$bench/time.txt")
        python3 - "$bench/scale.json" "$input" "$seconds" "$kilobytes" <<'EOF'
import json, os, sys
path, name, seconds, kilobytes = sys.argv[1:]
summary = json.load(open(path))["summary"]
print(f"scale: {os.path.basename(name)}: {summary['files_checked']} files, "
      f"{summary['findings']} findings in {float(seconds):.2f} s, peak {int(kilobytes) / 1024:.1f} MB")
EOF
    done
fi
