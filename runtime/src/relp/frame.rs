//! RELP frames on the wire: writing the client's commands and reading the server's frames,
//! with every length bounded.
//!
//! ```text
//! FRAME    = TXNR SP COMMAND SP DATALEN [SP DATA] LF
//! TXNR     = 1*9DIGIT          (0 only in the server's `serverclose`)
//! COMMAND  = 1*32ALPHA
//! DATALEN  = 1*9DIGIT          (the number of DATA bytes; 0 means no SP and no DATA)
//! ```
//!
//! A response (`rsp`) carries `CODE [SP TEXT] [LF OFFERS]`: a three-digit code (200 is
//! success), a human-readable text, and for `open` the offers, one `name[=value[,value]]` per
//! line.

use std::fmt;

/// The largest transaction number; the next one is 1 again.
pub const MAX_TXNR: u32 = 999_999_999;
/// The longest command name the protocol allows.
const MAX_COMMAND: usize = 32;
/// The most digits of TXNR and DATALEN.
const MAX_DIGITS: usize = 9;

/// The transaction number after `txnr` (1 after 999,999,999).
pub fn next_txnr(txnr: u32) -> u32 {
    if txnr >= MAX_TXNR {
        1
    } else {
        txnr + 1
    }
}

/// Appends one frame to `out`.
pub fn encode(out: &mut Vec<u8>, txnr: u32, command: &str, data: &[u8]) {
    let mut number = itoa::Buffer::new();
    out.extend_from_slice(number.format(txnr).as_bytes());
    out.push(b' ');
    out.extend_from_slice(command.as_bytes());
    out.push(b' ');
    out.extend_from_slice(number.format(data.len()).as_bytes());
    if !data.is_empty() {
        out.push(b' ');
        out.extend_from_slice(data);
    }
    out.push(b'\n');
}

/// A frame read from the server, borrowing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    pub txnr: u32,
    pub command: &'a [u8],
    pub data: &'a [u8],
}

/// Why bytes from the server are not a RELP frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// A byte that cannot appear where it is.
    Unexpected {
        /// What the frame should have had there.
        expected: &'static str,
        /// The byte found instead.
        found: u8,
        /// Its offset from the start of the frame.
        offset: usize,
    },
    /// TXNR or DATALEN has more than nine digits.
    NumberTooLong { field: &'static str },
    /// The command name is longer than 32 letters.
    CommandTooLong,
    /// DATALEN announces more data than this reader accepts.
    DataTooLong { length: usize, limit: usize },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Unexpected {
                expected,
                found,
                offset,
            } => write!(
                f,
                "expected {expected} at byte {offset} of the frame, found {}",
                std::ascii::escape_default(*found)
            ),
            FrameError::NumberTooLong { field } => {
                write!(f, "{field} has more than {MAX_DIGITS} digits")
            }
            FrameError::CommandTooLong => {
                write!(f, "the command name is longer than {MAX_COMMAND} letters")
            }
            FrameError::DataTooLong { length, limit } => write!(
                f,
                "DATALEN {length} is more than the {limit} bytes accepted from the server"
            ),
        }
    }
}

/// Reads the frame at the start of `input`: `Ok(None)` when `input` is a correct but
/// incomplete beginning of one (read more and call again), else the frame and the number of
/// bytes it took. DATALEN above `max_data` is an error before the data is awaited, so a
/// reader never holds more than `max_data` plus a header.
pub fn parse(input: &[u8], max_data: usize) -> Result<Option<(Frame<'_>, usize)>, FrameError> {
    let mut at = 0;
    let Some(txnr) = number(input, &mut at, "TXNR")? else {
        return Ok(None);
    };
    let command_start = at;
    while at < input.len() && input[at].is_ascii_alphabetic() {
        at += 1;
        if at - command_start > MAX_COMMAND {
            return Err(FrameError::CommandTooLong);
        }
    }
    let Some(&after_command) = input.get(at) else {
        return Ok(None);
    };
    if at == command_start || after_command != b' ' {
        let expected = if at == command_start {
            "a command name"
        } else {
            "a space after the command"
        };
        return Err(FrameError::Unexpected {
            expected,
            found: after_command,
            offset: at,
        });
    }
    let command = &input[command_start..at];
    at += 1;
    let Some(length) = number(input, &mut at, "DATALEN")? else {
        return Ok(None);
    };
    let length = length as usize;
    if length > max_data {
        return Err(FrameError::DataTooLong {
            length,
            limit: max_data,
        });
    }
    // `number` consumed the separator after DATALEN: a space before data, or the LF that
    // ends a frame without data.
    let separator = input[at - 1];
    let data_start = at;
    if length == 0 {
        if separator != b'\n' {
            return Err(FrameError::Unexpected {
                expected: "LF after DATALEN 0",
                found: separator,
                offset: at - 1,
            });
        }
        let frame = Frame {
            txnr,
            command,
            data: &[],
        };
        return Ok(Some((frame, at)));
    }
    if separator != b' ' {
        return Err(FrameError::Unexpected {
            expected: "a space before the data",
            found: separator,
            offset: at - 1,
        });
    }
    let end = data_start + length;
    let Some(&trailer) = input.get(end) else {
        return Ok(None);
    };
    if trailer != b'\n' {
        return Err(FrameError::Unexpected {
            expected: "LF after DATALEN bytes of data",
            found: trailer,
            offset: end,
        });
    }
    let frame = Frame {
        txnr,
        command,
        data: &input[data_start..end],
    };
    Ok(Some((frame, end + 1)))
}

/// Reads 1-9 digits at `*at` and the byte after them (a space, or LF after a DATALEN), leaving
/// `*at` after that byte. `Ok(None)`: the input ends first.
fn number(input: &[u8], at: &mut usize, field: &'static str) -> Result<Option<u32>, FrameError> {
    let start = *at;
    let mut value: u32 = 0;
    loop {
        let Some(&byte) = input.get(*at) else {
            return Ok(None);
        };
        if !byte.is_ascii_digit() {
            if *at == start {
                return Err(FrameError::Unexpected {
                    expected: if field == "TXNR" {
                        "a digit of TXNR"
                    } else {
                        "a digit of DATALEN"
                    },
                    found: byte,
                    offset: *at,
                });
            }
            let separator_ok = byte == b' ' || (field == "DATALEN" && byte == b'\n');
            if !separator_ok {
                return Err(FrameError::Unexpected {
                    expected: if field == "TXNR" {
                        "a space after TXNR"
                    } else {
                        "a space or LF after DATALEN"
                    },
                    found: byte,
                    offset: *at,
                });
            }
            *at += 1;
            return Ok(Some(value));
        }
        if *at - start == MAX_DIGITS {
            return Err(FrameError::NumberTooLong { field });
        }
        // Nine digits fit in a u32 (at most 999,999,999).
        value = value * 10 + u32::from(byte - b'0');
        *at += 1;
    }
}

/// The parts of a response's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response<'a> {
    /// The three-digit code: 200 is success.
    pub code: u16,
    /// The human-readable text after the code (may be empty).
    pub text: &'a [u8],
    /// What follows the first LF: the offers of an `open` response.
    pub rest: &'a [u8],
}

/// Reads a response's data: `CODE [SP TEXT] [LF REST]`.
pub fn parse_response(data: &[u8]) -> Result<Response<'_>, String> {
    let digits = data.get(..3).filter(|d| d.iter().all(u8::is_ascii_digit));
    let Some(digits) = digits else {
        return Err(format!(
            "a response must start with a three-digit code, found {:?}",
            excerpt(data)
        ));
    };
    let code = digits
        .iter()
        .fold(0u16, |code, d| code * 10 + u16::from(d - b'0'));
    let after = &data[3..];
    let (first_line, rest) = match after.iter().position(|&b| b == b'\n') {
        Some(lf) => (&after[..lf], &after[lf + 1..]),
        None => (after, &after[after.len()..]),
    };
    let text = match first_line {
        [] => first_line,
        [b' ', text @ ..] => text,
        _ => {
            return Err(format!(
                "the response code {code} must be followed by a space or LF, found {:?}",
                excerpt(data)
            ))
        }
    };
    Ok(Response { code, text, rest })
}

/// One offer of an `open` exchange: a name and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer<'a> {
    pub name: &'a [u8],
    pub values: Vec<&'a [u8]>,
}

/// Reads offers, one `name[=value[,value]]` per line; empty lines are skipped.
pub fn parse_offers(text: &[u8]) -> Vec<Offer<'_>> {
    text.split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| match line.iter().position(|&b| b == b'=') {
            Some(eq) => Offer {
                name: &line[..eq],
                values: line[eq + 1..].split(|&b| b == b',').collect(),
            },
            None => Offer {
                name: line,
                values: Vec::new(),
            },
        })
        .collect()
}

/// The first bytes of `data`, as text for an error message.
pub fn excerpt(data: &[u8]) -> String {
    const SHOWN: usize = 60;
    let shown = String::from_utf8_lossy(&data[..data.len().min(SHOWN)]).into_owned();
    if data.len() > SHOWN {
        shown + "..."
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(txnr: u32, command: &str, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        encode(&mut out, txnr, command, data);
        out
    }

    #[test]
    fn encodes_frames_with_and_without_data() {
        assert_eq!(encoded(7, "syslog", b"<13>hi"), b"7 syslog 6 <13>hi\n");
        assert_eq!(encoded(12, "close", b""), b"12 close 0\n");
    }

    #[test]
    fn transaction_numbers_wrap_to_one() {
        assert_eq!(next_txnr(1), 2);
        assert_eq!(next_txnr(MAX_TXNR - 1), MAX_TXNR);
        assert_eq!(next_txnr(MAX_TXNR), 1);
    }

    #[test]
    fn parses_what_it_encodes() {
        for (txnr, command, data) in [
            (1, "rsp", &b"200 OK"[..]),
            (0, "serverclose", b""),
            (MAX_TXNR, "rsp", b"500 no\nmore"),
            (3, "rsp", b"with\nLF and a trailing LF\n"),
        ] {
            let mut wire = encoded(txnr, command, data);
            wire.extend_from_slice(b"9 rsp 0\n");
            let (frame, used) = parse(&wire, 1024).unwrap().unwrap();
            assert_eq!(frame.txnr, txnr);
            assert_eq!(frame.command, command.as_bytes());
            assert_eq!(frame.data, data);
            assert_eq!(used, wire.len() - b"9 rsp 0\n".len());
        }
    }

    #[test]
    fn every_proper_prefix_is_incomplete_not_an_error() {
        for wire in [&b"123 rsp 6 200 OK\n"[..], b"0 serverclose 0\n"] {
            for end in 0..wire.len() {
                assert_eq!(parse(&wire[..end], 1024), Ok(None), "{:?}", &wire[..end]);
            }
            assert!(parse(wire, 1024).unwrap().is_some());
        }
    }

    #[test]
    fn malformed_frames_are_errors_that_say_what_and_where() {
        let cases: [(&[u8], &str); 11] = [
            (b"x rsp 0\n", "expected a digit of TXNR at byte 0"),
            (
                b"1x rsp 0\n",
                "expected a space after TXNR at byte 1 of the frame, found x",
            ),
            (b"1  rsp 0\n", "expected a command name at byte 2"),
            (
                b"1 rsp\n0\n",
                "expected a space after the command at byte 5",
            ),
            (b"1 rsp x\n", "expected a digit of DATALEN at byte 6"),
            (
                b"1 rsp 2 OKX",
                "expected LF after DATALEN bytes of data at byte 10",
            ),
            (b"1 rsp 0 \n", "expected LF after DATALEN 0 at byte 7"),
            (
                b"1 rsp 2\nOK\n",
                "expected a space before the data at byte 7",
            ),
            (b"1234567890 rsp 0\n", "TXNR has more than 9 digits"),
            (b"1 rsp 1234567890", "DATALEN has more than 9 digits"),
            (b"1 rsp 2000 ", "DATALEN 2000 is more than the 1024 bytes"),
        ];
        for (wire, message) in cases {
            let error = parse(wire, 1024).expect_err(&excerpt(wire)).to_string();
            assert!(error.contains(message), "{:?}: {error}", excerpt(wire));
        }
        let long_command = [&b"1 "[..], &[b'a'; 33], b" 0\n"].concat();
        assert_eq!(parse(&long_command, 1024), Err(FrameError::CommandTooLong));
    }

    #[test]
    fn an_oversized_frame_is_refused_before_its_data_arrives() {
        assert!(matches!(
            parse(b"5 rsp 999999999 ", 65536),
            Err(FrameError::DataTooLong { .. })
        ));
    }

    #[test]
    fn responses_split_into_code_text_and_offers() {
        let open = b"200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,x\ncommands=syslog\n";
        let response = parse_response(open).unwrap();
        assert_eq!((response.code, response.text), (200, &b"OK"[..]));
        let offers = parse_offers(response.rest);
        assert_eq!(offers.len(), 3);
        assert_eq!(offers[1].name, b"relp_software");
        assert_eq!(offers[1].values, [&b"librelp"[..], b"1.11.0", b"x"]);
        assert_eq!(offers[2].values, [&b"syslog"[..]]);

        let bare = parse_response(b"500").unwrap();
        assert_eq!((bare.code, bare.text, bare.rest), (500, &b""[..], &b""[..]));
        assert!(parse_response(b"20 OK").is_err());
        assert!(parse_response(b"").is_err());
        assert!(parse_response(b"2000 OK").is_err());
        assert_eq!(
            parse_offers(b"flag\n\n"),
            [Offer {
                name: b"flag",
                values: vec![]
            }]
        );
    }
}
