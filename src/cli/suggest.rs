//! `ally check --suggest-allow`: ready-to-paste config for the names a run met that belong to
//! other projects.
//!
//! Two kinds of evidence: a phrase of a shipped group of another project's names (`SHOW SLAVE
//! STATUS`, `master_doc`), and an identifier that the checked files only ever use as a field
//! or method of something else (`instance.MasterUsername`) and never define or use bare. The
//! second is decided over the whole run, so it is only as good as the set of files checked.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ally::{FileReport, RuleSet, Scope};

/// What the run has seen so far.
#[derive(Default)]
pub(crate) struct Suggestions {
    /// Group id → (owner, findings).
    groups: BTreeMap<String, (String, usize)>,
    /// Identifier → how it was met.
    names: BTreeMap<String, Sites>,
}

#[derive(Default)]
struct Sites {
    /// As a field or method of another value (`x.Name`, `x->name`).
    as_member: usize,
    /// Anywhere else: defined, declared or used on its own.
    elsewhere: usize,
    /// Where it was first met, as `path:line`.
    first: String,
}

impl Suggestions {
    /// Takes note of the findings of one file.
    pub(crate) fn observe(&mut self, report: &FileReport, _rules: &RuleSet) {
        for finding in &report.findings {
            if let Some(external) = &finding.external {
                let entry = self
                    .groups
                    .entry(external.group.clone())
                    .or_insert_with(|| (external.owner.clone(), 0));
                entry.1 += 1;
                continue;
            }
            if finding.scope != Scope::Identifier {
                continue;
            }
            let excerpt = &finding.excerpt;
            let Some((name, member)) = name_at(&excerpt.text, excerpt.highlight.clone()) else {
                continue;
            };
            let sites = self.names.entry(name).or_default();
            if sites.first.is_empty() {
                sites.first = format!("{}:{}", report.path, finding.start.line);
            }
            if member {
                sites.as_member += 1;
            } else {
                sites.elsewhere += 1;
            }
        }
    }

    /// The config to paste, or `None` when the run met no other project's names.
    pub(crate) fn render(&self) -> Option<String> {
        let members: Vec<(&String, &Sites)> = self
            .names
            .iter()
            .filter(|(_, sites)| sites.elsewhere == 0 && sites.as_member > 0)
            .collect();
        if self.groups.is_empty() && members.is_empty() {
            return None;
        }
        let mut out = String::from(
            "# Names that other projects define, met in this run. Paste into .ally.toml to\n\
             # allow them; renaming them is up to the projects that define them.\n",
        );
        if !self.groups.is_empty() {
            let ids: Vec<String> = self.groups.keys().map(|g| format!("\"{g}\"")).collect();
            let owners: Vec<String> = self
                .groups
                .values()
                .map(|(owner, count)| format!("{owner} ({count})"))
                .collect();
            let _ = writeln!(out, "allow-groups = [{}]", ids.join(", "));
            let _ = writeln!(out, "# {}", owners.join(", "));
        }
        if !members.is_empty() {
            out.push_str(
                "# Used only as fields or methods of other code, never defined or used on their\n\
                 # own in the checked files:\nallow = [\n",
            );
            for (name, sites) in members {
                let more = match sites.as_member {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                let _ = writeln!(out, "  \"{name}\",  # {}{more}", sites.first);
            }
            out.push_str("]\n");
        }
        Some(out)
    }
}

/// The whole identifier around `highlight` in `line`, and whether it is written as a member of
/// another value (`x.Name`, `x->name`, `x?.name`).
fn name_at(line: &str, highlight: std::ops::Range<usize>) -> Option<(String, bool)> {
    let bytes = line.as_bytes();
    let is_part = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let start = bytes[..highlight.start.min(bytes.len())]
        .iter()
        .rposition(|&b| !is_part(b))
        .map_or(0, |i| i + 1);
    let end = bytes[highlight.end.min(bytes.len())..]
        .iter()
        .position(|&b| !is_part(b))
        .map_or(bytes.len(), |i| highlight.end + i);
    let name = line.get(start..end)?;
    if name.is_empty() {
        return None;
    }
    let before = &line[..start];
    let member = (before.ends_with('.') && !before.ends_with("..")) || before.ends_with("->");
    // A member that is assigned or declared here is defined here (`self.master = …`).
    let after = line[end..].trim_start();
    let assigned = after.starts_with('=') && !after.starts_with("==");
    Some((name.to_owned(), member && !assigned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_told_from_definitions() {
        let at = |line: &str, term: &str| {
            let s = line.find(term).unwrap();
            name_at(line, s..s + term.len())
        };
        assert_eq!(
            at("user := instance.MasterUsername", "Master"),
            Some(("MasterUsername".into(), true))
        );
        assert_eq!(
            at("self.master_fd = fd", "master"),
            Some(("master_fd".into(), false))
        );
        assert_eq!(
            at("MasterUsername string", "Master"),
            Some(("MasterUsername".into(), false))
        );
        assert_eq!(
            at("p->slave_count++", "slave"),
            Some(("slave_count".into(), true))
        );
    }
}
