//! ally finds non-inclusive terms in documents and source code, explains why they hurt, and
//! suggests alternatives.
//!
//! The pipeline, one module per stage, in the order data flows:
//!
//! ```text
//! paths ─► walk ─► read ─► extract ─► matcher ─► judge ─► filter ─► report
//!          Input   Decoded  Regions    Candidate  Finding  FileReport  human | json | sarif …
//! ```
//!
//! - [`walk`] turns paths into [`walk::Input`]s, honouring ignore files;
//! - [`read`] decodes bytes into text (UTF-8, UTF-16, UTF-32, lossy) within size limits and
//!   spots binary files; [`documents`] reads the text of .docx, .odt and .pdf files, with pages
//!   and paragraphs;
//! - [`extract`] classifies text as prose, comment, string or identifier;
//! - [`matcher`] runs one Aho-Corasick automaton over every term and exception;
//! - [`judge`] makes the context decisions a rule asks for in its data (quoted mentions,
//!   pronouns after a name, generic pronouns); [`check`] drives matcher and judge over one text,
//!   resolves overlaps and builds the [`Finding`]s;
//! - [`filter`] decides what a run reports (changed lines, a baseline, unused directives);
//! - [`report`] renders them.
//!
//! [`run::run_filtered`] drives the whole pipeline in parallel; [`Linter::check`] is the pure core
//! used by every front end, and [`filter::Filter`] the stage they share after it.
//!
//! ```
//! use ally::{Linter, Policy, RuleSet};
//! use ally::extract::{DocumentFormat, FileKind};
//!
//! let linter = Linter::new(RuleSet::builtin());
//! let policy = Policy::all(linter.rules());
//! let kind = FileKind::Document(DocumentFormat::Markdown);
//! let findings = linter.check("Add the host to the whitelist.\n", kind, &policy);
//! assert_eq!(linter.rules().rule(findings[0].rule).id, "whitelist");
//! assert_eq!((findings[0].start.line, findings[0].start.column), (1, 21));
//! ```

pub mod baseline;
pub mod case;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod documents;
pub mod extract;
pub mod filter;
pub mod finding;
pub mod fix;
pub mod git;
pub mod invisible;
pub mod judge;
pub mod lines;
pub mod lsp;
pub mod matcher;
pub mod messages;
pub mod output;
pub mod read;
pub mod report;
pub mod rules;
pub mod run;
pub mod scope;
pub mod snippet;
pub mod suppress;
pub mod walk;

pub use check::{Checked, Linter, Policy};
pub use finding::{FileReport, Finding, Position, Summary};
pub use rules::{Rule, RuleSet, Severity};
pub use scope::{Scope, ScopeSet};
