//! The words of a run's summary line (`checked 12 files: no findings`), for the formats that end
//! with one.

use super::collect::plural;
use crate::finding::Summary;
use crate::rules::Severity;

/// `no findings`, or `1 error, 2 warnings, 0 info`.
pub(crate) fn counts(summary: &Summary) -> String {
    if summary.findings() == 0 {
        return "no findings".to_owned();
    }
    format!(
        "{}, {}, {} info",
        plural(summary.count(Severity::Error), "error", "errors"),
        plural(summary.count(Severity::Warning), "warning", "warnings"),
        summary.count(Severity::Info)
    )
}

/// What comes after the counts: files skipped and paths that could not be checked.
pub(crate) fn tail(summary: &Summary) -> String {
    let mut tail = String::new();
    if summary.files_skipped > 0 {
        tail.push_str(&format!(
            " ({} skipped)",
            plural(summary.files_skipped, "binary file", "binary files")
        ));
    }
    let not_authored = match (summary.skipped_generated, summary.skipped_vendored) {
        (0, 0) => None,
        (generated, 0) => Some(plural(generated, "generated file", "generated files")),
        (0, vendored) => Some(plural(vendored, "vendored file", "vendored files")),
        (generated, vendored) => Some(format!(
            "{generated} generated and {}",
            plural(vendored, "vendored file", "vendored files")
        )),
    };
    if let Some(skipped) = not_authored {
        tail.push_str(&format!(
            "; skipped {skipped} (`--include-generated` checks them)"
        ));
    }
    if summary.errors > 0 {
        tail.push_str(&format!(
            "; {} could not be checked",
            plural(summary.errors, "path", "paths")
        ));
    }
    tail
}

/// `checked 12 files: no findings`, with the tail.
pub(crate) fn line(summary: &Summary) -> String {
    format!(
        "checked {}: {}{}",
        checked(summary),
        counts(summary),
        tail(summary)
    )
}

/// `12 files`, and `and 3 messages` when commit messages or pull-request text were checked.
pub(crate) fn checked(summary: &Summary) -> String {
    let files = plural(summary.files_checked, "file", "files");
    match summary.messages_checked {
        0 => files,
        _ if summary.files_checked == 0 => plural(summary.messages_checked, "message", "messages"),
        n => format!("{files} and {}", plural(n, "message", "messages")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_reads_as_the_human_summary_does() {
        let mut summary = Summary {
            files_checked: 1,
            ..Summary::default()
        };
        assert_eq!(line(&summary), "checked 1 file: no findings");
        summary.files_checked = 3;
        summary.by_severity = [1, 2, 1];
        summary.errors = 1;
        summary.files_skipped = 2;
        assert_eq!(
            line(&summary),
            "checked 3 files: 1 error, 2 warnings, 1 info (2 binary files skipped); 1 path could \
             not be checked"
        );
        summary.errors = 0;
        summary.skipped_generated = 14;
        summary.skipped_vendored = 3;
        assert_eq!(
            tail(&summary),
            " (2 binary files skipped); skipped 14 generated and 3 vendored files \
             (`--include-generated` checks them)"
        );
        summary.skipped_vendored = 0;
        summary.skipped_generated = 1;
        assert_eq!(
            tail(&summary),
            " (2 binary files skipped); skipped 1 generated file (`--include-generated` checks them)"
        );
    }
}
