//! Byte tests eight bytes at a time: a line's bytes loaded as a `u64` (little-endian, so the
//! first byte is the lowest) and tested in one step. Values and header fields run to tens of
//! bytes, where a word at a time beats a byte loop or a vectorised pass with its set-up.

/// Ones in every byte of a word.
pub(crate) const ONES: u64 = u64::MAX / 255;
/// The high bit of every byte of a word.
pub(crate) const HIGHS: u64 = ONES * 0x80;

/// The high bit of the bytes of `word` below `bound` (at most 0x80), and possibly of bytes
/// above a flagged one: a borrow runs upwards past a flagged byte. So "any flag" is exact,
/// and so is the lowest flag.
pub(crate) const fn below_flags(word: u64, bound: u8) -> u64 {
    word.wrapping_sub(ONES * bound as u64) & !word & HIGHS
}

/// The high bit of exactly the bytes of `word` equal to `byte` (no carry crosses a byte).
pub(crate) const fn equal_flags(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * byte as u64);
    !(((x & !HIGHS) + !HIGHS) | x) & HIGHS
}

/// The high bit of exactly the bytes of `word` at or above `bound` (at most 0x80; no carry
/// crosses a byte): a byte's low seven bits plus `0x80 - bound` reach the high bit when they
/// are at least `bound`, and a byte with its high bit set is above any such bound.
pub(crate) const fn at_least_flags(word: u64, bound: u8) -> u64 {
    (((word & !HIGHS) + ONES * (0x80 - bound as u64)) | word) & HIGHS
}

/// The word of the first eight bytes of `bytes` from `at` (the first byte lowest), when there
/// are eight.
#[inline]
pub(crate) fn load8(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(chunk).ok().map(u64::from_le_bytes)
}

/// The word of the bytes of `bytes` from `at`, at most eight, with zeros past its end (a
/// zero byte is neither a blank nor any byte the scans look for); `None` when no byte is left.
#[inline]
pub(crate) fn load_padded(bytes: &[u8], at: usize) -> Option<u64> {
    if let Some(word) = load8(bytes, at) {
        return Some(word);
    }
    let tail = bytes.get(at..).filter(|tail| !tail.is_empty())?;
    let mut padded = [0u8; 8];
    padded[..tail.len()].copy_from_slice(tail);
    Some(u64::from_le_bytes(padded))
}

/// The number written by eight decimal digits, given as their values (0-9) one per byte of
/// `digits`, the first digit lowest: pairs, then fours, then all eight combined by
/// multiplication, each step halving the number of lanes.
pub(crate) const fn eight_digits_value(digits: u64) -> u32 {
    let pairs = (digits * 10 + (digits >> 8)) & 0x00ff_00ff_00ff_00ff;
    let fours = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    ((fours * 10_000 + (fours >> 32)) & 0xffff_ffff) as u32
}

/// Where the first byte of `bytes` that `stops` is, or its length when there is none: words
/// whose `flags` (the high bit of such bytes, the lowest one exact) are tested eight bytes a
/// step, the last few bytes one at a time.
#[inline(always)]
fn first_stop(bytes: &[u8], flags: impl Fn(u64) -> u64, stops: impl Fn(u8) -> bool) -> usize {
    let mut at = 0;
    while let Some(word) = load8(bytes, at) {
        let flags = flags(word);
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| stops(b))
        .unwrap_or(bytes.len() - at)
}

/// Where the first blank (space or tab) of `bytes` is, or its length when it has none.
#[inline]
pub(crate) fn first_blank(bytes: &[u8]) -> usize {
    first_stop(
        bytes,
        |word| equal_flags(word, b' ') | equal_flags(word, b'\t'),
        |b| b == b' ' || b == b'\t',
    )
}

/// Where a host name that starts `bytes` ends: its first byte that is not printable ASCII
/// (a blank, a control byte, a byte of a multibyte character) or is `%` or `<` (a tag or a
/// priority follows), or its length when it has none.
pub(crate) fn host_end(bytes: &[u8]) -> usize {
    first_stop(
        bytes,
        // `below_flags` may flag bytes above its lowest flag, never below: the lowest flag of
        // the union is exact.
        |word| {
            below_flags(word, 0x21)
                | at_least_flags(word, 0x7f)
                | equal_flags(word, b'%')
                | equal_flags(word, b'<')
        },
        |b| !b.is_ascii_graphic() || b == b'%' || b == b'<',
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both tests against byte loops, for every byte value in every place of a word, with
    /// other bytes around it that are and are not flagged.
    #[test]
    fn word_flags_agree_with_byte_loops() {
        let flags = |word: u64, test: &dyn Fn(u8) -> bool| {
            word.to_le_bytes()
                .iter()
                .enumerate()
                .filter(|&(_, &b)| test(b))
                .fold(0u64, |flags, (at, _)| flags | 0x80 << (8 * at))
        };
        for fill in [0u8, b' ', b'a', 0x7f, 0x80, 0xff] {
            for byte in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [fill; 8];
                    bytes[at] = byte;
                    let word = u64::from_le_bytes(bytes);
                    for target in [0u8, b' ', b'\t', b'%', 0x80] {
                        assert_eq!(equal_flags(word, target), flags(word, &|b| b == target));
                    }
                    for bound in [0u8, 1, 10, 0x7f, 0x80] {
                        let want = flags(word, &|b| b >= bound);
                        assert_eq!(at_least_flags(word, bound), want, "{word:#x} >= {bound}");
                    }
                    for bound in [1u8, 14, 0x80] {
                        let want = flags(word, &|b| b < bound);
                        let got = below_flags(word, bound);
                        assert_eq!(got != 0, want != 0, "{word:#x} below {bound}");
                        assert_eq!(got.trailing_zeros(), want.trailing_zeros());
                    }
                }
            }
        }
    }

    /// Every number of eight digits with each digit in turn varied, and random others.
    #[test]
    fn eight_digits_make_their_number() {
        let value_of = |n: u32| {
            let text = format!("{n:08}");
            let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
            u64::from_le_bytes(digits.try_into().expect("eight digits"))
        };
        let mut rng = crate::draw::SplitMix64::new(3);
        for n in (0..8)
            .flat_map(|at| (0..10).map(move |d| d * 10u32.pow(at)))
            .chain((0..10_000).map(|_| rng.below(100_000_000) as u32))
            .chain([0, 99_999_999, 716_001, 1_234_567])
        {
            assert_eq!(eight_digits_value(value_of(n)), n);
        }
        assert_eq!(
            load8(b"0123456789", 2),
            Some(u64::from_le_bytes(*b"23456789"))
        );
        assert_eq!(load8(b"0123456789", 3), None);
        assert_eq!(load8(b"01", usize::MAX), None);
        assert_eq!(
            load_padded(b"0123456789", 7),
            Some(u64::from_le_bytes(*b"789\0\0\0\0\0"))
        );
        assert_eq!(
            load_padded(b"0123456789", 1),
            Some(u64::from_le_bytes(*b"12345678"))
        );
        assert_eq!(load_padded(b"01", 2), None);
        assert_eq!(load_padded(b"01", usize::MAX), None);
    }

    /// `scan` finds the first byte for which `stops` holds (the length when none does) in
    /// 20,000 random texts of up to 40 bytes drawn from `alphabet`, with `filler` taking as
    /// many draws again as the alphabet when given (long runs of bytes that do not stop).
    fn scan_agrees_with_a_byte_loop(
        seed: u64,
        alphabet: &[u8],
        filler: Option<u8>,
        scan: fn(&[u8]) -> usize,
        stops: fn(u8) -> bool,
    ) {
        let mut rng = crate::draw::SplitMix64::new(seed);
        let draws = alphabet.len() as u64 * if filler.is_some() { 2 } else { 1 };
        for _ in 0..20_000 {
            let len = rng.below(40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let pick = rng.below(draws) as usize;
                    alphabet.get(pick).copied().or(filler).expect("a byte")
                })
                .collect();
            let want = bytes.iter().position(|&b| stops(b)).unwrap_or(len);
            assert_eq!(scan(&bytes), want, "{bytes:?}");
        }
    }

    /// Over texts rich in blanks and other bytes.
    #[test]
    fn first_blank_agrees_with_a_byte_loop() {
        scan_agrees_with_a_byte_loop(5, b"ab \t.%\x80\xff", None, first_blank, |b| {
            b == b' ' || b == b'\t'
        });
    }

    /// Over texts of host bytes and every kind of byte that ends a host.
    #[test]
    fn host_end_agrees_with_a_byte_loop() {
        let alphabet = b"aZ9.-_:% <\t\x00\x1f\x21\x7e\x7f\x80\xff";
        scan_agrees_with_a_byte_loop(9, alphabet, Some(b'x'), host_end, |b| {
            !b.is_ascii_graphic() || b == b'%' || b == b'<'
        });
    }
}
