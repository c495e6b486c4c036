//! ally finds non-inclusive terms in documents and source code, explains why they hurt, and
//! suggests alternatives.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! paths ─► walk ─► read ─► extract ─► matcher ─► check ─► report
//!          Input   Decoded  Regions    Candidate  Finding  human | short | json
//! ```
//!
//! - [`walk`] turns paths into [`walk::Input`]s, honouring ignore files;
//! - [`read`] decodes bytes into text (UTF-8, UTF-16, lossy) and spots binary files;
//! - [`documents`] reads the text of .docx, .odt and .pdf files, with pages and paragraphs;
//! - [`extract`] classifies text as prose, comment, string or identifier;
//! - [`matcher`] runs one Aho-Corasick automaton over every term and exception;
//! - [`check`] keeps the candidates that are in scope and resolves overlaps into [`Finding`]s;
//! - [`report`] renders them.
//!
//! [`run::run`] drives the whole pipeline in parallel; [`Linter::check`] is the pure core used by
//! every front end.
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
