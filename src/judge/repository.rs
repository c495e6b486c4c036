//! Another repository's branch. `master` right after a reference to another repository (the
//! code span `` `owner/repo` ``, a link to a code host) or in the text of a link to one (`the
//! gmpy2 master for commit 9177648 <https://github.com/…>`) names that repository's branch,
//! which the author cannot rename; so does `the CPython master branch` or `the master branch
//! of Python`, where a name owns the branch. So do the version comment of a pinned GitHub
//! Action (`uses: owner/action@3f1c… # master`) and a release note copied from another
//! repository, which credits that repository's pull request
//! (`… ([kubernetes/kubernetes#86139](https://github.com/kubernetes/kubernetes/pull/86139))`).

use super::line_start;

/// Hosts whose links name a repository.
const CODE_HOSTS: &[&str] = &[
    "github.com/",
    "gitlab.com/",
    "bitbucket.org/",
    "codeberg.org/",
    "sr.ht/",
];

/// How far around the term a reference is looked for, in bytes.
const REACH: usize = 300;

/// Whether the term at `start..end` names a branch of a repository other than the one it is
/// written in.
pub(super) fn names_other_repository_branch(text: &str, start: usize, end: usize) -> bool {
    let before = &text[line_start(text, start)..start];
    let reference = after_reference(before)
        || after_pinned_action(before)
        || inside_link_to_repository(text, end)
        || in_note_crediting_repository(text, end);
    (reference && reads_as_branch(text, end)) || owned_by_name(text, start, end)
}

/// `uses: actions/checkout@3f1c… # master`: the comment after a pinned action names the branch
/// of the action's repository that the commit was taken from.
fn after_pinned_action(before: &str) -> bool {
    let Some(code) = before.trim_end().strip_suffix('#') else {
        return false;
    };
    let code = code.trim();
    let code = code.strip_prefix("- ").unwrap_or(code);
    code.strip_prefix("uses:")
        .and_then(|used| used.trim().split_once('@'))
        .is_some_and(|(action, commit)| {
            action.contains('/')
                && commit.len() >= 7
                && commit.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// How many lines of a list item after the term are searched for its credit.
const NOTE_LINES: usize = 40;

/// The term is in a list item that ends by crediting a pull request or issue of a named
/// repository (`([owner/repo#123](https://github.com/owner/repo/pull/123), [@someone](…))`),
/// as release notes collected from another project are written. The item runs on while its
/// lines are blank or indented.
fn in_note_crediting_repository(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    for (index, line) in rest.split('\n').take(NOTE_LINES).enumerate() {
        let continues = index == 0 || line.trim().is_empty() || line.starts_with([' ', '\t']);
        if !continues {
            return false;
        }
        if credits_repository(line) {
            return true;
        }
    }
    false
}

/// `[owner/repo#123](https://github.com/owner/repo/pull/123)` somewhere in the line.
fn credits_repository(line: &str) -> bool {
    line.match_indices("](https://github.com/").any(|(at, _)| {
        let Some(open) = line[..at].rfind('[') else {
            return false;
        };
        let Some((repository, number)) = line[open + 1..at].split_once('#') else {
            return false;
        };
        let url = &line[at + 2..];
        !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
            && repository.split('/').count() == 2
            && url.strip_prefix("https://github.com/").is_some_and(|path| {
                path.starts_with(&format!("{repository}/pull/"))
                    || path.starts_with(&format!("{repository}/issues/"))
            })
    })
}

/// Whether the words after the term say that it is a branch: `master and/or release branch`,
/// `master for commit 9177648`, or nothing more in the sentence. `` `config/default` master
/// copy`` is a path and a use of the word.
fn reads_as_branch(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let clause = &rest[..rest
        .find(['.', ';', '(', ']', '`', '<', '\n'])
        .unwrap_or(rest.len())];
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    words.is_empty()
        || words.iter().any(|w| {
            matches!(
                *w,
                "branch" | "branches" | "commit" | "tag" | "head" | "HEAD"
            )
        })
}

fn is_repository_url(url: &str) -> bool {
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let url = url.strip_prefix("www.").unwrap_or(url);
    CODE_HOSTS.iter().any(|host| {
        url.strip_prefix(host)
            .is_some_and(|path| path.split('/').filter(|p| !p.is_empty()).count() >= 2)
    })
}

/// `` `owner/repo` master `` or `[repo](https://github.com/owner/repo) master`: the line
/// before the term ends with a reference to a repository.
fn after_reference(before: &str) -> bool {
    let before = before.trim_end_matches([' ', '\t']);
    if before.len() == before.trim_end_matches(['`']).len() + 1 {
        let inner = &before[..before.len() - 1];
        let Some(open) = inner.rfind('`') else {
            return false;
        };
        let span = &inner[open + 1..];
        let mut parts = span.split('/');
        let is_part = |p: &str| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        return matches!((parts.next(), parts.next(), parts.next()), (Some(o), Some(r), None) if is_part(o) && is_part(r));
    }
    if let Some(link) = before.strip_suffix(')')
        && let Some(open) = link.rfind("](")
    {
        return is_repository_url(&link[open + 2..]);
    }
    false
}

/// The term is in the text of a link whose target, later in the same link, is a repository
/// on a code host: Markdown `[… master …](https://github.com/…)` or reStructuredText
/// `` `… master … <https://github.com/…>`_ ``.
fn inside_link_to_repository(text: &str, end: usize) -> bool {
    let after = super::text_after(text, end, REACH);
    let Some(close) = after.find([']', '`', '>', '\n']) else {
        return false;
    };
    let closing = &after[close..];
    if let Some(url) = closing.strip_prefix("](") {
        return is_repository_url(url);
    }
    // reStructuredText: ` <url>`_ ends the link text; the URL may start on the next line.
    if let Some(open) = after[..close].rfind('<')
        && closing.starts_with('>')
    {
        return is_repository_url(after[open + 1..close].trim());
    }
    if closing.starts_with('\n')
        && let Some(url_at) = after[close..].find('<')
        && after[close..close + url_at].trim().is_empty()
    {
        let url = &after[close + url_at + 1..];
        return url
            .find('>')
            .is_some_and(|stop| is_repository_url(&url[..stop]));
    }
    false
}

/// `the CPython master branch`, `the master branch of Python`: a capitalised name that is not
/// the first word of its sentence owns the branch.
fn owned_by_name(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end].to_ascii_lowercase().ends_with("branch") {
        return false;
    }
    // The name may end the line before (`publishing the CPython\nmaster branch`).
    let from = line_start(text, line_start(text, start).saturating_sub(1));
    let before = text[from..start].trim_end();
    let name_before = before
        .rsplit(char::is_whitespace)
        .next()
        .filter(|word| {
            let head = &before[..before.len() - word.len()];
            is_name(word)
                && head
                    .trim_end()
                    .ends_with(|c: char| c.is_alphabetic() || c == ',')
        })
        .is_some();
    let after = text[end..].trim_start_matches([' ', '\t', '\n']);
    let name_after = after
        .strip_prefix("of ")
        .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
        .is_some_and(is_name);
    name_before || name_after
}

/// A capitalised word that is not a plain English word at a sentence start: `CPython`,
/// `Python`, `NumPy`.
fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.len() > 1
        && word.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !matches!(
            word,
            "The" | "This" | "That" | "Our" | "Your" | "Its" | "A" | "An"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch_of_other(text: &str, term: &str) -> bool {
        let start = text.find(term).unwrap();
        names_other_repository_branch(text, start, start + term.len())
    }

    #[test]
    fn a_reference_to_another_repository_owns_the_branch() {
        for (text, term) in [
            (
                "merge into `prometheus-operator/kube-prometheus` master and/or release branch",
                "master",
            ),
            (
                "merge PR into [kubernetes-mixin](https://github.com/k/kubernetes-mixin/tree/x) master",
                "master",
            ),
            (
                "Reference code: `mpz_set_PyLong() in the gmpy2 master for commit 9177648\n<https://github.com/aleaxit/gmpy/blob/9177648/src/x.c#L42>`_.",
                "master",
            ),
            (
                "see [the gmpy2 master](https://github.com/aleaxit/gmpy) for it",
                "master",
            ),
            (
                "their own builds from the CPython master branch (e.g. [6]_).",
                "master branch",
            ),
            (
                "tested on the master branch of Python in a CI.",
                "master branch",
            ),
            (
                "publishing the CPython\nmaster branch directly.",
                "master branch",
            ),
            (
                "      - uses: golang/govulncheck-action@032d45514ae346b1db93c04b0c90b841c370344f # master",
                "master",
            ),
            (
                "- #### Additional documentation:\n\n  <!--\n  avoid\n  linking directly to the master branch. This ensures it.\n\n  --> ([kubernetes/kubernetes#86139](https://github.com/kubernetes/kubernetes/pull/86139), [@j](https://github.com/j))",
                "master branch",
            ),
        ] {
            assert!(branch_of_other(text, term), "{text}");
        }
    }

    #[test]
    fn the_projects_own_branch_stays_its_own() {
        for (text, term) in [
            ("Merge it into master and tag it.", "master"),
            ("Push `main` and `master` both.", "master"),
            ("The `config/default` master copy is read first.", "master"),
            ("Use the master branch of this repository.", "master branch"),
            ("Master branch builds are nightly.", "Master branch"),
            ("the [master](docs/branches.md) branch", "master"),
            ("a link [docs](https://example.com/a/b) master", "master"),
            ("see [the master node](https://github.com) docs", "master"),
            ("We build the master branch nightly.", "master branch"),
            ("  - uses: ./local-action # master", "master"),
            ("  - uses: actions/checkout@v4 # master", "master"),
            (
                "- Fix the master branch build.\n- Other ([k/k#1](https://github.com/k/k/pull/1))",
                "master branch",
            ),
            (
                "- Fix the master branch build ([k/k#1](https://github.com/other/x/pull/1))",
                "master branch",
            ),
        ] {
            let found = text.find(term).is_some_and(|_| branch_of_other(text, term));
            assert!(!found, "{text}");
        }
    }
}
