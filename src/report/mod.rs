//! Reports: turn each file's findings into output, one format per module.
//!
//! A [`Reporter`] receives file reports in order as they are ready and a summary at the end, so
//! line-oriented formats stream while document formats write their closing parts last. Rule
//! text (message, alternatives, explanation) is looked up here, in the rule set passed with each
//! file, rather than copied into every finding.

mod checkstyle;
mod collect;
mod fingerprint;
mod github;
mod gitlab;
mod html;
mod human;
mod json;
mod junit;
mod markdown;
pub mod printable;
mod rdjson;
mod root;
mod sarif;
mod short;
mod sonarqube;
mod summary;
pub(crate) mod xml;

use std::io;

pub use checkstyle::Checkstyle;
pub use collect::Page;
pub use github::Github;
pub use gitlab::Gitlab;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use rdjson::Rdjson;
pub use root::ProjectRoot;
pub use sarif::Sarif;
pub use short::Short;
pub use sonarqube::Sonarqube;

use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// The columns where a finding starts and ends as `measure` counts the text of its line before
/// them (bytes, UTF-16 units), from the line in its excerpt; `None` when the line was cut to a
/// window, and the columns before the window are unknown.
fn measured_columns(
    finding: &crate::finding::Finding,
    measure: impl Fn(&str) -> usize,
) -> Option<(usize, usize)> {
    let excerpt = &finding.excerpt;
    let text = &excerpt.text;
    if excerpt.skipped_columns > 0 || text.get(excerpt.highlight.clone()).is_none() {
        return None;
    }
    let column = |at: usize| measure(&text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at]);
    Some((
        column(excerpt.highlight.start),
        column(excerpt.highlight.end),
    ))
}

/// Receives a run's results in order.
pub trait Reporter {
    /// One file's results; `rules` are the rules its findings refer to (a run over paths with
    /// different config files may use more than one rule set).
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}
