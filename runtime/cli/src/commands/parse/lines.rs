//! Reading lines as bytes with a bounded length, so that memory stays bounded whatever the
//! input: a line longer than the limit is reported by its length and skipped to its end
//! without being kept.

use std::io::{self, BufRead, BufReader, Read};

/// What the reader found.
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

/// Where the line `next_line` is about to return lies.
enum Found {
    /// In the read buffer, as its first `len` bytes.
    InBuffer(usize),
    /// In the spill buffer (it spanned reads).
    Spilled,
    TooLong(u64),
    EndOfInput,
}

/// Lines of a byte stream, each at most `max_length` bytes long.
///
/// Lines are returned straight from the read buffer when they fit in it, and otherwise
/// assembled in a spill buffer that never grows past the limit.
#[derive(Debug)]
pub struct LineReader<R> {
    input: BufReader<R>,
    /// Bytes of the line returned last that are still in `input`'s buffer; consumed on the
    /// next call (the returned slice borrows them until then).
    returned_len: usize,
    spill: Vec<u8>,
    max_length: usize,
}

/// The read buffer's size: large enough that most lines are returned without copying and that
/// reads are few.
const READ_BUFFER: usize = 256 * 1024;

impl<R: Read> LineReader<R> {
    /// Reads lines of at most `max_length` bytes (the `\n` excluded) from `input`.
    pub fn new(input: R, max_length: usize) -> Self {
        LineReader {
            input: BufReader::with_capacity(READ_BUFFER, input),
            returned_len: 0,
            spill: Vec::new(),
            max_length,
        }
    }

    /// Whether the next call may block on a read: nothing is buffered. Callers flush their
    /// output then, so that a slow producer (`tail -f`) sees results without delay while a
    /// fast one still gets large writes.
    pub fn needs_read(&self) -> bool {
        self.input.buffer().len() <= self.returned_len
    }

    /// The next line, `None` at the end of the input. A last line without `\n` counts.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.input.consume(std::mem::take(&mut self.returned_len));
        self.spill.clear();
        let mut overlong: Option<u64> = None;
        // The loop decides where the line is; the slice is taken after it, because returning
        // a borrow of the buffer from inside the loop is beyond the borrow checker.
        let found = loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                break match overlong {
                    Some(length) => Found::TooLong(length),
                    None if self.spill.is_empty() => Found::EndOfInput,
                    None => Found::Spilled,
                };
            }
            let (chunk_len, ends_line) = match find_newline(available) {
                Some(end) => (end, true),
                None => (available.len(), false),
            };
            let consumed = chunk_len + usize::from(ends_line);
            if let Some(length) = overlong.as_mut() {
                *length += chunk_len as u64;
            } else if self.spill.len() + chunk_len > self.max_length {
                // From here on only the length is counted: the bytes are dropped.
                overlong = Some((self.spill.len() + chunk_len) as u64);
                self.spill.clear();
            } else if ends_line && self.spill.is_empty() {
                self.returned_len = consumed;
                break Found::InBuffer(chunk_len);
            } else {
                self.spill.extend_from_slice(&available[..chunk_len]);
            }
            self.input.consume(consumed);
            if ends_line {
                break match overlong {
                    Some(length) => Found::TooLong(length),
                    None => Found::Spilled,
                };
            }
        };
        Ok(match found {
            Found::InBuffer(len) => Some(Line::Complete(&self.input.buffer()[..len])),
            Found::Spilled => Some(Line::Complete(&self.spill)),
            Found::TooLong(length) => Some(Line::TooLong { length }),
            Found::EndOfInput => None,
        })
    }
}

/// The position of the first `\n`, a word at a time: this search runs over every byte of the
/// input, and a byte loop would cost more than parsing the line does.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const WORD: usize = std::mem::size_of::<u64>();
    const ONES: u64 = u64::from_ne_bytes([0x01; WORD]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; WORD]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; WORD]);
    let mut start = 0;
    while start + WORD <= bytes.len() {
        let mut word = [0u8; WORD];
        word.copy_from_slice(&bytes[start..start + WORD]);
        let x = u64::from_ne_bytes(word) ^ NEWLINES;
        // A zero byte in `x` (a newline in the input) makes this non-zero.
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            break;
        }
        start += WORD;
    }
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Result<Vec<u8>, u64>> {
        // A tiny buffer makes lines span reads, which is the interesting case.
        let mut reader = LineReader {
            input: BufReader::with_capacity(4, input),
            returned_len: 0,
            spill: Vec::new(),
            max_length: max,
        };
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            out.push(match line {
                Line::Complete(bytes) => Ok(bytes.to_vec()),
                Line::TooLong { length } => Err(length),
            });
        }
        out
    }

    #[test]
    fn splits_lines_across_reads() {
        let got = lines(b"abc\n\nlonger line\r\nlast", 100);
        let want: Vec<Result<Vec<u8>, u64>> = vec![
            Ok(b"abc".to_vec()),
            Ok(vec![]),
            Ok(b"longer line\r".to_vec()),
            Ok(b"last".to_vec()),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn reports_overlong_lines_by_length() {
        let got = lines(b"0123456789\nok\n0123456789", 9);
        assert_eq!(got, vec![Err(10), Ok(b"ok".to_vec()), Err(10)]);
        assert_eq!(lines(b"123456789\n", 9), vec![Ok(b"123456789".to_vec())]);
    }

    #[test]
    fn finds_newlines_anywhere() {
        for len in 0..40 {
            for at in 0..len {
                let mut bytes = vec![b'x'; len];
                bytes[at] = b'\n';
                assert_eq!(find_newline(&bytes), Some(at));
            }
            assert_eq!(find_newline(&vec![0x8a; len]), None);
        }
    }
}
