//! Raw config + command line → [`Settings`]: the linter to use and the policy for each file.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::ConfigFile;
use super::absolute;
use super::raw::ScopeList;
use super::sphinx::SphinxProjects;
use crate::check::{ChosenType, Linter, Policy};
use crate::diagnostic::{DataErrors, DataFile, DataProblem, read_data_file};
use crate::extract::{DocumentFormat, FileKind};
use crate::matcher::{Speed, Vocabulary};
use crate::rules::{Allowed, RuleSet, Severity, closest};
use crate::scope::ScopeSet;
use crate::walk::{Skip, Skips};

/// Settings given on the command line; they win over every config file.
#[derive(Clone, Debug, Default)]
pub struct CliSettings {
    /// `--scope`.
    pub scope: Option<ScopeSet>,
    /// `--fail-on`: `Some(None)` means never.
    pub fail_on: Option<Option<Severity>>,
    /// `--rules FILE`: extra rule files.
    pub rule_files: Vec<DataFile>,
    /// Files never to check, such as the baseline in use.
    pub skip_files: Vec<PathBuf>,
    /// Whether to build the automaton for a quick start or for a large run.
    pub speed: Speed,
    /// The words of every text the run will check, when they are known in advance (a few
    /// small files): the automaton then leaves out patterns that cannot occur.
    pub vocabulary: Option<std::sync::Arc<Vocabulary>>,
    /// `--include-generated`: check generated, lockfile and vendored files too.
    pub include_generated: bool,
    /// Work out, for each finding, the rewrite `ally fix` would make, for reports that offer
    /// it (SARIF fixes, review suggestions). Off by default: most runs show no fixes.
    pub replacements: bool,
}

/// Everything a run needs to decide what to check and how: the compiled rules, and the policy
/// and exclusion of each path.
#[derive(Debug)]
pub struct Settings {
    /// The compiled rules (built-in, the config's `extend-rules`, and `--rules`).
    pub linter: Linter,
    /// The config file in effect, if any.
    pub config: Option<PathBuf>,
    /// Replacements chosen for `ally fix`, by rule id (`replace` in the config).
    pub replace: std::collections::BTreeMap<String, String>,
    root: PathBuf,
    base: Policy,
    overrides: Vec<(GlobSet, Layer)>,
    exclusion: Arc<Exclusion>,
    cli: CliSettings,
    exclude_globs: Vec<String>,
    /// The config's `file-types`, in the order written: the last match wins.
    file_types: Vec<(GlobSet, FileKind, String)>,
    sphinx: SphinxProjects,
    /// Whether generated, lockfile and vendored files are checked (`include-generated`).
    include_generated: bool,
}

/// What the walk skips: the config's `exclude` globs and ally's own input files. Shared with
/// the walker threads.
#[derive(Debug)]
struct Exclusion {
    root: PathBuf,
    exclude: GlobSet,
    own_files: Vec<PathBuf>,
}

impl Exclusion {
    fn is_own_file(&self, path: &Path) -> bool {
        !self.own_files.is_empty() && self.own_files.contains(&absolute(path))
    }

    fn skips(&self, path: &Path) -> bool {
        if self.exclude.is_empty() && self.own_files.is_empty() {
            return false;
        }
        let absolute = absolute(path);
        self.own_files.contains(&absolute)
            || (!self.exclude.is_empty()
                && absolute
                    .strip_prefix(&self.root)
                    .is_ok_and(|r| self.exclude.is_match(r)))
    }
}

/// One layer of settings: the top level of a config, or an `[[overrides]]` table.
#[derive(Debug, Default)]
struct Layer {
    disable: Vec<Selector>,
    enable: Vec<Selector>,
    severity: Vec<(Selector, Severity)>,
    scope: Option<ScopeSet>,
    fail_on: Option<Option<Severity>>,
}

/// Which rules a `disable`, `enable` or `severity` key names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    All,
    Category(String),
    Rule(usize),
}

impl Selector {
    fn matches(&self, index: usize, rules: &RuleSet) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(name) => rules.rule(index).category == *name,
            Selector::Rule(rule) => *rule == index,
        }
    }

    /// More specific selectors are applied later, so that they win.
    fn specificity(&self) -> u8 {
        match self {
            Selector::All => 0,
            Selector::Category(_) => 1,
            Selector::Rule(_) => 2,
        }
    }
}

/// The project a config file belongs to: the nearest directory at or above the config's that
/// holds `.git`, or the config's own directory outside a repository.
fn project_root(config_dir: &Path) -> PathBuf {
    let start = config_dir
        .canonicalize()
        .unwrap_or_else(|_| absolute(config_dir));
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&start)
        .to_path_buf()
}

/// Reads a rule file named by `extend-rules`. A config file comes with the repository, and a
/// pull request can change it, so it may only name regular files inside the project, after
/// symlinks are resolved: never `/proc/self/environ`, a credentials file or `/dev/zero`.
fn read_extended_rules(path: &Path, project: &Path) -> Result<String, String> {
    let real = path
        .canonicalize()
        .map_err(|error| crate::read::describe(&error))?;
    if !real.starts_with(project) {
        return Err(format!(
            "it is outside the project ({}); `extend-rules` reads only rule files inside \
             it (name a file elsewhere with `--rules` on the command line)",
            project.display()
        ));
    }
    read_data_file(&real).map_err(|error| crate::read::describe(&error))
}

/// Parses a `--fail-on` or `fail-on` value: `error`, `warning`, `info` or `never`.
pub fn parse_fail_on(text: &str) -> Result<Option<Severity>, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "never" => Ok(None),
        other => other.parse().map(Some).map_err(|_| {
            format!("unknown fail-on value `{text}`; expected error, warning, info or never")
        }),
    }
}

impl Settings {
    /// Whether each finding carries the rewrite `ally fix` would make ([`CliSettings::replacements`]).
    pub fn computes_replacements(&self) -> bool {
        self.cli.replacements
    }

    /// Compiles a config file (or none) with the command-line settings.
    pub fn new(config: Option<&ConfigFile>, cli: &CliSettings) -> Result<Settings, DataErrors> {
        let mut compiler = Compiler {
            errors: DataErrors::default(),
            file: 0,
        };
        let mut rule_files = Vec::new();
        let mut own_files = Vec::new();
        let root = match config {
            Some(config) => {
                compiler.file = compiler.errors.add_file(config.data.clone());
                own_files.push(absolute(&config.path));
                let project = project_root(config.root());
                for path in &config.raw.extend_rules {
                    let full = config.root().join(path.get_ref());
                    match read_extended_rules(&full, &project) {
                        Ok(text) => {
                            own_files.push(absolute(&full));
                            rule_files.push(DataFile::new(full.display().to_string(), text));
                        }
                        Err(reason) => compiler.problem(
                            path.span(),
                            format!("cannot read rule file `{}`: {reason}", path.get_ref()),
                        ),
                    }
                }
                absolute(config.root())
            }
            None => absolute(Path::new(".")),
        };
        rule_files.extend(cli.rule_files.iter().cloned());
        own_files.extend(cli.skip_files.iter().map(|p| absolute(p)));
        let mut rules = match RuleSet::load(&rule_files) {
            Ok(rules) => rules,
            Err(errors) => {
                compiler.errors.extend(errors);
                return Err(compiler.errors);
            }
        };
        let Some(config) = config else {
            let linter = Linter::with_options(rules, cli.speed, cli.vocabulary.as_deref());
            let base = Policy::all(linter.rules());
            return Ok(Settings::assemble(
                linter,
                None,
                root,
                base,
                vec![],
                GlobSet::empty(),
                vec![],
                own_files,
                cli,
            ));
        };
        let raw = &config.raw;

        let mut allowed = Vec::new();
        for phrase in &raw.allow {
            if phrase.get_ref().chars().any(char::is_alphanumeric) {
                allowed.push(Allowed {
                    phrase: phrase
                        .get_ref()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    reason: format!("allowed in {}", config.path.display()),
                    source: None,
                    group: None,
                    owner: None,
                });
            } else {
                compiler.problem(
                    phrase.span(),
                    "an allowed phrase must contain a letter or digit".into(),
                );
            }
        }
        rules.allow(allowed);
        let known_groups: Vec<String> = rules
            .allow_groups()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut allow_groups = Vec::new();
        for group in &raw.allow_groups {
            if known_groups.contains(group.get_ref()) {
                allow_groups.push(group.get_ref().clone());
            } else {
                let mut message = format!("unknown allow group `{}`", group.get_ref());
                if let Some(near) =
                    closest(group.get_ref(), known_groups.iter().map(String::as_str))
                {
                    message.push_str(&format!("; did you mean `{near}`?"));
                } else {
                    message.push_str(&format!("; known groups: {}", known_groups.join(", ")));
                }
                compiler.problem(group.span(), message);
            }
        }

        let base_layer = compiler.layer(
            &rules,
            &raw.disable,
            &raw.enable,
            &raw.severity,
            &raw.scope,
            &raw.fail_on,
        );
        let mut overrides = Vec::new();
        for table in &raw.overrides {
            let globs = compiler.globs(table.paths.get_ref());
            if table.paths.get_ref().is_empty() {
                compiler.problem(
                    table.paths.span(),
                    "an override needs at least one path glob".into(),
                );
            }
            let layer = compiler.layer(
                &rules,
                &table.disable,
                &table.enable,
                &table.severity,
                &table.scope,
                &table.fail_on,
            );
            overrides.push((globs, layer));
        }
        let exclude = compiler.globs(&raw.exclude);
        let mut replace = std::collections::BTreeMap::new();
        for (id, text) in &raw.replace {
            if compiler
                .selector(&rules, id, false)
                .is_some_and(|s| matches!(s, Selector::Rule(_)))
            {
                if text.trim().is_empty() {
                    compiler.problem(
                        id.span(),
                        format!("the replacement for `{}` is empty", id.get_ref()),
                    );
                } else {
                    replace.insert(id.get_ref().clone(), text.clone());
                }
            }
        }
        let file_types = compiler.file_types(&raw.file_types);
        if !compiler.errors.is_empty() {
            return Err(compiler.errors);
        }

        let linter = Linter::with_options(rules, cli.speed, cli.vocabulary.as_deref());
        let mut base = Policy::all(linter.rules());
        base.allow_groups = allow_groups;
        base_layer.apply(linter.rules(), &mut base);
        let exclude_globs = raw.exclude.iter().map(|g| g.get_ref().clone()).collect();
        let mut settings = Settings::assemble(
            linter,
            Some(config.path.clone()),
            root,
            base,
            overrides,
            exclude,
            exclude_globs,
            own_files,
            cli,
        );
        settings.replace = replace;
        settings.file_types = file_types;
        settings.include_generated |= raw.include_generated.unwrap_or(false);
        Ok(settings)
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        linter: Linter,
        config: Option<PathBuf>,
        root: PathBuf,
        mut base: Policy,
        overrides: Vec<(GlobSet, Layer)>,
        exclude: GlobSet,
        exclude_globs: Vec<String>,
        own_files: Vec<PathBuf>,
        cli: &CliSettings,
    ) -> Settings {
        apply_cli(cli, &mut base);
        let exclusion = Arc::new(Exclusion {
            root: root.clone(),
            exclude,
            own_files,
        });
        Settings {
            linter,
            config,
            replace: std::collections::BTreeMap::new(),
            root,
            base,
            overrides,
            exclusion,
            cli: cli.clone(),
            exclude_globs,
            file_types: Vec::new(),
            sphinx: SphinxProjects::default(),
            include_generated: cli.include_generated,
        }
    }

    /// The policy for a file: the base settings, then each matching `[[overrides]]` table in
    /// order, then the command line.
    pub fn policy_for(&self, path: &Path) -> Cow<'_, Policy> {
        let file_type = self.file_type_for(path);
        // Most runs have no overrides: the path is then not worked out again for each file.
        let relative = if self.overrides.is_empty() {
            None
        } else {
            self.relative(path)
        };
        let mut matching = self
            .overrides
            .iter()
            .filter(|(globs, _)| relative.as_ref().is_some_and(|r| globs.is_match(r)))
            .peekable();
        if matching.peek().is_none() && file_type.is_none() {
            return Cow::Borrowed(&self.base);
        }
        let mut policy = self.base.clone();
        let overridden = matching.peek().is_some();
        for (_, layer) in matching {
            layer.apply(self.linter.rules(), &mut policy);
        }
        if overridden {
            apply_cli(&self.cli, &mut policy);
        }
        policy.file_type = file_type;
        Cow::Owned(policy)
    }

    /// The file type chosen for a path when its name is not enough: the last of the config's
    /// `file-types` globs that matches it, or else, for a plain text file (`.txt`) or one whose
    /// name says nothing, the format its Sphinx project reads such files in.
    fn file_type_for(&self, path: &Path) -> Option<ChosenType> {
        if !self.file_types.is_empty()
            && let Some(relative) = self.relative(path)
            && let Some((_, kind, glob)) = self
                .file_types
                .iter()
                .rev()
                .find(|(globs, _, _)| globs.is_match(&relative))
        {
            return Some(ChosenType {
                kind: *kind,
                reason: format!("the config's file-types entry `{glob}`"),
            });
        }
        match FileKind::by_name(path) {
            None | Some(FileKind::Document(DocumentFormat::Text)) => {}
            Some(_) => return None,
        }
        let extension = path.extension()?.to_str()?;
        let sphinx = self.sphinx.for_file(&absolute(path))?;
        let format = sphinx.format_of(extension)?;
        Some(ChosenType {
            kind: FileKind::Document(format),
            reason: format!(
                "the Sphinx configuration {} (its source_suffix lists `.{extension}`)",
                sphinx.path.display()
            ),
        })
    }

    /// Whether the walk skips this path: excluded by the config, or one of ally's own inputs
    /// (the config or a rule file, full of flagged terms by design).
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclusion.skips(path)
    }

    /// The exclusion tests, to hand to the walker threads. With `check_named_excluded`, a path
    /// given by name is skipped only if it is one of ally's own inputs.
    pub fn skips(&self, check_named_excluded: bool) -> Skips {
        let exclusion = Arc::clone(&self.exclusion);
        let excluded: Skip = Arc::new(move |path: &Path| exclusion.skips(path));
        let named = if check_named_excluded {
            let exclusion = Arc::clone(&self.exclusion);
            Arc::new(move |path: &Path| exclusion.is_own_file(path))
        } else {
            Arc::clone(&excluded)
        };
        Skips {
            excluded,
            named,
            generated: !self.include_generated,
        }
    }

    /// Whether generated, lockfile and vendored files are checked rather than skipped.
    pub fn includes_generated(&self) -> bool {
        self.include_generated
    }

    /// Whether a file of this kind and text is left out because its header says a program
    /// wrote it (not with `include-generated`).
    pub fn skips_as_generated(&self, text: &str, kind: FileKind) -> bool {
        !self.include_generated && crate::walk::origin::has_generated_header(text, kind.into())
    }

    /// The exclusion globs, as written.
    pub fn exclude_globs(&self) -> &[String] {
        &self.exclude_globs
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        absolute(path)
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }
}

fn apply_cli(cli: &CliSettings, policy: &mut Policy) {
    if let Some(scope) = cli.scope {
        policy.scopes = scope;
    }
    if let Some(fail_on) = cli.fail_on {
        policy.threshold = fail_on;
    }
}

impl Layer {
    fn apply(&self, rules: &RuleSet, policy: &mut Policy) {
        for index in 0..rules.rules().len() {
            if self.disable.iter().any(|s| s.matches(index, rules)) {
                policy.enabled[index] = false;
            }
            if self.enable.iter().any(|s| s.matches(index, rules)) {
                policy.enabled[index] = true;
            }
            let mut best: Option<(u8, Severity)> = None;
            for (selector, severity) in &self.severity {
                if selector.matches(index, rules)
                    && best.is_none_or(|(s, _)| selector.specificity() >= s)
                {
                    best = Some((selector.specificity(), *severity));
                }
            }
            if let Some((_, severity)) = best {
                policy.severity[index] = severity;
            }
        }
        if let Some(scope) = self.scope {
            policy.scopes = scope;
        }
        if let Some(fail_on) = self.fail_on {
            policy.threshold = fail_on;
        }
    }
}

/// Collects problems while compiling one config file.
struct Compiler {
    errors: DataErrors,
    file: usize,
}

impl Compiler {
    fn problem(&mut self, span: Range<usize>, message: String) {
        self.errors.push(DataProblem {
            file: self.file,
            span,
            message,
            label: "here".into(),
            related: vec![],
            notes: vec![],
        });
    }

    fn layer(
        &mut self,
        rules: &RuleSet,
        disable: &[Spanned<String>],
        enable: &[Spanned<String>],
        severity: &std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
        scope: &Option<Spanned<ScopeList>>,
        fail_on: &Option<Spanned<String>>,
    ) -> Layer {
        let mut layer = Layer {
            disable: disable
                .iter()
                .filter_map(|s| self.selector(rules, s, false))
                .collect(),
            enable: enable
                .iter()
                .filter_map(|s| self.selector(rules, s, false))
                .collect(),
            ..Layer::default()
        };
        for (key, value) in severity {
            let selector = self.selector(rules, key, true);
            match value.get_ref().parse::<Severity>() {
                Ok(level) => layer.severity.extend(selector.map(|s| (s, level))),
                Err(why) => self.problem(value.span(), why),
            }
        }
        layer.severity.sort_by_key(|(s, _)| s.specificity());
        if let Some(scope) = scope {
            match scope.get_ref().joined().parse::<ScopeSet>() {
                Ok(set) => layer.scope = Some(set),
                Err(why) => self.problem(scope.span(), why),
            }
        }
        if let Some(fail_on) = fail_on {
            match parse_fail_on(fail_on.get_ref()) {
                Ok(threshold) => layer.fail_on = Some(threshold),
                Err(why) => self.problem(fail_on.span(), why),
            }
        }
        layer
    }

    /// A rule id, `category:NAME`, or (where allowed) `*`.
    fn selector(
        &mut self,
        rules: &RuleSet,
        text: &Spanned<String>,
        star: bool,
    ) -> Option<Selector> {
        let name = text.get_ref().trim();
        if star && name == "*" {
            return Some(Selector::All);
        }
        if let Some(category) = name.strip_prefix("category:") {
            if rules.categories().contains(&category) {
                return Some(Selector::Category(category.to_owned()));
            }
            let known = rules.categories().join(", ");
            self.problem(
                text.span(),
                format!("unknown category `{category}`; categories: {known}"),
            );
            return None;
        }
        if let Some(index) = rules.index_of(name) {
            return Some(Selector::Rule(index));
        }
        let hint = match rules.closest_id(name) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => "; `ally rules` lists the rule ids".to_owned(),
        };
        self.problem(text.span(), format!("unknown rule `{name}`{hint}"));
        None
    }

    /// Globs relative to the config's directory. `dir/**` also matches `dir` itself so that
    /// whole directories are skipped without being read.
    /// The `file-types` table: each glob with the file type it names, in the order written.
    fn file_types(
        &mut self,
        table: &std::collections::BTreeMap<Spanned<String>, Spanned<String>>,
    ) -> Vec<(GlobSet, FileKind, String)> {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(glob, _)| glob.span().start);
        let mut file_types = Vec::new();
        for (glob, name) in entries {
            let globs = self.globs(std::slice::from_ref(glob));
            match FileKind::named(name.get_ref()) {
                Some(kind) => file_types.push((globs, kind, glob.get_ref().clone())),
                None => {
                    let formats = ["text", "markdown", "html", "xml", "rst", "asciidoc"];
                    let languages = crate::extract::languages()
                        .all()
                        .iter()
                        .map(|l| l.name.as_str());
                    let mut message = format!("unknown file type `{}`", name.get_ref());
                    match closest(name.get_ref(), formats.into_iter().chain(languages)) {
                        Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
                        None => message.push_str(&format!(
                            "; use a document format ({}) or a language name such as `Python`",
                            formats.join(", ")
                        )),
                    }
                    self.problem(name.span(), message);
                }
            }
        }
        file_types
    }

    fn globs(&mut self, patterns: &[Spanned<String>]) -> GlobSet {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let text = pattern.get_ref().trim_start_matches("./");
            let mut variants = vec![
                text.to_owned(),
                format!("{}/**", text.trim_end_matches('/')),
            ];
            if let Some(dir) = text.strip_suffix("/**") {
                variants.push(dir.to_owned());
            }
            for variant in variants {
                match Glob::new(&variant) {
                    Ok(glob) => {
                        builder.add(glob);
                    }
                    Err(error) => {
                        self.problem(
                            pattern.span(),
                            format!("invalid glob `{}`: {}", pattern.get_ref(), error.kind()),
                        );
                        break;
                    }
                }
            }
        }
        builder.build().unwrap_or_else(|_| GlobSet::empty())
    }
}

/// The effective settings for `path`, as TOML, for `ally config`.
pub fn effective_toml(settings: &Settings, path: &Path) -> String {
    let policy = settings.policy_for(path);
    let (kind, reason) = match &policy.file_type {
        Some(chosen) => (chosen.kind, chosen.reason.clone()),
        None => {
            let text = read_start(path);
            let detected = FileKind::detect_with_reason(path, &text);
            (detected.kind, detected.reason.to_owned())
        }
    };
    let rules = settings.linter.rules();
    let mut out = format!("# Effective ally settings for {}\n", path.display());
    match &settings.config {
        Some(config) => out.push_str(&format!("# from {}\n", config.display())),
        None => out.push_str("# no config file found; built-in defaults\n"),
    }
    let quote = |items: Vec<String>| {
        items
            .iter()
            .map(|i| format!("{i:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "scope = [{}]\n",
        quote(
            policy
                .scopes
                .iter()
                .map(|s| s.plural().to_owned())
                .collect()
        )
    ));
    let fail_on = policy.threshold.map_or("never", Severity::as_str);
    out.push_str(&format!("fail-on = \"{fail_on}\"\n"));
    let disabled: Vec<String> = rules
        .rules()
        .iter()
        .enumerate()
        .filter(|(i, _)| !policy.enabled[*i])
        .map(|(_, r)| r.id.clone())
        .collect();
    out.push_str(&format!("disable = [{}]\n", quote(disabled)));
    let changed: Vec<String> = rules
        .rules()
        .iter()
        .enumerate()
        .filter(|(i, r)| policy.severity[*i] != r.severity)
        .map(|(i, r)| format!("{:?} = \"{}\"", r.id, policy.severity[i]))
        .collect();
    out.push_str(&format!("severity = {{ {} }}\n", changed.join(", ")));
    out.push_str(&format!(
        "allow-groups = [{}]\n",
        quote(policy.allow_groups.clone())
    ));
    out.push_str(&format!(
        "exclude = [{}]\n",
        quote(settings.exclude_globs().to_vec())
    ));
    let excluded = if settings.is_excluded(path) {
        "true  # by an `exclude` glob, or it is ally's own file"
    } else if path.is_file() && crate::walk::IgnoreFiles::default().ignores(path) {
        "true  # by an ignore file (.allyignore, .ignore or .gitignore)"
    } else {
        "false"
    };
    out.push_str(&format!("excluded = {excluded}\n"));
    let origin = crate::walk::Origins::of_named(path).or_else(|| {
        crate::walk::origin::has_generated_header(&read_start(path), kind.into()).then(|| {
            crate::walk::origin::Evidence {
                origin: crate::walk::Origin::Generated,
                reason: "its first lines say so".to_owned(),
            }
        })
    });
    let skipped = if settings.includes_generated() {
        "checked, as `include-generated` asks"
    } else {
        "skipped; `--include-generated` checks it"
    };
    match origin {
        Some(evidence) => out.push_str(&format!(
            "origin = \"{}\"  # {}: {skipped}\n",
            evidence.origin.name(),
            evidence.reason
        )),
        None => out.push_str("origin = \"authored\"\n"),
    }
    out.push_str(&format!("type = {:?}  # from {reason}\n", kind.name()));
    out
}

/// The start of a file, enough to tell its type by its text; empty if it cannot be read.
fn read_start(path: &Path) -> String {
    use std::io::Read;
    let mut bytes = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(64 * 1024).read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> Result<Settings, DataErrors> {
        let file = ConfigFile::parse(Path::new("/repo/.ally.toml"), text, false)
            .unwrap()
            .unwrap();
        Settings::new(Some(&file), &CliSettings::default())
    }

    fn first_error(text: &str) -> (String, usize, usize) {
        let located = settings(text).unwrap_err().located();
        let first = located.into_iter().next().unwrap();
        (first.message, first.line, first.column)
    }

    fn rule(settings: &Settings, id: &str) -> usize {
        settings.linter.rules().index_of(id).unwrap()
    }

    #[test]
    fn disable_enable_and_severity_by_rule_category_and_star() {
        let s = settings(
            "disable = [\"category:age\"]\nenable = [\"senile\"]\n\
             severity = { \"*\" = \"info\", \"category:tech\" = \"warning\", whitelist = \"error\" }\n",
        )
        .unwrap();
        let policy = s.policy_for(Path::new("/repo/a.md"));
        assert!(!policy.enabled[rule(&s, "elderly")]);
        assert!(policy.enabled[rule(&s, "senile")]);
        assert_eq!(policy.severity[rule(&s, "whitelist")], Severity::Error);
        assert_eq!(policy.severity[rule(&s, "master")], Severity::Warning);
        assert_eq!(policy.severity[rule(&s, "crazy")], Severity::Info);
    }

    #[test]
    fn overrides_apply_to_matching_paths_in_order() {
        let s = settings(
            "[[overrides]]\npaths = [\"vendor/**\"]\nscope = [\"comments\"]\n\n\
             [[overrides]]\npaths = [\"docs/history\"]\nseverity = { \"*\" = \"info\" }\n",
        )
        .unwrap();
        assert_eq!(
            s.policy_for(Path::new("/repo/vendor/x/lib.rs"))
                .scopes
                .to_string(),
            "comments"
        );
        assert_eq!(
            s.policy_for(Path::new("/repo/src/lib.rs")).scopes,
            ScopeSet::ALL
        );
        let history = s.policy_for(Path::new("/repo/docs/history/2019.md"));
        assert!(history.severity.iter().all(|s| *s == Severity::Info));
    }

    #[test]
    fn the_command_line_wins_over_overrides() {
        let file = ConfigFile::parse(
            Path::new("/repo/.ally.toml"),
            "fail-on = \"info\"\n[[overrides]]\npaths = [\"a/**\"]\nscope = \"comments\"\n",
            false,
        )
        .unwrap()
        .unwrap();
        let cli = CliSettings {
            scope: Some(ScopeSet::ALL),
            fail_on: Some(None),
            ..CliSettings::default()
        };
        let s = Settings::new(Some(&file), &cli).unwrap();
        let policy = s.policy_for(Path::new("/repo/a/b.rs"));
        assert_eq!(policy.scopes, ScopeSet::ALL);
        assert_eq!(policy.threshold, None);
    }

    #[test]
    fn excludes_match_files_and_directories() {
        let s = settings("exclude = [\"vendor/**\", \"*.min.js\", \"build\"]\n").unwrap();
        assert!(s.is_excluded(Path::new("/repo/vendor")));
        assert!(s.is_excluded(Path::new("/repo/vendor/a/b.rs")));
        assert!(s.is_excluded(Path::new("/repo/web/app.min.js")));
        assert!(s.is_excluded(Path::new("/repo/build/out.txt")));
        assert!(!s.is_excluded(Path::new("/repo/src/main.rs")));
        assert!(!s.is_excluded(Path::new("/elsewhere/vendor/x")));
    }

    #[test]
    fn bad_values_are_located_with_suggestions() {
        assert_eq!(
            first_error("disable = [\"whitelst\"]\n"),
            (
                "unknown rule `whitelst`; did you mean `whitelist`?".into(),
                1,
                12
            )
        );
        assert!(
            first_error("disable = [\"category:food\"]\n")
                .0
                .starts_with("unknown category `food`")
        );
        assert_eq!(first_error("severity = { master = \"fatal\" }\n").2, 23);
        assert!(
            first_error("scope = \"docs\"\n")
                .0
                .contains("unknown scope `docs`")
        );
        assert!(
            first_error("fail-on = \"sometimes\"\n")
                .0
                .contains("unknown fail-on value")
        );
        assert!(
            first_error("exclude = [\"a[\"]\n")
                .0
                .starts_with("invalid glob `a[`")
        );
        let (message, line, _) = first_error("extend-rules = [\"missing.toml\"]\n");
        assert!(
            message.starts_with("cannot read rule file `missing.toml`"),
            "{message}"
        );
        assert_eq!(line, 1);
    }

    #[test]
    fn allow_groups_must_exist() {
        let group = "[[allow]]\nphrase = \"origin/master\"\nreason = \"a branch\"\ngroup = \"git-branch-names\"\n";
        let cli = CliSettings {
            rule_files: vec![DataFile::new("groups.toml", group)],
            ..CliSettings::default()
        };
        let load = |text: &str| {
            let file = ConfigFile::parse(Path::new("/repo/.ally.toml"), text, false)
                .unwrap()
                .unwrap();
            Settings::new(Some(&file), &cli)
        };
        let errors = load("allow-groups = [\"git-branch\"]\n").unwrap_err();
        assert!(
            errors.located()[0]
                .message
                .ends_with("did you mean `git-branch-names`?")
        );
        let s = load("allow-groups = [\"git-branch-names\"]\n").unwrap();
        assert_eq!(
            s.policy_for(Path::new("/repo/a.md")).allow_groups,
            ["git-branch-names"]
        );
    }

    #[test]
    fn replacements_name_existing_rules() {
        let s = settings("replace = { master = \"primary\" }\n").unwrap();
        assert_eq!(s.replace.get("master").map(String::as_str), Some("primary"));
        assert!(
            first_error("replace = { mastr = \"x\" }\n")
                .0
                .contains("did you mean `master`?")
        );
    }

    #[test]
    fn allow_phrases_become_exceptions() {
        let s = settings("allow = [\"Master Control\"]\n").unwrap();
        let kind = crate::extract::FileKind::Document(crate::extract::DocumentFormat::Text);
        let policy = s.policy_for(Path::new("/repo/a.txt"));
        assert!(
            s.linter
                .check("Open Master Control now", kind, &policy)
                .is_empty()
        );
        assert_eq!(s.linter.check("the master node", kind, &policy).len(), 1);
    }
}
