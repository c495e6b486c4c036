//! The server's view of the workspace: the open documents, and the settings that apply to each,
//! found and compiled the way the command line does and cached per config file.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::convert::LineIndex;
use crate::check::{Checked, Policy};
use crate::config::{CONFIG_NAMES, CliSettings, ConfigFile, Settings, absolute, discover};
use crate::diagnostic::DataErrors;
use crate::documents::DocumentType;
use crate::extract::{DocumentFormat, FileKind, languages};
use crate::filter::Filter;
use crate::finding::Finding;
use crate::rules::{RuleIndex, Severity};
use crate::scope::Scope;
use crate::suppress::{Directive, DirectiveNote};
use crate::walk;
use crate::walk::IgnoreFiles;

/// One document open in the editor.
#[derive(Debug)]
pub(crate) struct Document {
    /// The URI exactly as the client sent it; diagnostics are published under it.
    pub(crate) uri: Uri,
    /// The local path, for `file:` URIs.
    pub(crate) path: Option<PathBuf>,
    /// The client's language id (`markdown`, `rust`), used for documents without a path.
    pub(crate) language_id: String,
    /// The version of the last change.
    pub(crate) version: i32,
    /// The current text.
    pub(crate) text: String,
    /// Line starts of `text`.
    pub(crate) index: LineIndex,
    /// When a changed document is due to be checked again (the debounce deadline).
    pub(crate) due: Option<Instant>,
    /// The result of the last check of this text, if it is current.
    pub(crate) checked: Option<Rc<Outcome>>,
}

/// What checking a document found, with what it needs for code actions.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The findings, in order of position.
    pub(crate) findings: Vec<Found>,
    /// `ally:` directives that suppressed nothing.
    pub(crate) unused_suppressions: Vec<Directive>,
    /// Problems with directives (an unknown verb or rule id).
    pub(crate) directive_notes: Vec<DirectiveNote>,
    /// How the text was read.
    pub(crate) kind: Option<FileKind>,
    /// The settings it was checked with.
    pub(crate) loaded: Rc<Loaded>,
    /// The policy that applied to it.
    pub(crate) policy: Policy,
}

/// What the server keeps of a finding while its document is open: enough for its diagnostic
/// and its quick fixes. The excerpt and sentence that the check builds for reports are left
/// out, so that a document with many findings stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// The rule that matched.
    pub(crate) rule: RuleIndex,
    /// Severity after any configured override.
    pub(crate) severity: Severity,
    /// The kind of text the term was found in.
    pub(crate) scope: Scope,
    /// Byte range in the document's text.
    pub(crate) range: Range<usize>,
    /// The term as written, with line breaks and runs of spaces shown as one space.
    pub(crate) term: Box<str>,
    /// Which of the rule's terms matched.
    pub(crate) term_index: usize,
}

impl From<Finding> for Found {
    fn from(finding: Finding) -> Found {
        Found {
            rule: finding.rule,
            severity: finding.severity,
            scope: finding.scope,
            range: finding.range,
            term: finding.term.into_boxed_str(),
            term_index: finding.term_index,
        }
    }
}

impl Document {
    /// A document as opened by the client.
    pub(crate) fn new(uri: Uri, language_id: String, version: i32, text: String) -> Document {
        let path = super::convert::uri_to_path(uri.as_str());
        Document {
            uri,
            path,
            language_id,
            version,
            index: LineIndex::new(&text),
            text,
            due: None,
            checked: None,
        }
    }

    /// Applies the changes of one `didChange`, in order: a change with a range replaces that
    /// range (in UTF-16 positions of the text as changed so far); one without replaces all.
    pub(crate) fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.index.offset(&self.text, range.start);
                    let end = self.index.offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
        self.checked = None;
    }

    /// The path that selects the settings: the file's own, or for an unsaved document a name in
    /// the first workspace folder.
    pub(crate) fn settings_path(&self, root: Option<&Path>) -> Option<PathBuf> {
        match (&self.path, root) {
            (Some(path), _) => Some(path.clone()),
            (None, Some(root)) => Some(root.join("untitled")),
            (None, None) => None,
        }
    }

    /// How to read the text: by file name and shebang as on the command line; a document
    /// without a path by the client's language id. `None` for formats the editor cannot hold as
    /// text (.docx, .pdf).
    pub(crate) fn kind(&self, policy: &Policy) -> Option<FileKind> {
        match &self.path {
            Some(path) if DocumentType::of(path, self.text.as_bytes()).is_some() => None,
            Some(path) => Some(policy.file_kind(path, &self.text)),
            None => Some(kind_for_language_id(&self.language_id)),
        }
    }
}

/// The kind of text a client's language id names; plain text when it is not known.
fn kind_for_language_id(id: &str) -> FileKind {
    let document = |format| FileKind::Document(format);
    let name = match id {
        "markdown" | "mdx" => return document(DocumentFormat::Markdown),
        "html" => return document(DocumentFormat::Html),
        "xml" | "xsl" => return document(DocumentFormat::Xml),
        "restructuredtext" | "rst" => return document(DocumentFormat::Rst),
        "asciidoc" => return document(DocumentFormat::AsciiDoc),
        "cpp" => "C++",
        "csharp" => "C#",
        "javascriptreact" => "JavaScript",
        "typescriptreact" => "TypeScript",
        "shellscript" | "sh" | "bash" | "zsh" => "Shell",
        "jsonc" | "json5" => "JSON",
        "bat" => "Batch",
        "vim" => "Vim script",
        "proto" => "Protocol Buffers",
        "terraform" => "HCL",
        "dockerfile" => "Dockerfile",
        "makefile" => "Makefile",
        other => other,
    };
    match languages().by_name(name) {
        Some(language) => FileKind::Code(language),
        None => document(DocumentFormat::Text),
    }
}

/// The settings compiled from one config file, or the built-in defaults.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The compiled settings; the built-in defaults when the config has problems.
    pub(crate) settings: Settings,
    /// The config file these settings came from (or failed to come from).
    pub(crate) config: Option<PathBuf>,
    /// Files whose change means reloading: the config and its `extend-rules` files.
    pub(crate) inputs: Vec<PathBuf>,
    /// What is wrong with the config or its rule files, if anything.
    pub(crate) problems: Option<DataErrors>,
}

/// Settings by directory and by config file, compiled on first use and dropped on reload.
#[derive(Debug, Default)]
pub(crate) struct Configs {
    by_dir: HashMap<PathBuf, Rc<Loaded>>,
    by_config: HashMap<Option<PathBuf>, Rc<Loaded>>,
    defaults: Option<Rc<Loaded>>,
    cli: CliSettings,
    /// Settings compiled with problems since the last [`Configs::take_problems`].
    new_problems: Vec<Rc<Loaded>>,
}

impl Configs {
    /// The settings for a file at `path`: those of the nearest config file up to the repository
    /// root, as `ally check` finds it; the defaults for no path.
    pub(crate) fn for_path(&mut self, path: Option<&Path>) -> Rc<Loaded> {
        let Some(path) = path else {
            return self.defaults();
        };
        let path = absolute(path);
        let dir = path.parent().unwrap_or(&path).to_path_buf();
        if let Some(loaded) = self.by_dir.get(&dir) {
            return Rc::clone(loaded);
        }
        let loaded = match discover(&path) {
            Ok(None) => self.defaults(),
            Ok(Some(file)) => match self.by_config.get(&Some(file.path.clone())) {
                Some(loaded) => Rc::clone(loaded),
                None => self.compile(&file),
            },
            Err(errors) => {
                // The nearest config cannot be read or parsed: its name is in the errors.
                let config = errors.files.first().map(|f| absolute(Path::new(&f.name)));
                match self.by_config.get(&config) {
                    Some(loaded) => Rc::clone(loaded),
                    None => self.failed(config, Vec::new(), errors),
                }
            }
        };
        self.by_dir.insert(dir, Rc::clone(&loaded));
        loaded
    }

    /// Forgets every compiled config, so that the next use reads them again.
    pub(crate) fn clear(&mut self) {
        self.by_dir.clear();
        self.by_config.clear();
        self.new_problems.clear();
    }

    /// Whether a change to `path` can change settings: a config file name anywhere, or a rule
    /// file that a loaded config extends.
    pub(crate) fn is_input(&self, path: &Path) -> bool {
        let named = path
            .file_name()
            .is_some_and(|name| CONFIG_NAMES.iter().any(|c| name == *c));
        named || {
            let path = absolute(path);
            self.by_config
                .values()
                .any(|loaded| loaded.inputs.contains(&path))
        }
    }

    /// Settings compiled with problems since the last call, to be shown once.
    pub(crate) fn take_problems(&mut self) -> Vec<Rc<Loaded>> {
        std::mem::take(&mut self.new_problems)
    }

    /// Every config currently compiled with problems.
    pub(crate) fn with_problems(&self) -> impl Iterator<Item = &Rc<Loaded>> {
        self.by_config.values().filter(|l| l.problems.is_some())
    }

    fn defaults(&mut self) -> Rc<Loaded> {
        let cli = &self.cli;
        let loaded = self.defaults.get_or_insert_with(|| {
            Rc::new(Loaded {
                settings: built_in(cli),
                config: None,
                inputs: Vec::new(),
                problems: None,
            })
        });
        Rc::clone(loaded)
    }

    fn compile(&mut self, file: &ConfigFile) -> Rc<Loaded> {
        let config = absolute(&file.path);
        let mut inputs = vec![config.clone()];
        inputs.extend(
            file.raw
                .extend_rules
                .iter()
                .map(|rule_file| absolute(&file.root().join(rule_file.get_ref()))),
        );
        match Settings::new(Some(file), &self.cli) {
            Ok(settings) => {
                let loaded = Rc::new(Loaded {
                    settings,
                    config: Some(config.clone()),
                    inputs,
                    problems: None,
                });
                self.by_config.insert(Some(config), Rc::clone(&loaded));
                loaded
            }
            Err(errors) => self.failed(Some(config), inputs, errors),
        }
    }

    /// The defaults, standing in for a config that has problems.
    fn failed(
        &mut self,
        config: Option<PathBuf>,
        mut inputs: Vec<PathBuf>,
        errors: DataErrors,
    ) -> Rc<Loaded> {
        inputs.extend(config.clone());
        let loaded = Rc::new(Loaded {
            settings: built_in(&self.cli),
            config: config.clone(),
            inputs,
            problems: Some(errors),
        });
        self.by_config.insert(config, Rc::clone(&loaded));
        self.new_problems.push(Rc::clone(&loaded));
        loaded
    }
}

/// The built-in defaults, with no config file.
fn built_in(cli: &CliSettings) -> Settings {
    // Only extra rule files can fail to load, and the server passes none.
    Settings::new(None, cli)
        .unwrap_or_else(|errors| panic!("the built-in rules are invalid:\n{errors}"))
}

/// Checks a document as `ally check` would check the same text at its path: the same settings,
/// file kind, regions and inline suppressions. A file the config excludes, or one of ally's
/// own config or rule files, or one that an ignore file (`.allyignore`, `.gitignore`, …) lists,
/// has no findings, as `ally check .` would not check it; so has a generated, lockfile or
/// vendored file, unless the settings include them.
pub(crate) fn check(document: &Document, loaded: Rc<Loaded>, root: Option<&Path>) -> Outcome {
    let settings = &loaded.settings;
    let path = document.settings_path(root);
    let excluded = path.as_deref().is_some_and(|p| {
        settings.is_excluded(p) || (p.is_file() && IgnoreFiles::default().ignores(p))
    });
    let policy = match &path {
        Some(path) => settings.policy_for(path).into_owned(),
        None => Policy::all(settings.linter.rules()),
    };
    let kind = document.kind(&policy);
    let not_authored = kind.is_some_and(|kind| settings.skips_as_generated(&document.text, kind))
        || (!settings.includes_generated()
            && path
                .as_deref()
                .is_some_and(|p| walk::Origins::of_named(p).is_some()));
    let kind = kind.filter(|_| !excluded && !not_authored);
    let mut checked = match kind {
        Some(kind) => settings.linter.check_file(&document.text, kind, &policy),
        None => Checked::default(),
    };
    // The same filter stage as `ally check`: an editor shows a file's findings, unused
    // directives included, with nothing that a change or baseline would hide.
    let shown = path.as_deref().map(walk::relative_to_current_dir);
    Filter::new().apply_checked(
        shown.as_deref().unwrap_or_default(),
        &mut checked,
        settings.linter.rules(),
    );
    Outcome {
        findings: checked.findings.into_iter().map(Found::from).collect(),
        unused_suppressions: checked.unused_suppressions,
        directive_notes: checked.directive_notes,
        kind,
        policy,
        loaded,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use lsp_types::{Position, Range};

    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_utf16_positions() {
        let uri = Uri::from_str("file:///tmp/a.md").unwrap();
        let mut document =
            Document::new(uri, "markdown".into(), 1, "🦀 whitelist\r\nnext\n".into());
        document.apply(
            2,
            vec![
                // `whitelist` starts after the crab (2 units) and a space.
                change(Some(((0, 3), (0, 12))), "allowlist"),
                change(Some(((1, 0), (1, 4))), "line"),
                change(Some(((2, 0), (2, 0))), "end"),
            ],
        );
        assert_eq!(document.text, "🦀 allowlist\r\nline\nend");
        assert_eq!(document.version, 2);
        document.apply(3, vec![change(None, "new")]);
        assert_eq!(document.text, "new");
    }

    #[test]
    fn documents_without_a_path_are_read_by_language_id() {
        assert_eq!(kind_for_language_id("markdown").name(), "markdown");
        assert_eq!(kind_for_language_id("rust").name(), "Rust");
        assert_eq!(kind_for_language_id("shellscript").name(), "Shell");
        assert_eq!(kind_for_language_id("typescriptreact").name(), "TypeScript");
        assert_eq!(kind_for_language_id("no-such-language").name(), "text");
    }
}
