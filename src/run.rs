//! The whole run: walk, read and check in parallel, and hand each file's report to the caller
//! in walk order, whatever the number of threads.
//!
//! One thread walks and numbers the inputs and hands them out in batches, worker threads read
//! and check them, and the calling thread puts the reports back in order and passes them on as
//! soon as the next one is ready. The number of inputs in flight is capped, so memory stays
//! bounded on huge trees and output starts before the walk ends.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crossbeam_channel::{bounded, unbounded};

use crate::check::Policy;
use crate::config::Settings;
use crate::documents::{self, DocumentType, Limits};
use crate::extract::{DocumentFormat, FileKind};
use crate::filter::Filter;
use crate::finding::{FileReport, Skipped, Summary, UnusedSuppression};
use crate::judge::Fixtures;
use crate::read::{
    Encoding, ListedStart, MAX_INPUT, decode, describe, read_file, read_limited, read_listed_rest,
    read_listed_start, read_text_limited, utf32_to_utf8,
};
use crate::snippet::sentence;
use crate::walk::{IgnoreFiles, Input, Origins, WalkOptions, named_relative, walk};

/// What to check and how.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Paths to check; `-` is standard input. Empty means the current directory.
    pub paths: Vec<PathBuf>,
    /// How directories are walked.
    pub walk: WalkOptions,
    /// Worker threads; 0 picks the number of CPUs.
    pub threads: usize,
    /// The name (and file type) of standard input.
    pub stdin_name: Option<String>,
    /// Inputs to check instead of walking `paths` (such as the staged files of a commit).
    pub inputs: Option<Vec<Input>>,
    /// Also check each file's path for terms (`tests/whitelist/a.txt`), even when the file is
    /// binary or empty.
    pub check_filenames: bool,
}

/// Inputs read and checked but not yet handed on, at most. Bounds memory on huge trees.
const IN_FLIGHT: usize = 1024;

/// The most inputs handed to a worker at once. Handing them over one by one cost more than
/// checking them on a tree of small files: each handover may wake a sleeping thread.
const BATCH: usize = 128;

/// A file's report (or a part of a large file's), by the file's number in walk order, and
/// whether it is the last part.
type Done = (usize, FileReport, bool);

/// Gathers the walk's inputs into batches for the workers, numbering them in walk order. The
/// first batches hold one input each, so that a run over a few files spreads them over the
/// workers; they then double up to [`BATCH`].
struct Batches<'a> {
    work: &'a crossbeam_channel::Sender<Vec<(usize, Input)>>,
    in_flight: &'a InFlight,
    stop: &'a AtomicBool,
    batch: Vec<(usize, Input)>,
    size: usize,
    sequence: usize,
}

impl<'a> Batches<'a> {
    fn new(
        work: &'a crossbeam_channel::Sender<Vec<(usize, Input)>>,
        in_flight: &'a InFlight,
        stop: &'a AtomicBool,
    ) -> Self {
        Batches {
            work,
            in_flight,
            stop,
            batch: Vec::new(),
            size: 1,
            sequence: 0,
        }
    }

    /// Adds an input; returns `false` when the run stops.
    fn push(&mut self, input: Input) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            return false;
        }
        self.batch.push((self.sequence, input));
        self.sequence += 1;
        self.batch.len() < self.size || self.flush()
    }

    /// Hands the inputs gathered so far to the workers, once there is room for them.
    fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return true;
        }
        if !self.in_flight.acquire(self.batch.len()) {
            return false;
        }
        self.size = (self.size * 2).min(BATCH);
        self.work.send(std::mem::take(&mut self.batch)).is_ok()
    }
}

/// How many inputs are handed out and not yet reported, with a wait for room under
/// [`IN_FLIGHT`].
#[derive(Default)]
struct InFlight {
    state: std::sync::Mutex<(usize, bool)>,
    room: std::sync::Condvar,
}

impl InFlight {
    /// Waits until `count` more inputs fit; `false` if the run stopped meanwhile.
    fn acquire(&self, count: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !state.1 && state.0 > 0 && state.0 + count > IN_FLIGHT {
            state = self.room.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.0 += count;
        !state.1
    }

    /// Marks `count` inputs as reported.
    fn release(&self, count: usize) {
        if count == 0 {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 = state.0.saturating_sub(count);
        self.room.notify_one();
    }

    /// Stops the run: a wait for room ends at once.
    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.room.notify_all();
    }
}

/// Checks every input and calls `report` with each file's report, in walk order; `report` may
/// filter the findings before the summary counts them. Stops early, returning the error, if
/// `report` fails (for example on a closed pipe).
pub fn run(
    settings: &Settings,
    options: &RunOptions,
    report: impl FnMut(&mut FileReport) -> io::Result<()>,
) -> io::Result<Summary> {
    run_filtered(settings, options, &mut Filter::new(), report)
}

/// [`run`], with each report passed through the filter stage (changed lines, a baseline)
/// before `report` sees it and the summary counts it. A filter that selects changed files
/// replaces the walk with those files. One filter may serve several runs (paths under different
/// config files); [`Filter::finish`] then adds its totals once, at the end.
pub fn run_filtered(
    settings: &Settings,
    options: &RunOptions,
    filter: &mut Filter,
    mut report: impl FnMut(&mut FileReport) -> io::Result<()>,
) -> io::Result<Summary> {
    let selected;
    let options = match filter.inputs(&options.paths) {
        Some(inputs) => {
            selected = RunOptions {
                inputs: Some(inputs),
                ..options.clone()
            };
            &selected
        }
        None => options,
    };
    let rules = settings.linter.rules();
    let mut report = |file_report: &mut FileReport| {
        filter.apply(file_report, rules);
        report(file_report)
    };
    let started = Instant::now();
    let (paths, show_dot_prefix) = if options.paths.is_empty() {
        (vec![PathBuf::from(".")], false)
    } else {
        (options.paths.clone(), true)
    };
    let stdin_name = options
        .stdin_name
        .clone()
        .unwrap_or_else(|| "<stdin>".into());
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let stop = AtomicBool::new(false);
    let skip = settings.skips(options.walk.check_named_excluded);
    let (work_tx, work_rx) = bounded::<Vec<(usize, Input)>>(threads * 2);
    let (done_tx, done_rx) = unbounded::<Vec<Done>>();
    let in_flight = InFlight::default();

    let fixtures = Fixtures::default();
    let mut summary = Summary::default();
    let outcome: io::Result<()> = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut batches = Batches::new(&work_tx, &in_flight, &stop);
            let mut send = |input| batches.push(input);
            match &options.inputs {
                Some(inputs) => {
                    // The files a change touched are skipped as a walk would skip them.
                    let mut ignore_files = IgnoreFiles::default();
                    let mut origins = skip.generated.then(Origins::default);
                    for input in inputs {
                        let relative = match input {
                            Input::File { path, .. } | Input::Staged { path, .. } => {
                                if (skip.excluded)(path)
                                    || (!options.walk.no_ignore && ignore_files.ignores(path))
                                {
                                    continue;
                                }
                                named_relative(path)
                            }
                            _ => PathBuf::new(),
                        };
                        let input = Origins::sort(origins.as_mut(), input.clone(), &relative);
                        if !send(input) {
                            break;
                        }
                    }
                }
                None => walk(
                    &paths,
                    &options.walk,
                    Some(&skip),
                    &stdin_name,
                    show_dot_prefix,
                    send,
                ),
            }
            batches.flush();
            drop(work_tx);
        });
        for _ in 0..threads {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            let stop = &stop;
            let fixtures = &fixtures;
            scope.spawn(move || {
                let mut buffer = Vec::new();
                for batch in work_rx {
                    let mut done = Vec::with_capacity(batch.len());
                    for (sequence, input) in batch {
                        if stop.load(Ordering::Relaxed) {
                            done.push((sequence, FileReport::default(), true));
                            continue;
                        }
                        // A very large file is checked a window at a time, and its findings
                        // are handed on as they are found, so neither the file nor its findings
                        // need to fit in memory.
                        let (size, read) = prepare(&input, &mut buffer);
                        if let Input::File { path, display, .. } = &input
                            && let Some(size) = size
                        {
                            let mut first = true;
                            let sent = check_large_file(
                                settings,
                                path,
                                display,
                                size,
                                threads,
                                |mut part, last| {
                                    if first && options.check_filenames && part.error.is_none() {
                                        add_file_name_findings(settings, &mut part);
                                    }
                                    part.continued = !first;
                                    first = false;
                                    done_tx.send(vec![(sequence, part, last)]).is_ok()
                                },
                            );
                            if !sent {
                                return;
                            }
                            continue;
                        }
                        let test = match &input {
                            Input::File { path, .. } => Some(path.clone()),
                            _ => None,
                        };
                        let mut file_report = check_input(settings, input, read, &mut buffer);
                        if let Some(test) = test {
                            let FileReport { path, findings, .. } = &mut file_report;
                            fixtures.mark_copies(&test, path, findings);
                        }
                        if options.check_filenames && file_report.error.is_none() {
                            add_file_name_findings(settings, &mut file_report);
                        }
                        done.push((sequence, file_report, true));
                    }
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Only the workers hold the work's receiving end, so that a walk whose workers are all
        // gone (a panic) stops at its next hand-over instead of waiting for room forever.
        drop(work_rx);

        // Reports waiting for earlier ones, by sequence number; a large file sends several parts.
        let mut waiting: BTreeMap<usize, VecDeque<(FileReport, bool)>> = BTreeMap::new();
        let mut next = 0;
        let mut deliver = |mut file_report: FileReport| -> io::Result<()> {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            if let Err(error) = report(&mut file_report) {
                stop.store(true, Ordering::Relaxed);
                // Wakes a walker waiting for room.
                in_flight.close();
                return Err(error);
            }
            summary.add(&file_report);
            Ok(())
        };
        for batch in done_rx {
            let mut finished = 0;
            for (sequence, file_report, last) in batch {
                // Most reports come in order: they are handed on without waiting in the map.
                if sequence == next && !waiting.contains_key(&next) {
                    deliver(file_report)?;
                    if last {
                        next += 1;
                        finished += 1;
                    }
                } else {
                    waiting
                        .entry(sequence)
                        .or_default()
                        .push_back((file_report, last));
                }
                while let Some((file_report, last)) =
                    waiting.get_mut(&next).and_then(VecDeque::pop_front)
                {
                    if last {
                        waiting.remove(&next);
                        next += 1;
                        finished += 1;
                    }
                    deliver(file_report)?;
                }
            }
            in_flight.release(finished);
        }
        // Every worker is done: a walk still waiting for room (its workers gone) stops.
        in_flight.close();
        Ok(())
    });
    outcome?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Adds the findings in a file's path (`--check-filenames`) before those in its text.
fn add_file_name_findings(settings: &Settings, report: &mut FileReport) {
    let policy = settings.policy_for(Path::new(&report.path));
    let names = settings.linter.check_file_name(&report.path, &policy);
    report.findings.splice(0..0, names);
}

/// Gets a file ready for its check: the size of a file to check a window at a time (see
/// [`check_large_file`]), or else, for a file that the directory listing said is regular, how
/// reading it into `buffer` went. Such a file is read without a look at its path first, and,
/// when its first read reaches its end, without asking its size: on a tree of small files
/// those system calls cost more than the check.
fn prepare(input: &Input, buffer: &mut Vec<u8>) -> (Option<u64>, Option<io::Result<()>>) {
    let Input::File { path, listed, .. } = input else {
        return (None, None);
    };
    let start = match listed {
        true => read_listed_start(path, buffer).ok(),
        false => None,
    };
    match start {
        Some(ListedStart::Whole) => (None, Some(Ok(()))),
        Some(ListedStart::More(file, metadata)) => match large_file_size(path, &metadata) {
            Some(size) => (Some(size), None),
            None => {
                let document = DocumentType::detect(path);
                let limit = document.map_or(MAX_INPUT, |kind| kind.max_file_size());
                let read = read_listed_rest(file, &metadata, limit, buffer, document.is_none());
                (None, Some(read))
            }
        },
        // Read by its path, which also says in its own words what went wrong.
        None => {
            let size = std::fs::metadata(path)
                .ok()
                .and_then(|metadata| large_file_size(path, &metadata));
            (size, None)
        }
    }
}

/// Files larger than this are checked a window at a time.
pub const LARGE_FILE: u64 = 32 * 1024 * 1024;

/// The size of a regular file larger than [`LARGE_FILE`] whose text is read as it is (policy
/// documents have their own limits).
fn large_file_size(path: &Path, metadata: &std::fs::Metadata) -> Option<u64> {
    let size = Some(metadata).filter(|m| m.is_file())?.len();
    (size > LARGE_FILE && DocumentType::detect(path).is_none()).then_some(size)
}

/// How much of a large file is checked at a time.
const WINDOW: usize = 8 * 1024 * 1024;

/// How far a window reads past its end, so that a term or phrase across the boundary is still
/// seen whole; findings that start in this overlap belong to the next window.
const OVERLAP: usize = 4096;

/// Checks a large file window by window, handing each window's findings to `emit` in order as
/// they are found (`true` with the last part). While `parallel` threads check windows, this one
/// reads the next: a single large file would otherwise keep one core busy and leave the others
/// idle. Memory stays at about `parallel + 1` windows whatever the file's size. Returns `false`
/// if `emit` asked to stop.
pub fn check_large_file(
    settings: &Settings,
    path: &Path,
    display: &str,
    size: u64,
    parallel: usize,
    mut emit: impl FnMut(FileReport, bool) -> bool,
) -> bool {
    let policy = settings.policy_for(path);
    let part = |findings, notes| FileReport {
        path: display.to_owned(),
        threshold: policy.threshold,
        findings,
        notes,
        ..FileReport::default()
    };
    let mut windows = match std::fs::File::open(path) {
        Ok(file) => Windows::new(file),
        Err(error) => return emit(FileReport::error(display, describe(&error)), true),
    };
    let kind = match windows.start(settings, &policy, path) {
        Ok(kind) => kind,
        Err(Stop::Error(message)) => return emit(FileReport::error(display, message), true),
        Err(Stop::Skipped(skipped)) => {
            let report = FileReport {
                skipped: Some(skipped),
                ..part(vec![], vec![])
            };
            return emit(report, true);
        }
    };
    let mut notes = vec![format!(
        "a large file ({} MB), checked {} MB at a time: a comment, string or `ally:disable` block \
         that runs across those boundaries may be read as something else",
        size >> 20,
        WINDOW >> 20
    )];
    let mut lossy_noted = false;
    std::thread::scope(|scope| {
        // A window is handed over only to a thread ready to check it.
        let (work_tx, work_rx) = bounded::<(usize, Window)>(0);
        let (checked_tx, checked_rx) = unbounded::<(usize, CheckedWindow)>();
        for _ in 0..parallel.max(1) {
            let (work_rx, checked_tx) = (work_rx.clone(), checked_tx.clone());
            let policy = &policy;
            scope.spawn(move || {
                for (index, window) in work_rx {
                    let checked = check_window(settings, policy, kind, &window);
                    if checked_tx.send((index, checked)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(checked_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        // Emits the checked windows that are next in order; `total` is the number of windows
        // once known. Returns `false` if `emit` asked to stop.
        let mut emit_ready = |waiting: &mut BTreeMap<usize, CheckedWindow>,
                              total: Option<usize>| {
            while let Some(checked) = waiting.remove(&next) {
                if checked.lossy && !lossy_noted {
                    notes.push("not valid UTF-8; invalid bytes were read as U+FFFD".into());
                    lossy_noted = true;
                }
                notes.extend(checked.notes);
                next += 1;
                let last = total == Some(next);
                if !emit(part(checked.findings, std::mem::take(&mut notes)), last) {
                    return false;
                }
            }
            true
        };
        let mut sent = 0;
        let failure = loop {
            match windows.next() {
                Ok(Some(window)) => {
                    if work_tx.send((sent, window)).is_err() {
                        break None;
                    }
                    sent += 1;
                    waiting.extend(checked_rx.try_iter());
                    if !emit_ready(&mut waiting, windows.done.then_some(sent)) {
                        return false;
                    }
                }
                Ok(None) => break None,
                Err(message) => break Some(message),
            }
        };
        drop(work_tx);
        let total = failure.is_none().then_some(sent);
        for checked in checked_rx {
            waiting.insert(checked.0, checked.1);
            if !emit_ready(&mut waiting, total) {
                return false;
            }
        }
        match failure {
            // The windows before the failure are all out; the failure ends the file.
            Some(message) => emit(FileReport::error(display, message), true),
            // A file that ended right at a window's end: its last part was emitted above.
            None => true,
        }
    })
}

/// Why a large file is not checked: an error message, or what it was skipped as.
enum Stop {
    Error(String),
    Skipped(Skipped),
}

/// Reads a large file a window at a time. Each window ends after a line break where it can,
/// and reads [`OVERLAP`] bytes further so that a phrase across its end is seen whole.
struct Windows {
    file: std::fs::File,
    /// The next window's bytes so far.
    window: Vec<u8>,
    eof: bool,
    done: bool,
    /// Where the next window starts: byte offset, line, and characters already on that line.
    start: (usize, usize, usize),
}

impl Windows {
    fn new(file: std::fs::File) -> Windows {
        Windows {
            file,
            window: Vec::with_capacity(WINDOW + OVERLAP),
            eof: false,
            done: false,
            start: (0, 1, 0),
        }
    }

    /// Reads the first window and says what kind of file this is, or why it is not checked.
    fn start(
        &mut self,
        settings: &Settings,
        policy: &Policy,
        path: &Path,
    ) -> Result<FileKind, Stop> {
        self.fill().map_err(Stop::Error)?;
        let window = &mut self.window;
        if window.starts_with(b"\xFF\xFE") || window.starts_with(b"\xFE\xFF") {
            let message = "a UTF-16 file over 32 MB; ally checks UTF-16 files up to that size";
            return Err(Stop::Error(message.into()));
        }
        if memchr::memchr(0, &window[..window.len().min(8 * 1024)]).is_some() {
            return Err(Stop::Skipped(Skipped::Binary));
        }
        if window.starts_with(b"\xEF\xBB\xBF") {
            window.drain(..3);
        }
        let first_line = &window[..memchr::memchr(b'\n', window)
            .unwrap_or(window.len())
            .min(512)];
        let kind = policy.file_kind(path, &String::from_utf8_lossy(first_line));
        let start = String::from_utf8_lossy(&window[..window.len().min(16 * 1024)]);
        if settings.skips_as_generated(&start, kind) {
            return Err(Stop::Skipped(Skipped::Generated));
        }
        Ok(kind)
    }

    /// Reads until the window is full or the file ends.
    fn fill(&mut self) -> Result<(), String> {
        while !self.eof && self.window.len() < WINDOW + OVERLAP {
            let filled = self.window.len();
            self.window.resize(WINDOW + OVERLAP, 0);
            match self.file.read(&mut self.window[filled..]) {
                Ok(0) => {
                    self.window.truncate(filled);
                    self.eof = true;
                }
                Ok(n) => self.window.truncate(filled + n),
                Err(error) => {
                    self.window.truncate(filled);
                    let offset = self.start.0 >> 20;
                    return Err(format!(
                        "read failed after {offset} MB: {}",
                        describe(&error)
                    ));
                }
            }
        }
        Ok(())
    }

    /// The next window, or `None` after the last.
    fn next(&mut self) -> Result<Option<Window>, String> {
        if self.done {
            return Ok(None);
        }
        self.fill()?;
        let own = if self.eof {
            self.window.len()
        } else {
            window_cut(&self.window, WINDOW)
        };
        self.done = self.eof && own == self.window.len();
        // The bytes past this window's own start the next one.
        let mut next = Vec::with_capacity(if self.done { 0 } else { WINDOW + OVERLAP });
        next.extend_from_slice(&self.window[own..]);
        let bytes = std::mem::replace(&mut self.window, next);
        let start = self.start;
        let consumed = &bytes[..own];
        let (offset, line, column) = &mut self.start;
        match memchr::memrchr(b'\n', consumed) {
            Some(last_newline) => {
                *line += memchr::memchr_iter(b'\n', consumed).count();
                *column = String::from_utf8_lossy(&consumed[last_newline + 1..])
                    .chars()
                    .count();
            }
            None => *column += String::from_utf8_lossy(consumed).chars().count(),
        }
        *offset += own;
        Ok(Some(Window { bytes, own, start }))
    }
}

/// One window of a large file: its bytes, how many of them are its own (the rest is the
/// overlap with the next), and where it starts (byte offset, line, characters on that line).
struct Window {
    bytes: Vec<u8>,
    own: usize,
    start: (usize, usize, usize),
}

/// What checking a window found: its findings in file coordinates, its notes, and whether it
/// had invalid UTF-8.
struct CheckedWindow {
    findings: Vec<crate::Finding>,
    notes: Vec<String>,
    lossy: bool,
}

/// Checks one window of a large file.
fn check_window(
    settings: &Settings,
    policy: &Policy,
    kind: FileKind,
    window: &Window,
) -> CheckedWindow {
    // Validating first is several times faster than decoding lossily when, as nearly always,
    // the text is valid.
    let text = match std::str::from_utf8(&window.bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(&window.bytes),
    };
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    let own_text = if lossy {
        String::from_utf8_lossy(&window.bytes[..window.own]).len()
    } else {
        window.own
    };
    let checked = settings.linter.check_file(&text, kind, policy);
    let mut notes: Vec<String> = unlisted_note(checked.unlisted).into_iter().collect();
    notes.extend(in_data_note(checked.in_data));
    let mut findings = checked.findings;
    findings.retain(|f| f.range.start < own_text);
    let (offset, line, column) = window.start;
    for finding in &mut findings {
        shift(finding, offset, line, column);
    }
    CheckedWindow {
        findings,
        notes,
        lossy,
    }
}

/// Where to end a window of about `size` bytes: after its last line break, else after its last
/// space, else on a character boundary.
fn window_cut(window: &[u8], size: usize) -> usize {
    let head = &window[..size.min(window.len())];
    if let Some(newline) = memchr::memrchr(b'\n', head).filter(|&p| p > 0) {
        return newline + 1;
    }
    if let Some(space) = head
        .iter()
        .rposition(|&b| b == b' ' || b == b'\t')
        .filter(|&p| p > 0)
    {
        return space + 1;
    }
    let mut cut = head.len();
    while cut > 0 && cut < window.len() && (window[cut] & 0b1100_0000) == 0b1000_0000 {
        cut -= 1;
    }
    cut.max(1)
}

/// Moves a finding from window coordinates to file coordinates.
fn shift(finding: &mut crate::Finding, offset: usize, line: usize, column: usize) {
    finding.range = finding.range.start + offset..finding.range.end + offset;
    for position in [&mut finding.start, &mut finding.end] {
        if position.line == 1 {
            position.column += column;
        }
        position.line += line - 1;
    }
    if finding.excerpt.first_line == 1 {
        finding.excerpt.skipped_columns += column;
    }
    finding.excerpt.first_line += line - 1;
}

/// Reads and checks one input. Never fails: problems become the report's error or notes.
/// `read`, when given, is how reading a file into `buffer` went already (see [`prepare`]).
pub fn check_input(
    settings: &Settings,
    input: Input,
    read: Option<io::Result<()>>,
    buffer: &mut Vec<u8>,
) -> FileReport {
    let mut utf32_note = None;
    let (display, path) = match input {
        Input::Error { display, message } => return FileReport::error(display, message),
        Input::Skipped { display, origin } => {
            return FileReport {
                path: display,
                skipped: Some(origin.into()),
                ..FileReport::default()
            };
        }
        Input::File { path, display, .. } => {
            let document = DocumentType::detect(&path);
            let read = read.unwrap_or_else(|| {
                let limit = document.map_or(MAX_INPUT, |kind| kind.max_file_size());
                read_file(&path, limit, buffer, document.is_none())
            });
            if let Err(error) = read {
                return FileReport::error(display, describe(&error));
            }
            if document.is_none() {
                utf32_note = utf32_to_utf8(buffer);
            }
            (display, path)
        }
        Input::Staged {
            path,
            display,
            root,
        } => {
            match crate::git::staged_content(&root, &path) {
                Ok(bytes) => *buffer = bytes,
                Err(message) => return FileReport::error(display, message),
            }
            (display, path)
        }
        Input::Stdin { name } => {
            let path = PathBuf::from(&name);
            let document = DocumentType::detect(&path);
            let limit = document.map_or(MAX_INPUT, |kind| kind.max_file_size());
            let stdin = io::stdin().lock();
            let read = match document {
                Some(_) => read_limited(stdin, limit, buffer),
                None => read_text_limited(stdin, limit, buffer),
            };
            if let Err(error) = read {
                let message = format!("cannot read standard input: {}", describe(&error));
                return FileReport::error(name, message);
            }
            if document.is_none() {
                utf32_note = utf32_to_utf8(buffer);
            }
            (name, path)
        }
    };
    let mut report = check_bytes(settings, &display, &path, buffer);
    report.notes.extend(utf32_note);
    report
}

/// Decodes and checks the bytes of one file, with the policy that applies to its path. Policy
/// documents (.docx, .odt, .pdf) are read into plain text first, and their findings say on which
/// page or in which paragraph they are.
pub fn check_bytes(settings: &Settings, display: &str, path: &Path, bytes: &[u8]) -> FileReport {
    let policy = settings.policy_for(path);
    let mut report = FileReport {
        path: display.to_owned(),
        threshold: policy.threshold,
        ..FileReport::default()
    };
    if let Some(kind) = DocumentType::of(path, bytes) {
        check_document(&settings.linter, &policy, kind, bytes, &mut report);
        return report;
    }
    if let Some(message) = documents::unsupported(path, bytes) {
        report.error = Some(message);
        return report;
    }
    let Some(decoded) = decode(bytes) else {
        report.skipped = Some(Skipped::Binary);
        return report;
    };
    let kind = policy.file_kind(path, &decoded.text);
    if settings.skips_as_generated(&decoded.text, kind) {
        report.skipped = Some(Skipped::Generated);
        return report;
    }
    if decoded.encoding == Encoding::Lossy {
        report
            .notes
            .push("not valid UTF-8; invalid bytes were read as U+FFFD".into());
    }
    report.kind = kind.name().to_owned();
    let checked = settings.linter.check_file(&decoded.text, kind, &policy);
    report.findings = checked.findings;
    if settings.computes_replacements() && !report.findings.is_empty() {
        crate::fix::attach_replacements(
            &decoded.text,
            &mut report.findings,
            settings.linter.rules(),
            &settings.replace,
        );
    }
    report.notes.extend(unlisted_note(checked.unlisted));
    report.notes.extend(in_data_note(checked.in_data));
    for note in checked.directive_notes {
        report.notes.push(format!(
            "line {}, column {}: {}",
            note.line, note.column, note.message
        ));
    }
    report.unused_suppressions = checked
        .unused_suppressions
        .into_iter()
        .map(|d| {
            let line_start = decoded.text[..d.offset].rfind('\n').map_or(0, |i| i + 1);
            let column = decoded.text[line_start..d.offset].chars().count() + 1;
            UnusedSuppression {
                line: d.line,
                column,
                text: d.text,
            }
        })
        .collect();
    report
}

/// The note for terms passed over in runs of text read as data, if there were any.
fn in_data_note(in_data: usize) -> Option<String> {
    (in_data > 0).then(|| {
        format!(
            "{in_data} possible findings were not checked: they are inside runs of text without \
             spaces too long to be words (minified code, encoded data, or very deeply nested \
             markup), which ally reads as data"
        )
    })
}

/// The note for findings past [`crate::check::MAX_FINDINGS`], if there were any.
fn unlisted_note(unlisted: usize) -> Option<String> {
    (unlisted > 0).then(|| {
        format!(
            "about {unlisted} more findings were not listed: ally lists at most {} per file (or per \
             window of a large file); this many usually means generated text or a word list",
            crate::check::MAX_FINDINGS
        )
    })
}

/// Extracts a document's text and checks it as prose. A finding that would run from one
/// paragraph (or page) into the next is dropped: the words were never written together.
fn check_document(
    linter: &crate::Linter,
    policy: &Policy,
    kind: DocumentType,
    bytes: &[u8],
    report: &mut FileReport,
) {
    report.kind = kind.name().to_owned();
    let document = match documents::extract(kind, bytes, &Limits::default()) {
        Ok(document) => document,
        Err(error) => {
            report.error = Some(error.to_string());
            return;
        }
    };
    report.notes.extend(document.notes.iter().cloned());
    let text = FileKind::Document(DocumentFormat::Text);
    let checked = linter.check_file(&document.text, text, policy);
    report.notes.extend(unlisted_note(checked.unlisted));
    report.notes.extend(in_data_note(checked.in_data));
    let mut findings = checked.findings;
    findings.retain_mut(|finding| {
        let Some(location) = document.location(finding.range.clone()) else {
            return false;
        };
        finding.location = Some(location.clone());
        finding.snippet = sentence(
            &document.text,
            finding.range.clone(),
            document.lines_are_paragraphs,
        );
        true
    });
    report.findings = findings;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CliSettings;

    #[test]
    fn reports_arrive_in_walk_order_with_any_thread_count() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..40 {
            std::fs::write(
                dir.path().join(format!("f{i:02}.txt")),
                "a whitelist here\n",
            )
            .unwrap();
        }
        let settings = Settings::new(None, &CliSettings::default()).unwrap();
        for threads in [1, 3] {
            let options = RunOptions {
                paths: vec![dir.path().to_path_buf()],
                threads,
                ..RunOptions::default()
            };
            let mut order = Vec::new();
            let summary = run(&settings, &options, |r| {
                order.push(r.path.clone());
                Ok(())
            })
            .unwrap();
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(order, sorted);
            assert_eq!(summary.files_checked, 40);
            assert_eq!(summary.findings(), 40);
        }
    }

    #[test]
    fn a_failing_reporter_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..600 {
            std::fs::write(dir.path().join(format!("f{i:03}.txt")), "text\n").unwrap();
        }
        let settings = Settings::new(None, &CliSettings::default()).unwrap();
        let options = RunOptions {
            paths: vec![dir.path().to_path_buf()],
            threads: 2,
            ..RunOptions::default()
        };
        let mut calls = 0;
        let result = run(&settings, &options, |_| {
            calls += 1;
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        });
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(calls, 1);
    }

    #[test]
    fn windows_end_after_a_line_else_a_space_else_a_whole_character() {
        assert_eq!(window_cut(b"one\ntwo three", 10), 4);
        assert_eq!(window_cut(b"one two three", 10), 8);
        // `é` is two bytes; a cut at 3 would split the second one.
        assert_eq!(window_cut("éééé".as_bytes(), 3), 2);
        assert_eq!(window_cut(b"abcdef", 4), 4);
    }
}
