//! The fuzz target's properties, checked deterministically on every run: whole lines of every
//! message under several header forms, mutated at random (the seed is fixed), never make
//! `parse_line` panic, error spans stay within the line, and a line that parses writes back to
//! a line that parses to the same header and message. `fuzz/` explores further with libFuzzer.

use ftd_syslog::draw::SplitMix64;
use ftd_syslog::header::{HeaderFormat, HeaderStyle, Tag, Timestamp, TimestampFormat};
use ftd_syslog::{parse_line, Emitter, IkeContext, Message, RandomValues, MESSAGES};

/// Characters that make headers and templates ambiguous when inserted.
const INSERTED: &[char] = &[
    ' ', '\t', '\u{b}', '<', '>', ':', '-', '%', '1', '0', 'T', 'Z', '.', ',', '=', '[', ']', '"',
    'F', 'A', 'é',
];

fn mutate(line: &str, rng: &mut SplitMix64) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    for _ in 0..1 + rng.below(3) {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len() as u64) as usize;
        match rng.below(5) {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(at, *rng.pick(INSERTED)),
            2 => chars[at] = *rng.pick(INSERTED),
            3 => {
                let end = (at + 1 + rng.below(8) as usize).min(chars.len());
                chars.drain(at..end);
            }
            _ => {
                let end = (at + 1 + rng.below(12) as usize).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                let to = rng.below(chars.len() as u64 + 1) as usize;
                chars.splice(to..to, piece);
            }
        }
    }
    chars.into_iter().collect()
}

fn emitters() -> Vec<(Emitter, Option<Timestamp>)> {
    let style = |format, tag, device: Option<&str>| HeaderStyle {
        format,
        tag,
        device_id: device.map(str::to_owned),
        ..HeaderStyle::default()
    };
    let legacy = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
    let iso = Timestamp::from_unix(1_795_701_791, 120_000_000, 3, TimestampFormat::Iso);
    vec![
        (
            Emitter {
                header: style(HeaderFormat::Legacy, Tag::Ftd, Some("fw1")),
                bare_identities: false,
            },
            Some(legacy),
        ),
        (
            Emitter {
                header: style(HeaderFormat::Legacy, Tag::Asa, Some("1")),
                bare_identities: true,
            },
            None,
        ),
        (
            Emitter {
                header: style(HeaderFormat::Rfc5424, Tag::Ftd, Some("fw1.example.com")),
                bare_identities: false,
            },
            Some(iso),
        ),
        (
            Emitter {
                header: style(HeaderFormat::Bare, Tag::Ftd, None),
                bare_identities: false,
            },
            None,
        ),
    ]
}

#[test]
fn mutated_lines_parse_or_fail_cleanly_and_round_trip() {
    let emitters = emitters();
    let context = IkeContext {
        group: Some("vpn-ra".into()),
        username: Some("alice".into()),
        ip: Some([192, 0, 2, 7].into()),
    };
    let mut rng = SplitMix64::new(0x5eed);
    let (mut parsed, mut failed) = (0u64, 0u64);
    for info in MESSAGES {
        for variant in 0..4u64 {
            let message = Message::draw(
                info.id,
                &mut RandomValues::new(u64::from(info.id) + variant),
            )
            .expect("catalogued");
            let (emitter, timestamp) = &emitters[variant as usize % emitters.len()];
            let mut line = String::new();
            emitter
                .write(
                    &mut line,
                    &message,
                    Some(&context),
                    timestamp.as_ref(),
                    0,
                    None,
                )
                .expect("writing to a String");
            for _ in 0..24 {
                let mutant = mutate(&line, &mut rng);
                match parse_line(&mutant) {
                    Ok(record) => {
                        parsed += 1;
                        if mutant.contains(['\r', '\n', '\0']) {
                            continue;
                        }
                        let rewritten = record.to_string();
                        let again = parse_line(&rewritten).unwrap_or_else(|e| {
                            panic!("{mutant:?} rewrote to {rewritten:?}, which fails: {e}")
                        });
                        assert_eq!(again.header, record.header, "{mutant:?} -> {rewritten:?}");
                        assert_eq!(again.message, record.message, "{mutant:?} -> {rewritten:?}");
                    }
                    Err(error) => {
                        failed += 1;
                        let span = error.span();
                        assert!(
                            span.start <= span.end && span.end <= mutant.len(),
                            "{mutant:?}: span {span:?}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        parsed > 2_000 && failed > 10_000,
        "{parsed} parsed, {failed} failed"
    );
}
