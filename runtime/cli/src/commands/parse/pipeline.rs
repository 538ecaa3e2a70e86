//! How `parse` moves chunks of lines from its inputs to standard output: read in this thread,
//! parsed here (`--jobs 1`) or by worker threads, written in input order by one writer.
//!
//! Memory is bounded by a fixed set of chunks that go round: the reader takes a free chunk,
//! fills it with whole lines, a worker writes its documents into it, and the writer passes
//! them on and frees it. Workers finish chunks in any order; the writer holds those that are
//! early until the ones before them are written, so the output is the same whatever the number
//! of threads.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::chunks::{ChunkReader, Lines};
use super::stats::{Stats, Tally};

/// A chunk of lines on its way: the lines, then their documents and counts.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The place of the chunk in the output.
    seq: u64,
    pub lines: Lines,
    /// The documents of the lines, one JSON line each.
    pub out: Vec<u8>,
    pub tally: Tally,
    /// What to print to standard error once the output before it is written: an input that
    /// could not be opened or read.
    notice: Option<String>,
}

/// Turns a chunk's lines into documents and counts; each worker thread has its own.
pub trait ParseChunk: Clone + Send {
    fn parse(&mut self, chunk: &mut Chunk);
}

/// What to read and how to cut it.
#[derive(Debug)]
pub struct Inputs {
    /// The files in order; `-` is standard input.
    pub files: Vec<OsString>,
    /// Whether lines carry their input's name.
    pub with_filename: bool,
    pub max_line_length: usize,
    pub chunk_size: usize,
}

/// The end of a run: the counts of the lines written, and whether an input or the output
/// failed.
#[derive(Debug, Default)]
pub struct Finished {
    pub stats: Stats,
    pub io_failed: bool,
}

/// Where the reader's chunks go: parsed in place, or handed to worker threads.
trait Stage {
    /// A free chunk; `None` when the run has stopped (the output is gone).
    fn take(&mut self) -> Option<Chunk>;
    /// Passes on a filled chunk; `false` when the run has stopped.
    fn ship(&mut self, chunk: Chunk) -> bool;
    /// Returns a chunk that got no lines.
    fn give_back(&mut self, chunk: Chunk);
}

/// Reads every input in order into chunks for `stage`.
fn read_inputs(inputs: &Inputs, stage: &mut impl Stage) {
    for file in &inputs.files {
        let name = file.to_string_lossy();
        let label: Option<Arc<str>> = inputs.with_filename.then(|| Arc::from(&*name));
        let go_on = if file == "-" {
            let stdin = io::stdin().lock();
            let fd = stdin.as_raw_fd();
            read_input(stdin, Some(fd), label, &name, inputs, stage)
        } else {
            match File::open(file) {
                Ok(input) => {
                    let fd = input.as_raw_fd();
                    read_input(input, Some(fd), label, &name, inputs, stage)
                }
                Err(error) => stage.take().is_some_and(|mut chunk| {
                    chunk.lines.clear();
                    chunk.notice = Some(format!("cannot open {name}: {error}"));
                    stage.ship(chunk)
                }),
            }
        };
        if !go_on {
            return;
        }
    }
}

/// Reads one input into chunks; `false` when the run has stopped.
fn read_input(
    input: impl Read,
    fd: Option<std::os::fd::RawFd>,
    label: Option<Arc<str>>,
    name: &str,
    inputs: &Inputs,
    stage: &mut impl Stage,
) -> bool {
    let mut reader = ChunkReader::new(input, fd, label, inputs.max_line_length, inputs.chunk_size);
    while !reader.finished() {
        let Some(mut chunk) = stage.take() else {
            return false;
        };
        if let Err(error) = reader.fill(&mut chunk.lines) {
            chunk.notice = Some(match reader.lines() {
                0 => format!("cannot read {name}: {error}"),
                line => format!("{name}: read error after line {line}: {error}"),
            });
        }
        if chunk.lines.count == 0 && chunk.notice.is_none() {
            stage.give_back(chunk);
        } else if !stage.ship(chunk) {
            return false;
        }
    }
    true
}

/// Writes chunks' documents to standard output and adds up their counts, in order.
struct Sink<'o> {
    out: io::StdoutLock<'o>,
    finished: Finished,
    output_gone: bool,
}

impl Sink<'_> {
    fn new() -> Self {
        Sink {
            out: io::stdout().lock(),
            finished: Finished::default(),
            output_gone: false,
        }
    }

    /// Writes a chunk's output (at once: a slow input's lines are not held back) and its
    /// notice; `false` when standard output failed, which ends the run.
    fn deliver(&mut self, chunk: &mut Chunk) -> bool {
        if self.output_gone {
            return false;
        }
        let written = self
            .out
            .write_all(&chunk.out)
            .and_then(|()| self.out.flush());
        if let Err(error) = written {
            // A closed pipe included: the records not written are lost to the reader.
            eprintln!("ftd-syslog parse: cannot write to standard output: {error}");
            self.finished.io_failed = true;
            self.output_gone = true;
            return false;
        }
        self.finished.stats.add(&chunk.tally);
        if let Some(notice) = chunk.notice.take() {
            eprintln!("ftd-syslog parse: {notice}");
            self.finished.io_failed = true;
        }
        true
    }
}

/// Parses every input in this thread, one chunk at a time.
pub fn run_inline(inputs: &Inputs, parser: impl ParseChunk) -> Finished {
    struct Inline<'o, P> {
        spare: Option<Chunk>,
        parser: P,
        sink: Sink<'o>,
    }
    impl<P: ParseChunk> Stage for Inline<'_, P> {
        fn take(&mut self) -> Option<Chunk> {
            Some(self.spare.take().unwrap_or_default())
        }
        fn ship(&mut self, mut chunk: Chunk) -> bool {
            self.parser.parse(&mut chunk);
            let go_on = self.sink.deliver(&mut chunk);
            self.spare = Some(chunk);
            go_on
        }
        fn give_back(&mut self, chunk: Chunk) {
            self.spare = Some(chunk);
        }
    }
    let mut stage = Inline {
        spare: None,
        parser,
        sink: Sink::new(),
    };
    read_inputs(inputs, &mut stage);
    stage.sink.finished
}

/// The reader's side of the threads: free chunks come back from the writer, filled ones go
/// to the workers, numbered in input order.
struct Threaded {
    free: Receiver<Chunk>,
    work: SyncSender<Chunk>,
    next_seq: u64,
    spare: Option<Chunk>,
}

impl Stage for Threaded {
    fn take(&mut self) -> Option<Chunk> {
        self.spare.take().or_else(|| self.free.recv().ok())
    }

    fn ship(&mut self, mut chunk: Chunk) -> bool {
        chunk.seq = self.next_seq;
        self.next_seq += 1;
        self.work.send(chunk).is_ok()
    }

    fn give_back(&mut self, chunk: Chunk) {
        self.spare = Some(chunk);
    }
}

/// Parses every input with `jobs` worker threads; the output is the same as [`run_inline`]'s.
pub fn run_threaded(inputs: &Inputs, parser: impl ParseChunk, jobs: usize) -> Finished {
    // Enough chunks that every worker has one to parse and one waiting, while the writer
    // writes one and the reader fills one.
    let chunks = 2 * jobs + 2;
    let (free_sender, free) = mpsc::sync_channel(chunks);
    for _ in 0..chunks {
        // The channel holds every chunk there is, so this never blocks nor fails.
        let _ = free_sender.send(Chunk::default());
    }
    let (work, work_receiver) = mpsc::sync_channel::<Chunk>(chunks);
    // Shared by the workers; dropped with the last of them, which tells the reader to stop.
    let work_receiver = Arc::new(Mutex::new(work_receiver));
    let (done, done_receiver) = mpsc::channel::<Chunk>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let mut parser = parser.clone();
            let work = Arc::clone(&work_receiver);
            let done = done.clone();
            scope.spawn(move || loop {
                // A poisoned lock means another worker panicked; the scope reports that.
                let next = work.lock().ok().and_then(|work| work.recv().ok());
                let Some(mut chunk) = next else { break };
                parser.parse(&mut chunk);
                if done.send(chunk).is_err() {
                    break;
                }
            });
        }
        drop((done, work_receiver));
        let writer = scope.spawn(move || write_in_order(&done_receiver, &free_sender));
        let mut stage = Threaded {
            free,
            work,
            next_seq: 0,
            spare: None,
        };
        read_inputs(inputs, &mut stage);
        drop(stage);
        writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The writer thread: delivers chunks in input order as workers finish them, and frees them.
fn write_in_order(done: &Receiver<Chunk>, free: &SyncSender<Chunk>) -> Finished {
    let mut sink = Sink::new();
    let mut early: BTreeMap<u64, Chunk> = BTreeMap::new();
    let mut next_seq = 0;
    'chunks: for chunk in done {
        early.insert(chunk.seq, chunk);
        while let Some(mut chunk) = early.remove(&next_seq) {
            next_seq += 1;
            let go_on = sink.deliver(&mut chunk);
            // The reader may have stopped already: then the chunk is not needed.
            let _ = free.send(chunk);
            if !go_on {
                break 'chunks;
            }
        }
    }
    sink.finished
}
