//! Messages over standard input and output, framed with `Content-Length` headers.
//!
//! `lsp-server` has a stdio transport, but it stops at the first malformed message. This one
//! answers a body that is not JSON with a parse error, and one that is not a JSON-RPC message
//! with an invalid-request error, and reads on; stray lines between messages are skipped until
//! the next `Content-Length` header. Only the end of input (or an `exit`) stops it.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{ErrorCode, Message};

/// The reader and writer threads of a stdio connection.
#[derive(Debug)]
pub(crate) struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads: the writer ends when every sender is dropped.
    pub(crate) fn join(self) -> io::Result<()> {
        // The reader may be blocked on standard input that the client never closes; it ends
        // with the process.
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// Channels to and from a client on standard input and output.
pub(crate) fn stdio() -> (Sender<Message>, Receiver<Message>, IoThreads) {
    let (to_client, outgoing) = bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("ally-lsp-writer".to_owned())
        .spawn(move || {
            for message in outgoing {
                message.write(&mut io::stdout().lock())?;
            }
            Ok(())
        })
        .expect("a thread can be started");
    let (incoming, from_client) = bounded::<Message>(0);
    let reader = thread::Builder::new()
        .name("ally-lsp-reader".to_owned())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            read_messages(
                &mut input,
                &mut |error| {
                    let _ = write_raw(&mut io::stdout().lock(), &error);
                },
                &incoming,
            );
        })
        .expect("a thread can be started");
    (to_client, from_client, IoThreads { reader, writer })
}

/// Reads messages until the input ends, the receiver is gone, or `exit` arrives. Malformed
/// messages are answered through `reply` with a JSON-RPC error object (id null).
pub(crate) fn read_messages(
    input: &mut impl BufRead,
    reply: &mut impl FnMut(String),
    incoming: &Sender<Message>,
) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) | Err(_) => return,
        };
        let message = match parse(&body) {
            Ok(message) => message,
            Err(error) => {
                reply(error);
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return;
        }
    }
}

/// One message body, or `None` at the end of the input. Lines before a `Content-Length`
/// header that are not headers are skipped.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<u64> = None;
    let mut line = String::new();
    loop {
        line.clear();
        let mut bytes = Vec::new();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(None);
        }
        line.push_str(&String::from_utf8_lossy(&bytes));
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if let Some(length) = length {
                let mut body = Vec::new();
                input.take(length).read_to_end(&mut body)?;
                if (body.len() as u64) < length {
                    return Ok(None);
                }
                return Ok(Some(body));
            }
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
}

/// A message from a body, or the error object to answer with.
fn parse(body: &[u8]) -> Result<Message, String> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return Err(error_object(
                ErrorCode::ParseError,
                &format!("the message is not valid JSON: {error}"),
            ));
        }
    };
    serde_json::from_value(value).map_err(|_| {
        error_object(
            ErrorCode::InvalidRequest,
            "the message is not a JSON-RPC request, response or notification",
        )
    })
}

fn error_object(code: ErrorCode, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code as i32, "message": message },
    })
    .to_string()
}

fn write_raw(out: &mut impl Write, body: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_messages_are_answered_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            "garbage line\r\n".to_owned(),
            frame("{\"jsonrpc\":\"2.0\",\"result\":1}"),
            format!(
                "Content-Type: x\r\n{}",
                frame("{\"jsonrpc\":\"2.0\",\"method\":\"a\"}")
            ),
            frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"),
            frame("{\"jsonrpc\":\"2.0\",\"method\":\"never read\"}"),
        ]
        .concat();
        let (sender, receiver) = crossbeam_channel::unbounded();
        let mut replies = Vec::new();
        read_messages(
            &mut io::Cursor::new(input),
            &mut |reply| replies.push(reply),
            &sender,
        );
        drop(sender);
        let methods: Vec<String> = receiver
            .iter()
            .map(|m| match m {
                Message::Notification(n) => n.method,
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(methods, ["a", "exit"]);
        assert_eq!(replies.len(), 2);
        assert!(replies[0].contains("-32700"), "{}", replies[0]);
        assert!(replies[1].contains("-32600"), "{}", replies[1]);
    }

    #[test]
    fn a_truncated_body_ends_the_input() {
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_messages(
            &mut io::Cursor::new("Content-Length: 99\r\n\r\n{}"),
            &mut |_| {},
            &sender,
        );
        assert!(receiver.try_recv().is_err());
    }
}
