//! Messages over standard input and output, framed with `Content-Length` headers.
//!
//! `lsp-server` has a stdio transport, but it stops at the first malformed message. This one
//! answers a body that is not JSON with a parse error, and one that is not a JSON-RPC message
//! with an invalid-request error, and reads on; stray bytes between messages are skipped until
//! the next `Content-Length` header. Only the end of input (or an `exit`) stops it.
//!
//! A frame whose `Content-Length` is wrong (a client that counts characters instead of bytes
//! is off by one for every non-ASCII character) takes too little or too much: the rest of its
//! body, or the start of the next header, is on the wrong side of the cut. So a header is
//! found anywhere in a line, not only at its start, and the bytes of a body that is not JSON
//! are read again (from its second byte) for the next header, which may have started inside
//! it. Every later well-formed message is then read as it was sent.

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
    let mut input = Replay::new(input);
    loop {
        let body = match read_frame(&mut input) {
            Ok(Some(Frame::Body(body))) => body,
            Ok(Some(Frame::TooLarge(length))) => {
                reply(too_large_notice(length));
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        let message = match parse(&body) {
            Ok(message) => message,
            Err(Invalid::Json(error)) => {
                reply(error);
                // The frame may have been cut in the wrong place: look for the next header in
                // what it took, past its first byte so that reading always moves on.
                input.unread(body.get(1..).unwrap_or_default());
                continue;
            }
            Err(Invalid::Message(error)) => {
                reply(error);
                continue;
            }
        };
        // The message holds the text now; the raw frame need not stay alive beside it.
        drop(body);
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return;
        }
    }
}

/// The largest message the server reads. Decoding a JSON message takes three to four times its
/// size (the frame, the decoder's scratch space, the decoded text), so an 88 MB document would
/// need over 300 MB; ally check reads such files a window at a time instead.
pub(crate) const MAX_MESSAGE: u64 = 32 * 1024 * 1024;

/// A frame read from the client.
enum Frame {
    /// The body of a message.
    Body(Vec<u8>),
    /// A message over [`MAX_MESSAGE`], of this many bytes, read past without keeping it.
    TooLarge(u64),
}

/// One frame, or `None` at the end of the input. Bytes before a `Content-Length` header are
/// skipped, whether they are lines of their own or come before the header on its line; of
/// several on a line, the last counts.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<u64> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_ascii_end();
        if header.is_empty() {
            if let Some(length) = length {
                if length > MAX_MESSAGE {
                    let skipped = io::copy(&mut input.take(length), &mut io::sink())?;
                    return Ok((skipped == length).then_some(Frame::TooLarge(length)));
                }
                // Sized from the header, so that the body is read without the copies a growing
                // buffer makes.
                let mut body = Vec::with_capacity(length as usize);
                input.take(length).read_to_end(&mut body)?;
                if (body.len() as u64) < length {
                    return Ok(None);
                }
                return Ok(Some(Frame::Body(body)));
            }
            continue;
        }
        if let Some(value) = content_length(header) {
            length = value;
        }
    }
}

/// The value of the last `Content-Length` header in `line` (`Some(None)` if it is not a
/// number), or `None` if there is no such header in it.
fn content_length(line: &[u8]) -> Option<Option<u64>> {
    const NAME: &[u8] = b"content-length";
    let at = line
        .windows(NAME.len())
        .enumerate()
        .rev()
        .filter(|(_, window)| window.eq_ignore_ascii_case(NAME))
        .map(|(at, _)| &line[at + NAME.len()..])
        .find_map(|rest| rest.trim_ascii_start().strip_prefix(b":"))?;
    Some(
        std::str::from_utf8(at)
            .ok()
            .and_then(|v| v.trim().parse().ok()),
    )
}

/// Input that can be given back: bytes passed to [`Replay::unread`] are read again before
/// the rest of the input.
struct Replay<R> {
    input: R,
    again: Vec<u8>,
    /// How much of `again` has been read.
    at: usize,
}

impl<R: BufRead> Replay<R> {
    fn new(input: R) -> Replay<R> {
        Replay {
            input,
            again: Vec::new(),
            at: 0,
        }
    }

    /// Puts `bytes` back in front of what is left to read.
    fn unread(&mut self, bytes: &[u8]) {
        let mut again = Vec::with_capacity(bytes.len() + self.again.len() - self.at);
        again.extend_from_slice(bytes);
        again.extend_from_slice(&self.again[self.at..]);
        self.again = again;
        self.at = 0;
    }
}

impl<R: BufRead> Read for Replay<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Replay<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.again.len() {
            return Ok(&self.again[self.at..]);
        }
        self.input.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.at < self.again.len() {
            self.at = (self.at + amount).min(self.again.len());
            if self.at == self.again.len() {
                self.again = Vec::new();
                self.at = 0;
            }
        } else {
            self.input.consume(amount);
        }
    }
}

/// Why a body is not a message, as the error object to answer with.
enum Invalid {
    /// Not JSON: the frame may have been cut in the wrong place.
    Json(String),
    /// JSON, but not a JSON-RPC message.
    Message(String),
}

/// A message from a body, or why it is not one.
fn parse(body: &[u8]) -> Result<Message, Invalid> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return Err(Invalid::Json(error_object(
                ErrorCode::ParseError,
                &format!("the message is not valid JSON: {error}"),
            )));
        }
    };
    serde_json::from_value(value).map_err(|_| {
        Invalid::Message(error_object(
            ErrorCode::InvalidRequest,
            "the message is not a JSON-RPC request, response or notification",
        ))
    })
}

/// The message shown in the editor for a message over [`MAX_MESSAGE`] (a document too large to
/// check as the user types).
fn too_large_notice(length: u64) -> String {
    let message = format!(
        "ally: a message of {} MB from the editor was not read: the language server reads at \
         most {} MB, so a document this large is not checked as you type. \
         `ally check FILE` checks it in windows.",
        length / (1024 * 1024),
        MAX_MESSAGE / (1024 * 1024)
    );
    serde_json::json!({
        "jsonrpc": "2.0",
        "method": "window/showMessage",
        "params": { "type": 2, "message": message },
    })
    .to_string()
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
        let (methods, replies) = read_with_replies(input.as_bytes());
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

    /// The methods of the messages read from `input`, and the error codes answered.
    fn read_all(input: &[u8]) -> (Vec<String>, Vec<String>) {
        let (methods, replies) = read_with_replies(input);
        let codes = replies
            .iter()
            .map(|reply| {
                let value: serde_json::Value = serde_json::from_str(reply).unwrap();
                value["error"]["code"].to_string()
            })
            .collect();
        (methods, codes)
    }

    /// The methods of the messages read from `input`, and the replies written, as sent.
    fn read_with_replies(input: &[u8]) -> (Vec<String>, Vec<String>) {
        let (sender, receiver) = crossbeam_channel::unbounded();
        let mut replies = Vec::new();
        read_messages(
            &mut io::Cursor::new(input),
            &mut |reply| replies.push(reply),
            &sender,
        );
        drop(sender);
        let methods = receiver
            .iter()
            .map(|m| match m {
                Message::Notification(n) => n.method,
                Message::Request(r) => r.method,
                other => format!("{other:?}"),
            })
            .collect();
        (methods, replies)
    }

    /// A frame whose header says `length` bytes, whatever the body's length.
    fn framed_as(length: usize, body: &str) -> String {
        format!("Content-Length: {length}\r\n\r\n{body}")
    }

    const REQUEST: &str = r#"{"jsonrpc":"2.0","id":1,"method":"first"}"#;
    const NEXT: &str = r#"{"jsonrpc":"2.0","id":2,"method":"next"}"#;

    #[test]
    fn a_message_over_the_limit_is_skipped_with_a_notice_and_reading_goes_on() {
        let text = "x".repeat(MAX_MESSAGE as usize);
        let open = format!(r#"{{"jsonrpc":"2.0","method":"open","params":{{"t":"{text}"}}}}"#);
        let input = [frame(&open), frame(NEXT)].concat();
        let (methods, replies) = read_with_replies(input.as_bytes());
        assert_eq!(methods, ["next"]);
        let notice: serde_json::Value = serde_json::from_str(&replies[0]).unwrap();
        assert_eq!(notice["method"], "window/showMessage");
        assert!(
            notice["params"]["message"]
                .as_str()
                .unwrap()
                .starts_with("ally: a message of 32 MB from the editor was not read"),
            "{notice}"
        );
    }

    #[test]
    fn a_frame_one_byte_short_does_not_hide_the_next() {
        // "é" is one character and two bytes: a client counting characters is one short.
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"é"}"#;
        let input = [framed_as(body.chars().count(), body), frame(NEXT)].concat();
        assert_eq!(
            read_all(input.as_bytes()),
            (vec!["next".into()], vec!["-32700".into()])
        );
    }

    #[test]
    fn a_frame_one_byte_long_does_not_hide_the_next() {
        let input = [
            framed_as(REQUEST.len() + 1, REQUEST),
            frame(NEXT),
            frame(NEXT),
        ]
        .concat();
        // The first `next` lost its header's first byte to the long frame, and is read again.
        assert_eq!(
            read_all(input.as_bytes()),
            (vec!["next".into(), "next".into()], vec!["-32700".into()])
        );
    }

    #[test]
    fn a_header_without_its_blank_line_is_overridden_by_the_next() {
        for broken in [
            "Content-Length: 5",
            "Content-Length: 5\r\n",
            "content-length:5\n",
        ] {
            let input = [broken, &frame(NEXT)].concat();
            assert_eq!(
                read_all(input.as_bytes()),
                (vec!["next".into()], vec![]),
                "{broken:?}"
            );
        }
    }

    #[test]
    fn frames_cut_anywhere_resynchronise_on_the_next_header() {
        // Every error in the length of the first frame, from far too short to far too long.
        for length in 1..REQUEST.len() + 12 {
            let input = [framed_as(length, REQUEST), frame(NEXT), frame(NEXT)].concat();
            let (methods, _) = read_all(input.as_bytes());
            let expected = if length == REQUEST.len() { 3 } else { 1 };
            assert!(
                methods.len() >= expected && methods.last().map(String::as_str) == Some("next"),
                "length {length}: {methods:?}"
            );
        }
    }

    #[test]
    fn the_last_content_length_on_a_line_counts() {
        assert_eq!(content_length(b"Content-Length: 12"), Some(Some(12)));
        assert_eq!(content_length(b"}content-length :7"), Some(Some(7)));
        assert_eq!(
            content_length(b"Content-Length: 5Content-Length: 60"),
            Some(Some(60))
        );
        assert_eq!(content_length(b"Content-Length: abc"), Some(None));
        assert_eq!(content_length(b"Content-Length: \xff"), Some(None));
        assert_eq!(content_length(b"Content-Type: x"), None);
        assert_eq!(content_length(b"the content-length is"), None);
    }

    #[test]
    fn unread_bytes_come_before_the_rest() {
        let mut input = Replay::new(io::Cursor::new(b"cd\nef".to_vec()));
        let mut first = [0; 1];
        input.read_exact(&mut first).unwrap();
        input.unread(b"ab");
        input.unread(b"_");
        let mut rest = String::new();
        input.read_to_string(&mut rest).unwrap();
        assert_eq!((first[0], rest.as_str()), (b'c', "_abd\nef"));
    }
}
