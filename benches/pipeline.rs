//! Micro-benchmarks of the pipeline's stages, on texts from this repository so that they run
//! anywhere without downloads: `cargo bench --bench pipeline`.
//!
//! Whole-process figures against ripgrep on a real tree are `scripts/bench.sh`'s job.

use std::path::Path;

use ally::extract::{FileKind, Regions};
use ally::matcher::{Matcher, Speed};
use ally::{Linter, Policy, RuleSet};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// Prose: the README and the generated rule reference, repeated to about 1 MB.
fn prose() -> String {
    let text = [
        include_str!("../README.md"),
        include_str!("../docs/rules.md"),
    ]
    .concat();
    text.repeat((1 << 20) / text.len() + 1)
}

/// Code: the checking stage's own source, repeated to about 1 MB.
fn code() -> String {
    let text = include_str!("../src/check.rs");
    text.repeat((1 << 20) / text.len() + 1)
}

/// Code dense in compound identifiers, about a third of which hold a term, to weigh the
/// splitting of identifiers into words (`masterNode`, `HTTPSlaveServer`, `white_list`).
fn identifiers() -> String {
    let names = [
        "masterNode",
        "HTTPSlaveServer",
        "white_list_entries",
        "remasterTrack",
        "dummyValue",
        "configureWebmaster",
        "MAX_SLAVE_COUNT",
        "blackListed",
        "sanityCheckAll",
        "parseHeader",
        "v2master",
        "gridMasterKey",
    ];
    let line: String = names
        .iter()
        .map(|n| format!("let {n} = {n}2 + x;\n"))
        .collect();
    line.repeat((1 << 20) / line.len() + 1)
}

fn kind(name: &str, text: &str) -> FileKind {
    FileKind::detect(Path::new(name), text)
}

/// Building the automaton over the whole default pack: the quick-start kind used for a few
/// files and the fast-scanning kind used for trees.
#[divan::bench(args = [Speed::QuickStart, Speed::Throughput])]
fn automaton_build(bencher: Bencher, speed: Speed) {
    let rules = RuleSet::builtin();
    bencher.bench(|| Matcher::with_speed(black_box(&rules), speed));
}

/// Loading and validating the embedded rule files.
#[divan::bench]
fn rules_load() -> RuleSet {
    RuleSet::builtin()
}

/// Whole checks (match, classify regions around hits, suppress, build findings) per input
/// kind, with the fast automaton.
#[divan::bench(args = ["prose.md", "code.rs", "identifiers.rs"])]
fn check(bencher: Bencher, input: &str) {
    let text = match input {
        "prose.md" => prose(),
        "code.rs" => code(),
        _ => identifiers(),
    };
    let linter = Linter::with_speed(RuleSet::builtin(), Speed::Throughput);
    let policy = Policy::all(linter.rules());
    let kind = kind(input, &text);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| linter.check(black_box(&text), kind, &policy));
}

/// Classifying a whole file into comment, string, identifier and prose regions. The check only
/// does this for files with a hit; this is its cost when it does.
#[divan::bench(args = ["prose.md", "code.rs"])]
fn region_classification(bencher: Bencher, input: &str) {
    let text = if input == "prose.md" { prose() } else { code() };
    let kind = kind(input, &text);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| Regions::of(kind, black_box(&text)));
}

/// The automaton alone over text with no terms at all: the floor every file pays.
#[divan::bench(args = [Speed::QuickStart, Speed::Throughput])]
fn scan_clean_text(bencher: Bencher, speed: Speed) {
    let text = "The quick brown fox jumps over a lazy dog near the river bank. ".repeat(16_384);
    let linter = Linter::with_speed(RuleSet::builtin(), speed);
    let policy = Policy::all(linter.rules());
    let kind = kind("clean.txt", &text);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| linter.check(black_box(&text), kind, &policy));
}
