#!/usr/bin/env python3
"""Runs ally on the public repositories of benches/real-world/manifest.toml and compares runs.

    scripts/real-world.py run OUT [--ally PATH] [--trees DIR]
        Checks out each repository at its pinned commit under DIR (default
        $TMPDIR/ally-real-world; an existing checkout is reused) and writes
        OUT/NAME.json, the output of `ally check --format json .` in it.

    scripts/real-world.py precision RUN [--labels FILE]
        Precision of the findings in RUN (a directory written by `run`) against the labelled
        sample in tests/real-world/labels.jsonl: per repository, for warnings and errors and
        for info, the labelled findings that RUN still reports, how many are right, and the
        false positives by cause. A finding labelled as another project's name, a product's
        name or copied text counts as right when RUN reports it as another project's (with
        `external`, at info); one labelled as copied text counts as right when RUN reports it
        as a copy of a test fixture (with `copied_from`, at info). With --by-rule, also the precision of each rule at the severity
        RUN reports it with, from the same labels.

    scripts/real-world.py compare BEFORE AFTER [--trees DIR] [--sample N] [--seed S]
        For each repository: findings by severity and scope in both runs, the findings only
        the first run has (by cause: the file is no longer checked, or the finding moved or
        went), the findings only the second has, and the findings whose scope changed. With
        --sample, prints N of the changes at random with their source line, for labelling.

Each finding is keyed by path, line, column and rule. Nothing here is run by the tests: the
repositories are large and the network may not reach them; the figures go in the notes.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "benches" / "real-world" / "manifest.toml"


def repositories():
    with open(MANIFEST, "rb") as f:
        return tomllib.load(f)["repository"]


def default_trees():
    return Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "ally-real-world"


def checkout(repo, trees):
    """A work tree of the repository at its commit, cloned if it is not there yet."""
    tree = trees / repo["name"]
    if not tree.exists():
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", repo["url"], str(tree)], check=True)
        subprocess.run(["git", "-C", str(tree), "checkout", "--quiet", repo["commit"]], check=True)
    return tree


def run(args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for repo in repositories():
        tree = checkout(repo, Path(args.trees))
        result = subprocess.run(
            [args.ally, "check", "--format", "json", "--fail-on", "never", "."],
            cwd=tree, capture_output=True,
        )
        (out / f"{repo['name']}.json").write_bytes(result.stdout)
        summary = json.loads(result.stdout)["summary"]
        print(f"{repo['name']}: {summary['files_checked']} files, {summary['findings']} findings")


def load(path):
    with open(path) as f:
        document = json.load(f)
    findings = {}
    for finding in document["findings"]:
        key = (finding["path"], finding["line"], finding["column"], finding["rule"])
        findings[key] = finding
    return document["summary"], findings


def source_line(tree, path, line):
    try:
        with open(tree / path, encoding="utf-8", errors="replace") as f:
            for number, text in enumerate(f, 1):
                if number == line:
                    return text.rstrip("\n")[:160]
    except OSError:
        pass
    return ""


def compare(args):
    rng = random.Random(args.seed)
    changes = []
    for repo in repositories():
        name = repo["name"]
        before_path = Path(args.before) / f"{name}.json"
        after_path = Path(args.after) / f"{name}.json"
        if not before_path.exists() or not after_path.exists():
            continue
        before_summary, before = load(before_path)
        after_summary, after = load(after_path)
        after_files = {key[0] for key in after}
        print(f"## {name}")
        for label, summary, findings in (("before", before_summary, before), ("after", after_summary, after)):
            severities = collections.Counter(f["severity"] for f in findings.values())
            scopes = collections.Counter(f["scope"] for f in findings.values())
            print(f"  {label}: {summary['files_checked']} files checked, {len(findings)} findings "
                  f"{dict(sorted(severities.items()))} {dict(sorted(scopes.items()))}")
        gone = [k for k in before if k not in after]
        new = [k for k in after if k not in before]
        moved = [k for k in before if k in after and before[k]["scope"] != after[k]["scope"]]
        file_gone = [k for k in gone if k[0] not in after_files]
        print(f"  only before: {len(gone)} ({len(file_gone)} in files with no finding after, "
              f"{len(gone) - len(file_gone)} in files still reported)")
        print(f"  only after: {len(new)}; scope changed: {len(moved)}")
        by_rule = collections.Counter(k[3] for k in gone)
        if by_rule:
            print(f"  gone by rule: {dict(by_rule.most_common(8))}")
        by_rule = collections.Counter(k[3] for k in new)
        if by_rule:
            print(f"  new by rule: {dict(by_rule.most_common(8))}")
        tree = Path(args.trees) / name
        for kind, keys, source in (("gone", gone, before), ("new", new, after), ("scope", moved, after)):
            for key in keys:
                detail = source[key]["scope"]
                if kind == "scope":
                    detail = f"{before[key]['scope']} -> {after[key]['scope']}"
                changes.append((name, kind, key, detail, tree))
    if args.sample:
        print(f"\n## {args.sample} changes sampled (seed {args.seed})")
        for name, kind, (path, line, column, rule), detail, tree in rng.sample(changes, min(args.sample, len(changes))):
            print(f"- {name} {kind} {path}:{line}:{column} {rule} [{detail}]")
            print(f"    {source_line(tree, path, line)}")


LABELS = ROOT / "tests" / "real-world" / "labels.jsonl"


def labels(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def finding_key(repo, finding):
    path = finding["path"][2:] if finding["path"].startswith("./") else finding["path"]
    return (repo, path, finding["line"], finding["column"], finding["rule"])


def precision(args):
    labelled = {(l["repo"], l["path"], l["line"], l["column"], l["rule"]): l for l in labels(args.labels)}
    totals = collections.defaultdict(collections.Counter)
    causes = collections.defaultdict(collections.Counter)
    by_rule = collections.defaultdict(collections.Counter)
    print(f"{'repository':<20} {'bucket':<9} {'findings':>8} {'labelled':>8} {'right':>6} {'precision':>9}  false positives by cause")
    for repo in repositories():
        name = repo["name"]
        path = Path(args.run) / f"{name}.json"
        if not path.exists():
            continue
        with open(path) as f:
            findings = json.load(f)["findings"]
        counts = collections.defaultdict(collections.Counter)
        for finding in findings:
            bucket = "info" if finding["severity"] == "info" else "warn+err"
            counts[bucket]["findings"] += 1
            label = labelled.get(finding_key(name, finding))
            if label is None:
                continue
            counts[bucket]["labelled"] += 1
            right = label["label"] == "right" or (
                label.get("cause") in ("external-name", "not-authored", "proper-name")
                and "external" in finding) or (
                label.get("cause") == "not-authored" and "copied_from" in finding)
            kind = ("info (external)" if "external" in finding
                    else "info (fixture copy)" if "copied_from" in finding
                    else finding["severity"])
            rule_counts = by_rule[(finding["rule"], kind)]
            rule_counts["labelled"] += 1
            rule_counts["right"] += right
            if right:
                counts[bucket]["right"] += 1
            else:
                causes[(name, bucket)][label["cause"]] += 1
                causes[("all", bucket)][label["cause"]] += 1
        for bucket in ("warn+err", "info"):
            c = counts[bucket]
            if not c["findings"]:
                continue
            totals[bucket].update(c)
            share = f"{c['right'] / c['labelled']:.2f}" if c["labelled"] else "-"
            why = ", ".join(f"{k} {v}" for k, v in causes[(name, bucket)].most_common())
            print(f"{name:<20} {bucket:<9} {c['findings']:>8} {c['labelled']:>8} {c['right']:>6} {share:>9}  {why}")
    for bucket in ("warn+err", "info"):
        c = totals[bucket]
        share = f"{c['right'] / c['labelled']:.2f}" if c["labelled"] else "-"
        why = ", ".join(f"{k} {v}" for k, v in causes[("all", bucket)].most_common())
        print(f"{'all':<20} {bucket:<9} {c['findings']:>8} {c['labelled']:>8} {c['right']:>6} {share:>9}  {why}")
    if args.by_rule:
        print(f"\n{'rule':<24} {'severity':<16} {'labelled':>8} {'right':>6} {'precision':>9}")
        for (rule, severity), c in sorted(by_rule.items(), key=lambda kv: (-kv[1]["labelled"], kv[0])):
            print(f"{rule:<24} {severity:<16} {c['labelled']:>8} {c['right']:>6} {c['right'] / c['labelled']:>9.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("out")
    run_parser.add_argument("--ally", default=str(ROOT / "target" / "release" / "ally"))
    run_parser.add_argument("--trees", default=str(default_trees()))
    compare_parser = commands.add_parser("compare")
    compare_parser.add_argument("before")
    compare_parser.add_argument("after")
    compare_parser.add_argument("--trees", default=str(default_trees()))
    compare_parser.add_argument("--sample", type=int, default=0)
    compare_parser.add_argument("--seed", type=int, default=15)
    precision_parser = commands.add_parser("precision")
    precision_parser.add_argument("run")
    precision_parser.add_argument("--labels", default=str(LABELS))
    precision_parser.add_argument("--by-rule", action="store_true")
    args = parser.parse_args()
    {"run": run, "compare": compare, "precision": precision}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
