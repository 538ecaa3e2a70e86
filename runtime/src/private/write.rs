//! Writers for field values, used by generated formatters (reached through `__private`).
//!
//! Text fields are written as they are, except for the three characters that could forge a
//! second log line or cut one short: CR, LF and NUL are escaped as `#015`, `#012` and `#000`
//! (the octal form rsyslog uses for control characters). So a value can never start a new line
//! on the wire; the escape is not undone when parsing. A session identity that holds `<` or `>`
//! is written bare rather than in `<...>`, which could not carry it.

use core::fmt::{self, Write};

use crate::words::{below_flags, load8, ONES};

/// Writes text, escaping CR, LF and NUL.
///
/// Out of line: a message's formatter then holds a call where it held the check, and the
/// formatters of many messages share this one copy in the instruction cache.
#[inline(never)]
pub fn text<W: Write + ?Sized>(out: &mut W, value: &str) -> fmt::Result {
    // Most values hold no byte at or below CR: a check of eight bytes at a time tells, and
    // the value goes out whole.
    if !any_byte(value.as_bytes(), has_byte_below_14, |b| b <= b'\r') {
        return out.write_str(value);
    }
    escaped(out, value)
}

/// Writes text that holds CR, LF or NUL, escaping them.
#[cold]
#[inline(never)]
fn escaped<W: Write + ?Sized>(out: &mut W, value: &str) -> fmt::Result {
    let bytes = value.as_bytes();
    let mut start = 0;
    for i in memchr::memchr3_iter(b'\r', b'\n', 0, bytes) {
        let escape = match bytes[i] {
            b'\r' => "#015",
            b'\n' => "#012",
            _ => "#000",
        };
        out.write_str(&value[start..i])?;
        out.write_str(escape)?;
        start = i + 1;
    }
    out.write_str(&value[start..])
}

/// Writes a text value that a template brackets: in `<...>` when `brackets` is set and the
/// value holds no `<` or `>` (which `<...>` could not carry), else bare. One call per such
/// field, out of line like [`text`].
#[inline(never)]
pub fn bracketed_text<W: Write + ?Sized>(out: &mut W, value: &str, brackets: bool) -> fmt::Result {
    if brackets && !has_angle_bracket(value) {
        out.write_char('<')?;
        text(out, value)?;
        out.write_char('>')
    } else {
        text(out, value)
    }
}

/// Whether a value holds `<` or `>`, so that it cannot be written inside `<...>`.
fn has_angle_bracket(value: &str) -> bool {
    any_byte(value.as_bytes(), has_angle_byte, |b| b == b'<' || b == b'>')
}

/// Whether any byte of `bytes` passes `byte`, with `word` telling the same of eight bytes at
/// once. Values are short, and their lengths vary from one to the next: up to sixteen bytes
/// are looked at in one or two overlapping loads, with no loop whose exit depends on the
/// length (such exits are mispredicted when lengths vary); longer values a word at a time,
/// the last word overlapping.
fn any_byte(bytes: &[u8], word: impl Fn(u64) -> bool, byte: impl Fn(u8) -> bool) -> bool {
    let n = bytes.len();
    let load4 = |at: usize| <[u8; 4]>::try_from(&bytes[at..at + 4]).map(u32::from_le_bytes);
    match n {
        0 => false,
        // The first, middle and last bytes are every byte of up to three.
        1..=3 => byte(bytes[0]) | byte(bytes[n / 2]) | byte(bytes[n - 1]),
        // Two overlapping four-byte loads cover the value; as one word, every byte of it
        // is a byte of the value.
        4..=7 => match (load4(0), load4(n - 4)) {
            (Ok(head), Ok(tail)) => word(u64::from(head) | u64::from(tail) << 32),
            _ => bytes.iter().any(|&b| byte(b)),
        },
        8..=16 => match (load8(bytes, 0), load8(bytes, n - 8)) {
            (Some(head), Some(tail)) => word(head) | word(tail),
            _ => bytes.iter().any(|&b| byte(b)),
        },
        _ => bytes
            .chunks_exact(8)
            .chain(core::iter::once(&bytes[n - 8..]))
            .any(|chunk| <[u8; 8]>::try_from(chunk).map_or(true, |w| word(u64::from_le_bytes(w)))),
    }
}

/// Whether a word holds a zero byte.
fn has_zero_byte(word: u64) -> bool {
    below_flags(word, 1) != 0
}

/// Whether a word holds a byte below 14 (NUL to CR).
fn has_byte_below_14(word: u64) -> bool {
    below_flags(word, 14) != 0
}

/// Whether a word holds `<` (0x3c) or `>` (0x3e): the only bytes that setting bit 1 makes
/// 0x3e, which `^` then makes zero.
fn has_angle_byte(word: u64) -> bool {
    has_zero_byte((word | (ONES * 0x02)) ^ (ONES * 0x3e))
}

/// Writes an integer in decimal.
pub fn int<W: Write + ?Sized, I: itoa::Integer>(out: &mut W, value: I) -> fmt::Result {
    out.write_str(itoa::Buffer::new().format(value))
}

/// Writes a hexadecimal value as it was sent (`0x` and lowercase when made from a number).
pub fn hex<W: Write + ?Sized>(out: &mut W, value: crate::values::Hex) -> fmt::Result {
    value.write_to(out)
}

/// Writes an IPv4 address in dotted decimal, without the formatting machinery (addresses are
/// in most lines a simulator writes).
pub fn ipv4<W: Write + ?Sized>(out: &mut W, address: &std::net::Ipv4Addr) -> fmt::Result {
    let [a, b, c, d] = address.octets();
    out.write_str(OCTETS_DOTTED[usize::from(a)])?;
    out.write_str(OCTETS_DOTTED[usize::from(b)])?;
    out.write_str(OCTETS_DOTTED[usize::from(c)])?;
    out.write_str(OCTETS[usize::from(d)])
}

/// `text[start..end]` in a constant, where slicing is not available: empty when out of range
/// or off a character boundary (the tables slice ASCII text, so neither happens).
pub(crate) const fn const_slice(text: &'static str, start: usize, end: usize) -> &'static str {
    match text.split_at_checked(end) {
        Some((head, _)) => match head.split_at_checked(start) {
            Some((_, entry)) => entry,
            None => "",
        },
        None => "",
    }
}

/// A table of `N` entries of `width` bytes laid end to end in `text`: entry `i` is bytes
/// `width * i` to `width * (i + 1)`, without its leading padding when `padded` (entries of
/// right-aligned numbers, see [`padding_of`]).
pub(crate) const fn fixed_width_table<const N: usize>(
    text: &'static str,
    width: usize,
    padded: bool,
) -> [&'static str; N] {
    let mut table = [""; N];
    let mut i = 0;
    while i < N {
        let skip = if padded { padding_of(i) } else { 0 };
        table[i] = const_slice(text, width * i + skip, width * i + width);
        i += 1;
    }
    table
}

/// How many of three places a number below 1000 leaves unused (`7` two, `42` one): the
/// padding to skip in a table of right-aligned three-place entries.
pub(crate) const fn padding_of(number: usize) -> usize {
    if number < 10 {
        2
    } else if number < 100 {
        1
    } else {
        0
    }
}

/// Bytes built in a constant as text (empty if they were not UTF-8; the tables build ASCII).
pub(crate) const fn const_text(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => "",
    }
}

/// `"0."` to `"255."`; and [`OCTETS`], the same without the dot. Static text, so that writing
/// an address validates no bytes as UTF-8 at run time.
const OCTETS_DOTTED: [&str; 256] = octet_table(true);
const OCTETS: [&str; 256] = octet_table(false);

/// `"000.001.002. ... 255."`: four bytes per octet, sliced by `octet_table`.
const OCTET_TEXT: &str = {
    const BYTES: [u8; 1024] = three_digits_each(b".");
    const_text(&BYTES)
};

/// `000`, `001`, ... each followed by `suffix`, for as many numbers as fill `N` bytes: the text
/// of tables of right-aligned three-place numbers.
pub(crate) const fn three_digits_each<const N: usize>(suffix: &[u8]) -> [u8; N] {
    let width = 3 + suffix.len();
    let mut bytes = [0u8; N];
    let mut i = 0;
    while width * (i + 1) <= N {
        let at = width * i;
        bytes[at] = b'0' + (i / 100 % 10) as u8;
        bytes[at + 1] = b'0' + (i / 10 % 10) as u8;
        bytes[at + 2] = b'0' + (i % 10) as u8;
        let mut j = 0;
        while j < suffix.len() {
            bytes[at + 3 + j] = suffix[j];
            j += 1;
        }
        i += 1;
    }
    bytes
}

const fn octet_table(dotted: bool) -> [&'static str; 256] {
    let mut table = [""; 256];
    let mut i = 0;
    while i < 256 {
        let skip = padding_of(i);
        let end = if dotted { 4 * i + 4 } else { 4 * i + 3 };
        table[i] = const_slice(OCTET_TEXT, 4 * i + skip, end);
        i += 1;
    }
    table
}

/// Writes an IPv4 or IPv6 address as `Display` does, without the formatting machinery (out
/// of line, like [`text`]).
#[inline(never)]
pub fn ip<W: Write + ?Sized>(out: &mut W, address: &std::net::IpAddr) -> fmt::Result {
    match address {
        std::net::IpAddr::V4(v4) => ipv4(out, v4),
        std::net::IpAddr::V6(v6) => ipv6(out, v6),
    }
}

/// Writes an IPv6 address as `Display` does (RFC 5952: lowercase, the first longest run of
/// two or more zero groups as `::`, an IPv4-mapped address as `::ffff:a.b.c.d`), without the
/// formatting machinery.
pub fn ipv6<W: Write + ?Sized>(out: &mut W, address: &std::net::Ipv6Addr) -> fmt::Result {
    if let Some(v4) = address.to_ipv4_mapped() {
        out.write_str("::ffff:")?;
        return ipv4(out, &v4);
    }
    let groups = address.segments();
    // The first longest run of zero groups.
    let (mut start, mut len, mut run_start, mut run_len) = (0, 0, 0, 0);
    for (i, &group) in groups.iter().enumerate() {
        if group == 0 {
            if run_len == 0 {
                run_start = i;
            }
            run_len += 1;
            if run_len > len {
                (start, len) = (run_start, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    let write_groups = |out: &mut W, groups: &[u16]| -> fmt::Result {
        for (i, &group) in groups.iter().enumerate() {
            if i > 0 {
                out.write_char(':')?;
            }
            hex_group(out, group)?;
        }
        Ok(())
    };
    if len > 1 {
        write_groups(out, &groups[..start])?;
        out.write_str("::")?;
        write_groups(out, &groups[start + len..])
    } else {
        write_groups(out, &groups)
    }
}

/// Writes a 16-bit group in lowercase hexadecimal without leading zeros.
fn hex_group<W: Write + ?Sized>(out: &mut W, group: u16) -> fmt::Result {
    let [high, low] = group.to_be_bytes();
    if high == 0 {
        out.write_str(HEX_BYTES_SHORT[usize::from(low)])
    } else {
        out.write_str(HEX_BYTES_SHORT[usize::from(high)])?;
        out.write_str(HEX_BYTES[usize::from(low)])
    }
}

/// Writes a MAC address in the Cisco dotted form (`0050.56a1.0203`), as `Display` does.
pub fn mac<W: Write + ?Sized>(out: &mut W, address: &crate::values::MacAddr) -> fmt::Result {
    let [a, b, c, d, e, f] = address.0.map(|byte| HEX_BYTES[usize::from(byte)]);
    for (i, (first, second)) in [(a, b), (c, d), (e, f)].into_iter().enumerate() {
        if i > 0 {
            out.write_char('.')?;
        }
        out.write_str(first)?;
        out.write_str(second)?;
    }
    Ok(())
}

/// Writes a quantity as `Display` does (the number, then the unit as it is).
pub fn quantity<W: Write + ?Sized>(
    out: &mut W,
    value: &crate::values::Quantity<'_>,
) -> fmt::Result {
    int(out, value.value)?;
    out.write_str(&value.unit)
}

/// `"00"` to `"ff"`, and [`HEX_BYTES_SHORT`], the same without a leading zero (`"0"` to
/// `"ff"`): static text, so that writing validates no bytes as UTF-8 at run time.
const HEX_BYTES: [&str; 256] = hex_table(false);
const HEX_BYTES_SHORT: [&str; 256] = hex_table(true);

/// `"000102...ff"`: two lowercase hexadecimal digits per byte, sliced by `hex_table`.
const HEX_TEXT: &str = {
    const BYTES: [u8; 512] = {
        let digits = b"0123456789abcdef";
        let mut bytes = [0u8; 512];
        let mut i = 0;
        while i < 256 {
            bytes[2 * i] = digits[i / 16];
            bytes[2 * i + 1] = digits[i % 16];
            i += 1;
        }
        bytes
    };
    const_text(&BYTES)
};

const fn hex_table(short: bool) -> [&'static str; 256] {
    let mut table = [""; 256];
    let mut i = 0;
    while i < 256 {
        let skip = if short && i < 16 { 1 } else { 0 };
        table[i] = const_slice(HEX_TEXT, 2 * i + skip, 2 * i + 2);
        i += 1;
    }
    table
}

/// Writes a value through its `Display`.
pub fn display<W: Write + ?Sized, T: fmt::Display>(out: &mut W, value: &T) -> fmt::Result {
    write!(out, "{value}")
}

#[cfg(test)]
mod tests {
    /// A deterministic source of test inputs: the crate's own generator.
    fn numbers(seed: u64) -> impl FnMut() -> u64 {
        let mut rng = crate::draw::SplitMix64::new(seed);
        move || rng.next_u64()
    }

    #[test]
    fn writes_addresses_as_display_does() {
        for octets in [
            [0, 0, 0, 0],
            [192, 0, 2, 7],
            [10, 99, 100, 255],
            [1, 20, 255, 9],
            [100, 9, 10, 99],
        ] {
            let address = std::net::Ipv4Addr::from(octets);
            let mut out = String::new();
            super::ipv4(&mut out, &address).unwrap();
            assert_eq!(out, address.to_string());
            out.clear();
            super::ip(&mut out, &address.into()).unwrap();
            assert_eq!(out, address.to_string());
        }
    }

    #[test]
    fn octet_tables_hold_every_octet() {
        for octet in 0..=255u8 {
            assert_eq!(super::OCTETS[usize::from(octet)], octet.to_string());
            assert_eq!(
                super::OCTETS_DOTTED[usize::from(octet)],
                format!("{octet}.")
            );
        }
    }

    #[test]
    fn writes_ipv6_and_mac_addresses_as_display_does() {
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        let mut out = String::new();
        for round in 0..20_000 {
            let bits = next();
            // Mostly zero groups, so that runs of every length and place are met.
            let groups: [u16; 8] = core::array::from_fn(|i| {
                let group = (bits >> (8 * i)) as u16;
                match bits >> (60 - i) & 3 {
                    0 => group,
                    _ if round % 5 == 0 => group & 0xf,
                    _ => 0,
                }
            });
            let mut address = std::net::Ipv6Addr::from(groups);
            if round % 97 == 0 {
                address = std::net::Ipv4Addr::from(bits as u32).to_ipv6_mapped();
            }
            out.clear();
            super::ipv6(&mut out, &address).unwrap();
            assert_eq!(out, address.to_string());
            out.clear();
            super::ip(&mut out, &address.into()).unwrap();
            assert_eq!(out, address.to_string());
            let mac = crate::values::MacAddr(core::array::from_fn(|i| (bits >> (9 * i)) as u8));
            out.clear();
            super::mac(&mut out, &mac).unwrap();
            assert_eq!(out, mac.to_string());
        }
        for (byte, text) in super::HEX_BYTES_SHORT.iter().enumerate() {
            assert_eq!(*text, format!("{byte:x}"));
            assert_eq!(super::HEX_BYTES[byte], format!("{byte:02x}"));
        }
        let quantity = crate::values::Quantity::parse("266KB").unwrap();
        out.clear();
        super::quantity(&mut out, &quantity).unwrap();
        assert_eq!(out, quantity.to_string());
    }

    /// `text` and `has_angle_bracket` as byte loops, to hold the word-at-a-time checks to.
    fn escaped_slowly(value: &str) -> String {
        value
            .chars()
            .map(|c| match c {
                '\r' => "#015".to_owned(),
                '\n' => "#012".to_owned(),
                '\0' => "#000".to_owned(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn word_checks_agree_with_byte_loops() {
        let alphabet = [
            "a",
            "Z",
            "0",
            " ",
            "\r",
            "\n",
            "\0",
            "\t",
            "\u{b}",
            "\u{c}",
            "\u{e}",
            "<",
            ">",
            "=",
            "?",
            "|",
            "~",
            "\u{7f}",
            "é",
            "日",
            "\u{1f600}",
        ];
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        let mut out = String::new();
        let mut value = String::new();
        for round in 0..50_000 {
            value.clear();
            let len = next() % 40;
            for _ in 0..len {
                // Mostly plain letters, as field values are.
                let pick = next();
                let at = if round % 2 == 0 {
                    pick % 4
                } else {
                    pick % alphabet.len() as u64
                };
                value.push_str(alphabet[at as usize]);
            }
            out.clear();
            super::text(&mut out, &value).unwrap();
            assert_eq!(out, escaped_slowly(&value), "{value:?}");
            let slow = value.contains('<') || value.contains('>');
            assert_eq!(super::has_angle_bracket(&value), slow, "{value:?}");
        }
        // Every byte value, in every place of a word and in the overlapping last word.
        for byte in 0..=127u8 {
            for len in 1..=17 {
                for at in 0..len {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = byte;
                    let value = String::from_utf8(bytes).unwrap();
                    out.clear();
                    super::text(&mut out, &value).unwrap();
                    assert_eq!(out, escaped_slowly(&value), "{value:?}");
                    let slow = byte == b'<' || byte == b'>';
                    assert_eq!(super::has_angle_bracket(&value), slow, "{value:?}");
                }
            }
        }
    }

    #[test]
    fn escapes_line_breaks_and_nul() {
        let mut out = String::new();
        super::text(&mut out, "a\r\nb\0c").unwrap();
        assert_eq!(out, "a#015#012b#000c");
        out.clear();
        super::text(&mut out, "tab\there, no break").unwrap();
        assert_eq!(out, "tab\there, no break");
        assert!(super::has_angle_bracket("a>b") && !super::has_angle_bracket("a-b"));
    }
}
