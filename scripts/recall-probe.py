#!/usr/bin/env python3
"""Estimates ally's recall on the public repositories of benches/real-world/manifest.toml.

    scripts/recall-probe.py RUN --trees DIR --terms FILE [--ally PATH] [--sample N] [--seed S]
                            [--out FILE] [--labels FILE] [--precision-labels FILE]

RUN is a directory written by `scripts/real-world.py run` (NAME.json for each repository),
DIR holds the checked-out repositories (DIR/NAME) and FILE the terms of the pack, one per line,
as `ally rules --export-terms` prints them.

For each repository, ripgrep looks for every term as a whole word, ignoring case, over the
tree, honouring .gitignore as ally does and including hidden files but not `.git/`
(`rg -i -w -F -f TERMS --hidden --json`). A grep hit is covered when ally reported a finding of
any severity on the same path and line whose column range overlaps the hit; every other hit is
a miss. Misses are split by what the script can tell about them:

    line-has-finding   ally reported something else on that line (another term or a longer span)
    file-has-findings  ally reported findings in the file, none on that line
    file-silent        ally reported nothing in the file; without --ally that is all one knows
    checked-silent     (with --ally) ally checks the file and reports nothing in it
    skipped-vendored, skipped-generated, skipped-binary
                       (with --ally) ally skips the file on purpose, for that reason
    skipped-excluded   (with --ally) ally skips the file for an ignore file or a config glob

--ally PATH runs that ally binary on each file without findings (`ally check FILE` from the
tree, so that ignore files and config apply as in the run) to tell which it skips and why.

--sample N writes N misses chosen at random (seeded by --seed) to --out as JSONL, with the
fields repo, path, line, column, term, class and text (the line, trimmed to 200 characters),
for labelling. The sample is stratified: each repository with misses gets at least a few, the
rest go in proportion to the misses.

--labels FILE reads such a sample once labelled (`"label": "missed"` for a real use ally should
have reported, `"right-to-skip"` otherwise) and estimates recall per repository: the real
misses are the misses times the missed share of the repository's labelled sample, the true
findings are ally's findings times the precision measured in tests/real-world/labels.jsonl (per
repository and bucket when at least 5 of its findings are labelled, else overall), and recall is
true findings / (true findings + real misses). Recall is only against what a word grep of the
terms finds, so it says nothing about inflections or identifiers grep cannot see.

Nothing here is run by the tests; the figures go in the notes.
"""

import argparse
import collections
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "benches" / "real-world" / "manifest.toml"
PRECISION_LABELS = ROOT / "tests" / "real-world" / "labels.jsonl"
MIN_PER_REPOSITORY = 4


def repositories():
    with open(MANIFEST, "rb") as f:
        return [repo["name"] for repo in tomllib.load(f)["repository"]]


def relative(path):
    return path[2:] if path.startswith("./") else path


def sorted_terms(path):
    """The terms, longest first, in a temporary file: ripgrep prefers the first pattern that
    matches at a position, so the longest term is the one a hit reports."""
    with open(path, encoding="utf-8") as f:
        terms = sorted({t.strip() for t in f if t.strip()}, key=lambda t: (-len(t), t))
    handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    handle.write("\n".join(terms) + "\n")
    handle.close()
    return handle.name, {t.lower(): t for t in terms}


def text_of(field):
    if "text" in field:
        return field["text"].encode("utf-8")
    import base64
    return base64.b64decode(field["bytes"])


def grep(tree, terms_file):
    """Every whole-word hit of a term in the tree: (path, line, column, length, matched, text),
    columns in characters from 1 as ally counts them."""
    command = ["rg", "--json", "-i", "-w", "-F", "-f", terms_file, "--hidden", "-g", "!.git/", "."]
    process = subprocess.Popen(command, cwd=tree, stdout=subprocess.PIPE)
    for raw in process.stdout:
        event = json.loads(raw)
        if event["type"] != "match":
            continue
        data = event["data"]
        path = relative(text_of(data["path"]).decode("utf-8", errors="replace"))
        line_bytes = text_of(data["lines"])
        text = line_bytes.decode("utf-8", errors="replace").rstrip("\r\n")
        for sub in data["submatches"]:
            column = len(line_bytes[:sub["start"]].decode("utf-8", errors="replace")) + 1
            matched = line_bytes[sub["start"]:sub["end"]].decode("utf-8", errors="replace")
            yield path, data["line_number"], column, len(matched), matched, text
    process.wait()


def load_findings(path):
    with open(path) as f:
        document = json.load(f)
    by_line = collections.defaultdict(list)
    files = set()
    for finding in document["findings"]:
        path = relative(finding["path"])
        files.add(path)
        for line in range(finding["line"], finding.get("end_line", finding["line"]) + 1):
            by_line[(path, line)].append(finding)
    return document, by_line, files


def covers(finding, line, column, length):
    start = (finding["line"], finding["column"])
    end_line = finding.get("end_line", finding["line"])
    if "end_column" not in finding:
        return finding["line"] <= line <= end_line
    end = (end_line, finding["end_column"])
    return start < (line, column + length) and (line, column) < end


def ask_ally(ally, tree, path):
    """Why ally reports nothing in a file: it checks it, or it skips it and for what."""
    result = subprocess.run(
        [ally, "check", "--format", "json", "--fail-on", "never", "-j", "1", path],
        cwd=tree, capture_output=True,
    )
    try:
        summary = json.loads(result.stdout)["summary"]
    except (ValueError, KeyError):
        return "checked-silent"
    if summary["files_checked"]:
        return "checked-silent"
    for kind in ("vendored", "generated", "binary"):
        if summary.get(f"skipped_{kind}"):
            return f"skipped-{kind}"
    return "skipped-excluded"


def probe(args):
    terms_file, canonical = sorted_terms(args.terms)
    misses = collections.defaultdict(list)
    rows = []
    try:
        for name in repositories():
            run_path = Path(args.run) / f"{name}.json"
            tree = Path(args.trees) / name
            if not run_path.exists() or not tree.exists():
                continue
            document, by_line, files = load_findings(run_path)
            counts = collections.Counter()
            classes = collections.Counter()
            silent_files = {}
            for path, line, column, length, matched, text in grep(tree, terms_file):
                counts["hits"] += 1
                findings = by_line.get((path, line), [])
                if any(covers(f, line, column, length) for f in findings):
                    counts["covered"] += 1
                    continue
                if findings:
                    kind = "line-has-finding"
                elif path in files:
                    kind = "file-has-findings"
                elif args.ally:
                    if path not in silent_files:
                        silent_files[path] = ask_ally(args.ally, tree, path)
                    kind = silent_files[path]
                else:
                    kind = "file-silent"
                classes[kind] += 1
                term = canonical.get(matched.lower(), matched.lower())
                misses[name].append({
                    "repo": name, "path": path, "line": line, "column": column, "term": term,
                    "class": kind, "text": text.strip()[:200],
                })
            terms = collections.Counter(m["term"] for m in misses[name])
            rows.append((name, document["summary"], counts, classes, terms))
    finally:
        os.unlink(terms_file)

    print(f"{'repository':<20} {'findings':>8} {'hits':>7} {'covered':>7} {'misses':>7}  misses by class; top terms")
    total = collections.Counter()
    for name, summary, counts, classes, terms in rows:
        total.update(counts)
        misses_here = counts["hits"] - counts["covered"]
        total["misses"] += misses_here
        total["findings"] += summary["findings"]
        print(f"{name:<20} {summary['findings']:>8} {counts['hits']:>7} {counts['covered']:>7} {misses_here:>7}  "
              f"{dict(classes.most_common())}; {dict(terms.most_common(6))}")
    print(f"{'all':<20} {total['findings']:>8} {total['hits']:>7} {total['covered']:>7} {total['misses']:>7}")

    if args.sample:
        chosen = stratified(misses, args.sample, random.Random(args.seed))
        out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
        for miss in chosen:
            out.write(json.dumps(miss, ensure_ascii=False) + "\n")
        if args.out:
            out.close()
            print(f"\n{len(chosen)} misses sampled (seed {args.seed}) to {args.out}")

    if args.labels:
        estimate(args, {name: len(misses[name]) for name, *_ in rows},
                 {name: summary for name, summary, *_ in rows})


def stratified(misses, n, rng):
    """n misses: at least MIN_PER_REPOSITORY from each repository that has them, the rest in
    proportion to each repository's misses (largest remainder), in manifest order."""
    sizes = {name: len(items) for name, items in misses.items() if items}
    quota = {name: min(size, MIN_PER_REPOSITORY) for name, size in sizes.items()}
    left = n - sum(quota.values())
    spare = {name: sizes[name] - quota[name] for name in sizes}
    pool = sum(spare.values())
    if left > 0 and pool:
        shares = {name: left * spare[name] / pool for name in sizes}
        for name in sizes:
            quota[name] += min(spare[name], math.floor(shares[name]))
        rest = n - sum(quota.values())
        for name in sorted(sizes, key=lambda k: shares[k] - math.floor(shares[k]), reverse=True):
            if rest <= 0:
                break
            if quota[name] < sizes[name]:
                quota[name] += 1
                rest -= 1
    chosen = []
    for name in misses:
        if quota.get(name):
            picked = rng.sample(misses[name], quota[name])
            chosen.extend(sorted(picked, key=lambda m: (m["path"], m["line"], m["column"])))
    return chosen


def measured_precision(args):
    """Precision per (repository, bucket) from the labelled findings the run still reports,
    with the overall figure under "all"."""
    labelled = {}
    with open(args.precision_labels) as f:
        for line in f:
            if line.strip():
                l = json.loads(line)
                labelled[(l["repo"], l["path"], l["line"], l["column"], l["rule"])] = l
    counts = collections.defaultdict(collections.Counter)
    for name in repositories():
        path = Path(args.run) / f"{name}.json"
        if not path.exists():
            continue
        with open(path) as f:
            findings = json.load(f)["findings"]
        for finding in findings:
            bucket = "info" if finding["severity"] == "info" else "warn+err"
            key = (name, relative(finding["path"]), finding["line"], finding["column"], finding["rule"])
            label = labelled.get(key)
            if label is None:
                continue
            right = label["label"] == "right" or (
                label.get("cause") in ("external-name", "not-authored") and "external" in finding)
            for who in (name, "all"):
                counts[(who, bucket)]["labelled"] += 1
                counts[(who, bucket)]["right"] += right
    return {key: c["right"] / c["labelled"] for key, c in counts.items() if c["labelled"]}, counts


def estimate(args, misses, summaries):
    with open(args.labels) as f:
        labelled = [json.loads(line) for line in f if line.strip()]
    shares, counts = measured_precision(args)
    sample = collections.defaultdict(collections.Counter)
    for l in labelled:
        sample[l["repo"]]["sampled"] += 1
        sample[l["repo"]][l["label"]] += 1
    print(f"\n{'repository':<20} {'true':>8} {'misses':>7} {'sampled':>7} {'missed':>6} {'real misses':>11} {'recall':>7}")
    total = collections.Counter()
    for name, summary in summaries.items():
        true = 0.0
        for bucket, found in (("warn+err", summary["error"] + summary["warning"]), ("info", summary["info"])):
            key = (name, bucket)
            share = shares[key] if counts[key]["labelled"] >= 5 else shares.get(("all", bucket), 1.0)
            true += found * share
        s = sample[name]
        real = misses[name] * s["missed"] / s["sampled"] if s["sampled"] else 0.0
        recall = true / (true + real) if true + real else float("nan")
        total.update({"true": true, "misses": misses[name], "sampled": s["sampled"], "missed": s["missed"], "real": real})
        print(f"{name:<20} {true:>8.0f} {misses[name]:>7} {s['sampled']:>7} {s['missed']:>6} {real:>11.0f} {recall:>7.2f}")
    recall = total["true"] / (total["true"] + total["real"]) if total["true"] + total["real"] else float("nan")
    print(f"{'all':<20} {total['true']:>8.0f} {total['misses']:>7} {total['sampled']:>7} {total['missed']:>6} "
          f"{total['real']:>11.0f} {recall:>7.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run")
    parser.add_argument("--trees", required=True)
    parser.add_argument("--terms", required=True)
    parser.add_argument("--ally")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out")
    parser.add_argument("--labels")
    parser.add_argument("--precision-labels", default=str(PRECISION_LABELS))
    probe(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
