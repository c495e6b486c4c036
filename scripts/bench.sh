#!/usr/bin/env bash
# Whole-process benchmark: `ally check` against ripgrep searching the same terms, each workload
# timed in one run that takes turns between the two tools, so that the ratio is taken under the
# same conditions.
#
# Usage: scripts/bench.sh [--quick] [--scale]
#
#   --quick    3 timed runs instead of 10 (for a first look)
#   --scale    also generate a tree of 200,000 small files and files of 512 MB and 1 GB, and
#              time both tools on them (needs about 2.5 GB of disk)
#
# Installs Debian's linux-source, ripgrep and hyperfine if they are missing (with sudo when not
# root) and extracts the kernel once. Prints the versions of both tools and of the corpus, each
# workload's times, and then one row per performance target with whether it holds:
#
#   whole Linux tree, ally / ripgrep                 <= 0.8
#   Documentation/, ally / ripgrep                   <= 0.25
#   one small file (start-up), ally / ripgrep        <= 1.5
#   peak memory on the whole tree                    < 100 MB
#   1 MB and 2 MB of `whitelist ` repeated           in every format, at least 10x faster than
#                                                    9.7 s and 23 s, 2 MB at most 2.2x 1 MB,
#                                                    under 100 MB
#   with --scale: 200,000 small files and a 1 GB     ally / ripgrep <= 1; the 1 GB file at most
#   file                                             2.2x the 512 MB one; under 100 MB
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

results=$bench/results.txt
: >"$results"
# One row of the final table: the workload, the figure, the target, and whether it holds.
row() { printf '%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" >>"$results"; }
# Evaluates a Python expression and prints yes or NO.
holds() { python3 -c "print('yes' if $1 else 'NO')"; }
calc() { python3 -c "print($1)"; }

# Files and bytes a tool reads: the files the walk yields (ripgrep's walk skips the same ones).
size_of() {
    rg --files "$1" -0 | xargs -0 stat -c %s | awk '{ n++; s += $1 } END { print n, s }'
}

# Peak resident memory in MB of one run of a command.
peak_mb() {
    /usr/bin/time -f '%M' -o "$bench/time.txt" "$@" >/dev/null 2>&1 || true
    # The last line: before it, time notes a non-zero exit status (ally's 1 for findings).
    awk 'END { printf "%.1f", $1 / 1024 }' "$bench/time.txt"
}

# Times ally and ripgrep on one path, taking turns: ally, ripgrep, ally, ripgrep… This machine's
# speed drifts over a minute, and a hyperfine run that times one tool's runs and then the
# other's compares them under different conditions; taking turns lets both see the same
# drift. Prints both and sets `ratio` (ally's median time over ripgrep's), `ally_median` and
# `ally_mem`.
compare() {
    local name=$1 path=$2 count=$3
    local ally_cmd=("$ally" check --format json "$path")
    local rg_cmd=(rg -i -w -c -F -f "$terms" "$path")
    say "timing $name: $count runs each, taking turns"
    python3 "$bench/turns.py" "$bench/$name.json" "$count" "${#ally_cmd[@]}" "${ally_cmd[@]}" "${rg_cmd[@]}"
    ally_mem=$(peak_mb "${ally_cmd[@]}")
    local rg_mem files bytes
    rg_mem=$(peak_mb "${rg_cmd[@]}")
    read -r files bytes < <(size_of "$path")
    read -r ratio ally_median < <(python3 - "$bench/$name.json" "$name" "$files" "$bytes" "$ally_mem" "$rg_mem" <<'EOF'
import json, sys
path, name, files, size, ally_mem, rg_mem = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
ally, rg = results["ally"], results["ripgrep"]
out = sys.stderr
print(f"{name}: {int(files)} files, {int(size) / 1e6:.0f} MB", file=out)
for label, r, mem in (("ally", ally, ally_mem), ("ripgrep", rg, rg_mem)):
    print(f"  {label:8} {r['median']:7.3f} s median ({r['mean']:.3f} s ± {r['stddev']:.3f} mean)   peak {mem} MB", file=out)
print(f"  ratio    {ally['median'] / rg['median']:.3f}x ripgrep's median time", file=out)
# Three decimals, so that a ratio just above a target is not rounded down onto it.
print(f"{ally['median'] / rg['median']:.3f} {ally['median']:.3f}")
EOF
    )
}

# The timer `compare` runs: one warm-up run of each command, then `count` rounds of one run
# each, in turn; writes each command's times (wall, user, system), mean, median and standard
# deviation as JSON.
cat >"$bench/turns.py" <<'EOF'
import json, os, statistics, subprocess, sys, time

out, count, split = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
commands = {"ally": sys.argv[4:4 + split], "ripgrep": sys.argv[4 + split:]}

def once(command):
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_utime, usage.ru_stime

for command in commands.values():
    once(command)
runs = {name: [] for name in commands}
for _ in range(count):
    for name, command in commands.items():
        runs[name].append(once(command))
results = []
for name, times in runs.items():
    walls = [t[0] for t in times]
    results.append({
        "command": name,
        "times": walls,
        "user": [t[1] for t in times],
        "system": [t[2] for t in times],
        "mean": statistics.mean(walls),
        "median": statistics.median(walls),
        "stddev": statistics.stdev(walls) if len(walls) > 1 else 0.0,
    })
with open(out, "w") as file:
    json.dump({"results": results}, file, indent=1)
EOF

echo "$(nproc) CPUs; $(wc -l <"$terms") terms; $(rg --version | sed -n 1p); $("$ally" --version); corpus $version"

compare kernel "$tree" "$runs"
row "whole Linux tree, ally / ripgrep" "${ratio}x" "<= 0.8" "$(holds "$ratio <= 0.8")"
row "peak memory, whole tree" "$ally_mem MB" "< 100 MB" "$(holds "$ally_mem < 100")"
compare documentation "$tree/Documentation" "$runs"
row "Documentation/, ally / ripgrep" "${ratio}x" "<= 0.25" "$(holds "$ratio <= 0.25")"

# Start-up: one small file, the pre-commit hook's usual job.
small=$bench/small.md
printf '# Notes\n\nAdd the host to the allowlist before the release.\n' >"$small"
say "timing start-up on one small file"
hyperfine --style none --warmup 3 --runs 50 --shell=none --ignore-failure \
    --export-json "$bench/startup.json" \
    --command-name ally "$ally check $small" \
    --command-name ripgrep "rg -i -w -c -F -f $terms $small" >&2
startup=$(python3 - "$bench/startup.json" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ally, rg = results["ally"], results["ripgrep"]
print(f"start-up: ally {ally['mean'] * 1000:.1f} ms, ripgrep {rg['mean'] * 1000:.1f} ms", file=sys.stderr)
print(f"{ally['mean'] / rg['mean']:.2f}")
EOF
)
row "one small file, ally / ripgrep" "${startup}x" "<= 1.5" "$(holds "$startup <= 1.5")"

# Many findings on one line (100,000 and 200,000), in every output format.
for size in 1 2; do
    dense=$bench/whitelist-${size}mb.txt
    [[ -f $dense ]] || python3 -c "import sys; open(sys.argv[1], 'w').write('whitelist ' * $size * 100000)" "$dense"
done
# The formats, as the error for an unknown one lists them.
formats=$({ "$ally" check --format '?' . 2>&1 || true; } | sed -n 's/.*possible values: \(.*\)]/\1/p' | tr -d ,)
worst_one=0 worst_two=0 worst_growth=0 worst_mem=0
for format in $formats; do
    /usr/bin/time -f '%e %M' -o "$bench/one.txt" "$ally" check --format "$format" "$bench/whitelist-1mb.txt" >/dev/null 2>&1 || true
    /usr/bin/time -f '%e %M' -o "$bench/two.txt" "$ally" check --format "$format" "$bench/whitelist-2mb.txt" >/dev/null 2>&1 || true
    read -r one _ < <(tail -n 1 "$bench/one.txt")
    read -r two two_kb < <(tail -n 1 "$bench/two.txt")
    say "many findings, $format: 1 MB in $one s, 2 MB in $two s, peak $((two_kb / 1024)) MB"
    worst_one=$(calc "max($worst_one, $one)")
    worst_two=$(calc "max($worst_two, $two)")
    worst_growth=$(calc "round(max($worst_growth, $two / max($one, 0.01)), 2)")
    worst_mem=$(calc "max($worst_mem, $two_kb // 1024)")
done
row "1 MB of 'whitelist ', slowest format" "$worst_one s, $(calc "round(9.7 / max($worst_one, 0.01))")x faster than 9.7 s" ">= 10x" "$(holds "9.7 / max($worst_one, 0.01) >= 10")"
row "2 MB of 'whitelist ', slowest format" "$worst_two s, $(calc "round(23 / max($worst_two, 0.01))")x faster than 23 s" ">= 10x" "$(holds "23 / max($worst_two, 0.01) >= 10")"
row "2 MB / 1 MB of 'whitelist ', worst format" "${worst_growth}x" "<= 2.2 (linear)" "$(holds "$worst_growth <= 2.2")"
row "peak memory, many findings" "$worst_mem MB" "< 100 MB" "$(holds "$worst_mem < 100")"

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
    for megabytes in 512 1024; do
        large=$bench/large-${megabytes}mb.txt
        [[ -f $large ]] && continue
        say "generating a $megabytes MB file"
        python3 - "$large" "$megabytes" <<'EOF'
import sys
line = "The quick brown fox jumps over the lazy dog, and then some words follow here.\n"
term = "A line that mentions the whitelist once, in the middle of ordinary words.\n"
block = (line * 49999 + term).encode()
with open(sys.argv[1], "wb") as out:
    for _ in range((int(sys.argv[2]) << 20) // len(block) + 1):
        out.write(block)
EOF
    done
    scale_runs=$((runs < 5 ? runs : 5))
    compare many-files "$many" "$scale_runs"
    row "200,000 small files, ally / ripgrep" "${ratio}x" "<= 1" "$(holds "$ratio <= 1")"
    compare large-512mb "$bench/large-512mb.txt" "$scale_runs"
    half=$ally_median
    compare large-1gb "$bench/large-1024mb.txt" "$scale_runs"
    row "1 GB file, ally / ripgrep" "${ratio}x" "<= 1" "$(holds "$ratio <= 1")"
    row "1 GB / 512 MB, ally" "$(calc "round($ally_median / $half, 2)")x" "<= 2.2 (linear)" "$(holds "$ally_median / $half <= 2.2")"
    row "peak memory, 1 GB file" "$ally_mem MB" "< 100 MB" "$(holds "$ally_mem < 100")"
    # 1.5 GB of large files would push part of the kernel tree out of a small page cache and
    # leave the next run's first rows timing the disk; they are quick to make again.
    rm -f "$bench/large-512mb.txt" "$bench/large-1024mb.txt"
fi

echo
python3 - "$results" <<'EOF'
import sys
header = ["workload", "measured", "target", "holds"]
rows = [header] + [line.rstrip("\n").split("|") for line in open(sys.argv[1])]
widths = [max(len(r[i]) for r in rows) for i in range(4)]
for r in rows:
    print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
EOF
