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
mod root;
mod sarif;
mod short;
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
pub use root::ProjectRoot;
pub use sarif::Sarif;
pub use short::Short;

use crate::finding::{FileReport, Summary};
use crate::rules::RuleSet;

/// Receives a run's results in order.
pub trait Reporter {
    /// One file's results; `rules` are the rules its findings refer to (a run over paths with
    /// different config files may use more than one rule set).
    fn file(&mut self, report: &FileReport, rules: &RuleSet) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}
