//! Reading input as chunks of whole lines, so that lines can be parsed in batches (and by
//! several threads) while memory stays bounded whatever the input: a chunk is one reused buffer
//! of about the chunk size, cut after its last newline; a line longer than the limit is
//! recorded by its length and skipped to its end without being kept.

use std::io::{self, Read};
use std::os::fd::RawFd;
use std::sync::Arc;

/// One line as the parser sees it.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line within the limit, without its `\n` (a `\r` before it is kept).
    Complete(&'a [u8]),
    /// A line longer than the limit; only its length (without `\n`) was kept.
    TooLong {
        /// The length in bytes.
        length: u64,
    },
}

/// Whole lines of one input, as read: the bytes of complete lines (the last line of an input
/// may lack its `\n`) and the places of the lines too long to keep.
#[derive(Debug, Default)]
pub struct Lines {
    /// The input's name, when lines carry it.
    pub file: Option<Arc<str>>,
    /// The number of the first line in its input, from 1.
    pub first_line: u64,
    /// How many lines the chunk holds (complete and too long).
    pub count: u64,
    /// Read buffer; the chunk's bytes are `buffer[..len]`. Its length is its capacity, so
    /// that reads go straight into it and it is zeroed only when it grows.
    buffer: Vec<u8>,
    len: usize,
    /// Lines too long to keep: the offset in the bytes where each stood, and its length.
    too_long: Vec<(usize, u64)>,
}

impl Lines {
    /// Calls `each` with every line and its number, in order. Lines of more than `max_length`
    /// bytes are `TooLong` here too: the reader only drops the lines it could not hold.
    pub fn for_each(&self, max_length: usize, mut each: impl FnMut(u64, Line<'_>)) {
        let data = &self.buffer[..self.len];
        let mut too_long = self.too_long.iter().peekable();
        let mut number = self.first_line;
        let mut start = 0;
        loop {
            while let Some(&(_, length)) = too_long.next_if(|(at, _)| *at == start) {
                each(number, Line::TooLong { length });
                number += 1;
            }
            if start >= data.len() {
                break;
            }
            let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |i| start + i);
            let line = &data[start..end];
            if line.len() > max_length {
                each(
                    number,
                    Line::TooLong {
                        length: line.len() as u64,
                    },
                );
            } else {
                each(number, Line::Complete(line));
            }
            number += 1;
            start = end + 1;
        }
    }

    /// Empties the chunk (its buffer is kept for the next lines).
    pub fn clear(&mut self) {
        self.len = 0;
        self.count = 0;
        self.too_long.clear();
    }
}

/// Cuts an input into [`Lines`] chunks.
#[derive(Debug)]
pub struct ChunkReader<R> {
    input: R,
    /// The input's descriptor, to ask whether a read would block; `None` reads as "it may".
    fd: Option<RawFd>,
    file: Option<Arc<str>>,
    max_length: usize,
    chunk_size: usize,
    /// The start of a line the previous chunk ended before.
    carry: Vec<u8>,
    /// The length so far of a line too long to keep, being skipped.
    skipping: Option<u64>,
    /// Lines handed out so far.
    lines: u64,
    finished: bool,
}

/// How a read went.
enum Got {
    Bytes(usize),
    End,
}

impl<R: Read> ChunkReader<R> {
    /// Reads chunks of about `chunk_size` bytes of lines of at most `max_length` bytes (the
    /// `\n` excluded) from `input`. With `fd`, a chunk is handed out early when the next read
    /// would block, so that a slow producer (`tail -f`) sees results without delay.
    pub fn new(
        input: R,
        fd: Option<RawFd>,
        file: Option<Arc<str>>,
        max_length: usize,
        chunk_size: usize,
    ) -> Self {
        ChunkReader {
            input,
            fd,
            file,
            max_length,
            chunk_size: chunk_size.max(1),
            carry: Vec::new(),
            skipping: None,
            lines: 0,
            finished: false,
        }
    }

    /// Lines handed out so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Whether the input has been read to its end (or failed).
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Fills `chunk` with the next whole lines (none at the end of the input). A read error
    /// ends the input: the chunk then holds the complete lines read before it.
    pub fn fill(&mut self, chunk: &mut Lines) -> Result<(), io::Error> {
        chunk.clear();
        chunk.file.clone_from(&self.file);
        chunk.first_line = self.lines + 1;
        if self.finished {
            return Ok(());
        }
        let buffer = &mut chunk.buffer;
        // A buffer grown for a long line goes back to the chunk size.
        if buffer.len() > 2 * self.chunk_size.max(self.carry.len()) {
            buffer.truncate(self.chunk_size);
            buffer.shrink_to_fit();
        }
        let wanted = self.chunk_size.max(self.carry.len() + 1);
        if buffer.len() < wanted {
            buffer.resize(wanted, 0);
        }
        buffer[..self.carry.len()].copy_from_slice(&self.carry);
        let mut len = self.carry.len();
        self.carry.clear();
        // Where the line being read starts: everything before it is whole lines.
        let mut line_start = 0;
        let result = loop {
            if len == buffer.len() {
                let grown = (buffer.len() * 2).max(64);
                buffer.resize(grown, 0);
            }
            let requested = buffer.len() - len;
            let read = match read_some(&mut self.input, &mut buffer[len..]) {
                Ok(read) => read,
                Err(error) => {
                    // The line being read when reading failed is lost, and not counted.
                    self.skipping = None;
                    break Err(error);
                }
            };
            let Got::Bytes(mut count) = read else {
                // The end of the input: the last line counts without its `\n`.
                if let Some(length) = self.skipping.take() {
                    chunk.too_long.push((len, length));
                }
                self.finished = true;
                line_start = len;
                break Ok(());
            };
            if let Some(length) = self.skipping.as_mut() {
                match memchr::memchr(b'\n', &buffer[len..len + count]) {
                    None => {
                        *length += count as u64;
                        continue;
                    }
                    Some(at) => {
                        chunk.too_long.push((len, *length + at as u64));
                        self.skipping = None;
                        buffer.copy_within(len + at + 1..len + count, len);
                        count -= at + 1;
                        line_start = len;
                    }
                }
            }
            if let Some(last) = memchr::memrchr(b'\n', &buffer[len..len + count]) {
                line_start = len + last + 1;
            }
            len += count;
            if len - line_start > self.max_length {
                // From here on only the length is counted: the bytes are dropped.
                self.skipping = Some((len - line_start) as u64);
                len = line_start;
            }
            let whole_lines = line_start > 0 || !chunk.too_long.is_empty();
            let full = len >= self.chunk_size;
            if whole_lines && (full || (count < requested && !self.input_ready())) {
                break Ok(());
            }
        };
        if result.is_err() {
            self.finished = true;
        }
        if !self.finished {
            self.carry.extend_from_slice(&buffer[line_start..len]);
        }
        chunk.len = line_start;
        chunk.count = memchr::memchr_iter(b'\n', &buffer[..line_start]).count() as u64
            + chunk.too_long.len() as u64
            + u64::from(line_start > 0 && buffer[line_start - 1] != b'\n');
        self.lines += chunk.count;
        result
    }

    /// Whether a read would return at once (data or end of input).
    fn input_ready(&self) -> bool {
        self.fd.is_some_and(ready)
    }
}

/// One read, retried when interrupted; `End` at the end of the input.
fn read_some(input: &mut impl Read, into: &mut [u8]) -> io::Result<Got> {
    loop {
        match input.read(into) {
            Ok(0) => return Ok(Got::End),
            Ok(count) => return Ok(Got::Bytes(count)),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
}

/// Whether descriptor `fd` has data (or its end) to read now.
#[allow(unsafe_code)]
fn ready(fd: RawFd) -> bool {
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid, initialised pollfd, a count of 1 and a zero timeout: poll only
    // writes `revents` and returns at once.
    let result = unsafe { libc::poll(&mut poll, 1, 0) };
    result > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line read: its bytes, or its length when too long.
    type Seen = Result<Vec<u8>, u64>;

    /// The lines of `input` read in chunks of `chunk_size`, each as its number and its bytes or
    /// its length when too long, and the number of chunks.
    fn lines(input: &[u8], max: usize, chunk_size: usize) -> (Vec<(u64, Seen)>, usize) {
        let mut reader = ChunkReader::new(input, None, None, max, chunk_size);
        let mut chunk = Lines::default();
        let mut out = Vec::new();
        let mut chunks = 0;
        while !reader.finished() {
            reader.fill(&mut chunk).unwrap();
            let before = out.len();
            chunk.for_each(max, |number, line| {
                out.push((
                    number,
                    match line {
                        Line::Complete(bytes) => Ok(bytes.to_vec()),
                        Line::TooLong { length } => Err(length),
                    },
                ))
            });
            assert_eq!(
                out.len() - before,
                chunk.count as usize,
                "the chunk's count"
            );
            chunks += usize::from(chunk.count > 0);
        }
        assert_eq!(reader.lines(), out.len() as u64);
        (out, chunks)
    }

    fn texts(input: &[u8], max: usize, chunk_size: usize) -> Vec<Seen> {
        let (lines, _) = lines(input, max, chunk_size);
        for (i, (number, _)) in lines.iter().enumerate() {
            assert_eq!(*number, i as u64 + 1, "lines are numbered in order");
        }
        lines.into_iter().map(|(_, line)| line).collect()
    }

    #[test]
    fn splits_lines_across_chunks() {
        for chunk_size in [1, 2, 3, 5, 8, 64, 1 << 20] {
            let got = texts(b"abc\n\nlonger line\r\nlast", 100, chunk_size);
            let want: Vec<Seen> = vec![
                Ok(b"abc".to_vec()),
                Ok(vec![]),
                Ok(b"longer line\r".to_vec()),
                Ok(b"last".to_vec()),
            ];
            assert_eq!(got, want, "chunks of {chunk_size}");
        }
    }

    #[test]
    fn reports_overlong_lines_by_length() {
        for chunk_size in [1, 4, 7, 11, 1000] {
            let got = texts(b"0123456789\nok\n0123456789", 9, chunk_size);
            assert_eq!(
                got,
                vec![Err(10), Ok(b"ok".to_vec()), Err(10)],
                "chunks of {chunk_size}"
            );
            let got = texts(b"123456789\n0123456789\n\n", 9, chunk_size);
            assert_eq!(got, vec![Ok(b"123456789".to_vec()), Err(10), Ok(vec![])]);
        }
    }

    #[test]
    fn a_line_longer_than_a_chunk_is_whole() {
        let mut input = vec![b'x'; 5000];
        input.extend_from_slice(b"\nend\n");
        let got = texts(&input, 10_000, 64);
        assert_eq!(got, vec![Ok(vec![b'x'; 5000]), Ok(b"end".to_vec())]);
    }

    #[test]
    fn chunks_hold_many_lines_and_end_after_a_newline() {
        let input = b"a\nbb\nccc\n".repeat(1000);
        let (got, chunks) = lines(&input, 100, 256);
        assert_eq!(got.len(), 3000);
        assert!(
            (30..=40).contains(&chunks),
            "{chunks} chunks of about 256 bytes"
        );
        assert_eq!(got[2999], (3000, Ok(b"ccc".to_vec())));
    }

    #[test]
    fn empty_input_has_no_lines() {
        assert_eq!(texts(b"", 10, 8), Vec::<Seen>::new());
        assert_eq!(texts(b"\n", 10, 8), vec![Ok(vec![])]);
    }

    /// Returns `data`, then fails.
    struct FailsAfter<'a>(&'a [u8]);

    impl Read for FailsAfter<'_> {
        fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let count = self.0.read(into)?;
            Ok(count)
        }
    }

    #[test]
    fn a_read_error_keeps_the_whole_lines_before_it() {
        let mut reader = ChunkReader::new(FailsAfter(b"one\ntwo\npart"), None, None, 100, 1024);
        let mut chunk = Lines::default();
        let mut total = 0;
        let error = loop {
            let result = reader.fill(&mut chunk);
            total += chunk.count;
            if let Err(error) = result {
                break error;
            }
        };
        assert_eq!(error.to_string(), "disk on fire");
        assert!(reader.finished());
        assert_eq!((total, reader.lines()), (2, 2));
    }
}
