//! How a file is read when its name is not enough: reStructuredText in `.txt` files (told by
//! the project's Sphinx `conf.py` or by the markup itself), the config's `file-types` globs, and
//! `ally config PATH`, which says which type was chosen and why.

mod binary;

use std::path::Path;

use binary::{findings_of as findings, write};

fn config(root: &Path, path: &str) -> String {
    let output = binary::ally(root, &["config", path]);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// A page of a Sphinx project in reStructuredText: the label, the role's target, the literal
/// block and the inline literal are not prose; the sentence is.
const PAGE: &str = "\
.. _whitelist-setup:

Setup
=====

See :ref:`blacklist-notes` before you start. Add the host to the whitelist::

    ALLOWED = \"master\"

Then run ``slave --check``.
";

fn prose_only(root: &Path, name: &str) {
    assert_eq!(
        findings(root, &[name]),
        [(name.to_owned(), 6, 66, "whitelist".to_owned())],
        "{name}"
    );
}

#[test]
fn a_sphinx_project_that_writes_txt_files_has_them_read_as_rst() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(
        root,
        "docs/conf.py",
        "project = 'demo'\nsource_suffix = '.txt'\n",
    );
    // No marker in this page says reStructuredText; only the project's conf.py does.
    write(
        root,
        "docs/topics/intro.txt",
        "Intro\n=====\n\nThe master copy is below::\n\n    slave = 1\n",
    );
    write(root, "docs/topics/setup.txt", PAGE);
    assert_eq!(
        findings(root, &["docs/topics/intro.txt"]),
        [(
            "docs/topics/intro.txt".to_owned(),
            4,
            5,
            "master".to_owned()
        )]
    );
    prose_only(root, "docs/topics/setup.txt");
    assert!(
        config(root, "docs/topics/intro.txt")
            .contains("type = \"restructuredtext\"  # from the Sphinx configuration"),
        "{}",
        config(root, "docs/topics/intro.txt")
    );
    // Outside the Sphinx project, the same text is plain text.
    write(
        root,
        "notes/intro.txt",
        "Intro\n=====\n\nThe master copy is below::\n\n    slave = 1\n",
    );
    assert_eq!(findings(root, &["notes/intro.txt"]).len(), 2);
}

#[test]
fn rst_markup_in_a_txt_file_is_read_as_rst_without_a_conf_py() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "page.txt", PAGE);
    prose_only(root, "page.txt");
    assert!(config(root, "page.txt").contains(
        "type = \"restructuredtext\"  # from its text, written in reStructuredText markup"
    ));
    write(root, "plain.txt", "Notes\n=====\n\nThe master plan.\n");
    assert!(config(root, "plain.txt").contains("type = \"text\"  # from its name"));
}

#[test]
fn the_config_maps_globs_to_file_types_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(
        root,
        ".ally.toml",
        "[file-types]\n\"*.txt\" = \"rst\"\n\"docs/**/*.inc\" = \"markdown\"\n\"scripts/*\" = \"shell\"\n",
    );
    write(
        root,
        "notes.txt",
        "Intro\n\n::\n\n    master = 1\n\nA whitelist.\n",
    );
    write(
        root,
        "docs/part/a.inc",
        "# Title\n\n`master` and a whitelist.\n",
    );
    write(root, "scripts/run", "# the whitelist\necho master\n");
    assert_eq!(
        findings(root, &["notes.txt", "docs/part/a.inc", "scripts/run"]),
        [
            ("notes.txt".to_owned(), 7, 3, "whitelist".to_owned()),
            ("docs/part/a.inc".to_owned(), 3, 16, "whitelist".to_owned()),
            ("scripts/run".to_owned(), 1, 7, "whitelist".to_owned()),
            ("scripts/run".to_owned(), 2, 6, "master".to_owned()),
        ]
    );
    assert!(
        config(root, "docs/part/a.inc")
            .contains("type = \"markdown\"  # from the config's file-types entry `docs/**/*.inc`")
    );
    assert!(config(root, "scripts/run").contains("type = \"Shell\""));
    // A type that does not exist is an error with the nearest name.
    write(
        root,
        ".ally.toml",
        "[file-types]\n\"*.txt\" = \"restructured\"\n",
    );
    let output = binary::ally(root, &["check", "notes.txt"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown file type `restructured`"),
        "{stderr}"
    );
}
