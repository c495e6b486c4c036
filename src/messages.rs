//! Words around the code that are not in a file: commit messages, and a pull request's title
//! and description. They are read into text here and then checked like a plain-text file, with
//! the same rules, severities, suppressions and config; their reports say what they are (see
//! [`crate::finding::Writing`]), so that a report can point at the commit or the pull request
//! instead of a file.

use crate::finding::Writing;

/// A text to check that no file holds: the name it is shown under, what it is, and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The name reports show: `commit 1a2b3c4`, `pull request title`.
    pub display: String,
    pub writing: Writing,
    pub text: String,
}

/// The name that picks how a message is read: as plain prose.
pub const MESSAGE_FILE_NAME: &str = "COMMIT_EDITMSG";

/// The message a person wrote, as git keeps it from the file `git commit` opened: lines that
/// start with the comment character are git's help, and everything from the scissors line of
/// `git commit -v` on is the diff shown for reference. Those lines are blanked rather than
/// removed, so that a finding's line is the line of the file.
pub fn commit_message_text(file: &str, comment_char: char) -> String {
    let scissors = format!("{comment_char} ------------------------ >8 ------------------------");
    let mut out = String::with_capacity(file.len());
    for line in file.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content == scissors {
            break;
        }
        if content.starts_with(comment_char) {
            out.push_str(&line[content.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The title and description of the pull request in a GitHub event payload (the file that
/// `GITHUB_EVENT_PATH` names), as two messages; none for an event without a pull request.
pub fn pull_request_messages(payload: &str) -> Result<Vec<Message>, String> {
    let event: serde_json::Value = serde_json::from_str(payload)
        .map_err(|e| format!("the event payload is not valid JSON: {e}"))?;
    let Some(pull_request) = event.get("pull_request").filter(|p| p.is_object()) else {
        return Ok(Vec::new());
    };
    let number = pull_request
        .get("number")
        .and_then(serde_json::Value::as_u64);
    let mut messages = Vec::new();
    for (field, part) in [("title", "title"), ("body", "description")] {
        let Some(text) = pull_request.get(field).and_then(serde_json::Value::as_str) else {
            continue;
        };
        let mut text = text.replace("\r\n", "\n");
        if !text.ends_with('\n') {
            text.push('\n');
        }
        messages.push(Message {
            display: match number {
                Some(n) => format!("pull request #{n} {part}"),
                None => format!("pull request {part}"),
            },
            writing: Writing::PullRequest {
                number,
                part: part.to_owned(),
            },
            text,
        });
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_comments_and_the_diff_below_the_scissors_are_left_out() {
        let file = "Fix the whitelist check\n\n# Please enter the commit message.\n# whitelist\nBody line\n# ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\ndiff --git a/x b/x\n+whitelist\n";
        assert_eq!(
            commit_message_text(file, '#'),
            "Fix the whitelist check\n\n\n\nBody line\n"
        );
        // Another comment character (core.commentChar) keeps `#` lines, such as issue numbers.
        assert_eq!(
            commit_message_text("#12 master\n; comment\n", ';'),
            "#12 master\n\n"
        );
    }

    #[test]
    fn a_pull_request_event_gives_its_title_and_description() {
        let payload = r#"{"action":"opened","number":7,"pull_request":{"number":7,"title":"Drop the blacklist","body":"Line one\r\nUses a whitelist"}}"#;
        let messages = pull_request_messages(payload).unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0].display, "pull request #7 title");
        assert_eq!(messages[0].text, "Drop the blacklist\n");
        assert_eq!(messages[1].display, "pull request #7 description");
        assert_eq!(messages[1].text, "Line one\nUses a whitelist\n");
        // A pull request without a description has a null body.
        let empty = r#"{"pull_request":{"number":8,"title":"Tidy","body":null}}"#;
        assert_eq!(pull_request_messages(empty).unwrap().len(), 1);
        assert_eq!(pull_request_messages(r#"{"ref":"main"}"#).unwrap(), []);
        assert!(
            pull_request_messages("{")
                .unwrap_err()
                .contains("not valid JSON")
        );
    }
}
