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
}
