//! Reports: turn each file's findings into output, one format per module.
//!
//! A [`Reporter`] receives file reports in order as they are ready and a summary at the end, so
//! line-oriented formats stream while document formats write their closing parts last. Rule
//! text (message, alternatives, explanation) is looked up here rather than copied into every
//! finding.

mod collect;
mod html;
mod human;
mod json;
mod markdown;
mod short;

use std::io;

pub use html::Html;
pub use human::Human;
pub use json::Json;
pub use markdown::Markdown;
pub use short::Short;

use crate::finding::{FileReport, Summary};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Readable diagnostics with source excerpts.
    Human,
    /// `path:line:col: severity[rule]: message`, one per line.
    Short,
    /// One JSON document.
    Json,
    /// One self-contained HTML page for readers outside a terminal.
    Html,
    /// A Markdown summary for a ticket or a pull request comment.
    Markdown,
}

/// Receives a run's results in order.
pub trait Reporter {
    /// One file's results.
    fn file(&mut self, report: &FileReport) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}
