//! Throughput of parsing and emitting whole lines over a mixed corpus that covers all 436
//! messages with the header forms seen in the field.
//!
//! `cargo bench -p ftd-syslog --bench throughput`; the report gives lines/s (elements) and
//! bytes/s for parsing, lines/s for reading the header alone, messages/s for emitting into a
//! reused buffer, for drawing values alone, and for generating lines as `ftd-syslog simulate`
//! does (draw, then write). `FTD_BENCH_CORPUS=<file>` makes the parse and header groups
//! read that file's lines instead of the corpus.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ftd_syslog::header::{
    parse_header, HeaderFormat, HeaderStyle, Tag, Timestamp, TimestampFormat,
};
use ftd_syslog::{parse_line, Emitter, IkeContext, Message, RandomValues, MESSAGES};

const VARIANTS_PER_MESSAGE: u64 = 24;

fn emitters() -> Vec<(Emitter, Option<Timestamp>)> {
    let legacy = Timestamp::from_unix(1_795_701_791, 0, 0, TimestampFormat::Legacy);
    let iso = Timestamp::from_unix(1_795_701_791, 250_000_000, 3, TimestampFormat::Iso);
    let style = |format, tag, device: Option<&str>| HeaderStyle {
        format,
        tag,
        device_id: device.map(str::to_owned),
        ..HeaderStyle::default()
    };
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
                header: style(HeaderFormat::Legacy, Tag::Asa, Some("asa-edge")),
                bare_identities: true,
            },
            Some(legacy.without_year()),
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

/// The IKE session context the lines of IKE messages carry.
fn context() -> IkeContext<'static> {
    IkeContext {
        group: Some("vpn-ra".into()),
        username: Some("alice".into()),
        ip: Some([192, 0, 2, 7].into()),
    }
}

/// Messages and the lines they make: every catalog message, several random values each.
fn corpus() -> (Vec<(Message<'static>, usize)>, Vec<String>) {
    let emitters = emitters();
    let context = context();
    let mut messages = Vec::new();
    let mut lines = Vec::new();
    for info in MESSAGES {
        for variant in 0..VARIANTS_PER_MESSAGE {
            let mut values = RandomValues::new(u64::from(info.id) * 1000 + variant);
            let message = Message::draw(info.id, &mut values).expect("catalogued");
            let which = (variant as usize) % emitters.len();
            let (emitter, timestamp) = &emitters[which];
            let mut line = String::new();
            let ctx = (variant % 2 == 0).then_some(&context);
            emitter
                .write(&mut line, &message, ctx, timestamp.as_ref(), 0, None)
                .expect("writing to a String");
            lines.push(line);
            messages.push((message, which));
        }
    }
    // Interleave messages so that dispatch does not see one id many times in a row.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    let mut rng = ftd_syslog::draw::SplitMix64::new(7);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let lines = order.iter().map(|&i| lines[i].clone()).collect();
    let messages = order.iter().map(|&i| messages[i].clone()).collect();
    (messages, lines)
}

/// The lines the parse benchmarks read: the file named by `FTD_BENCH_CORPUS` (one line per
/// line, such as a capture of one's own logs or another version's corpus), else the corpus.
fn parse_corpus() -> Vec<String> {
    let Some(path) = std::env::var_os("FTD_BENCH_CORPUS") else {
        let (_, lines) = corpus();
        assert!(
            lines.iter().all(|l| parse_line(l).is_ok()),
            "the corpus parses"
        );
        return lines;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("FTD_BENCH_CORPUS={}: {error}", path.to_string_lossy()));
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let parsed = lines.iter().filter(|l| parse_line(l).is_ok()).count();
    eprintln!(
        "{}: {} lines, {parsed} parse",
        path.to_string_lossy(),
        lines.len()
    );
    lines
}

fn parse(c: &mut Criterion) {
    let lines = parse_corpus();
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parse_line");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("lines", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(parse_line(black_box(line)).is_ok());
            }
        })
    });
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bytes", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(parse_line(black_box(line)).is_ok());
            }
        })
    });
    group.finish();
}

fn emit(c: &mut Criterion) {
    let (messages, _) = corpus();
    let emitters = emitters();
    let context = context();
    let mut buffer = String::with_capacity(1024);
    let mut group = c.benchmark_group("emit");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("messages into a reused buffer", |b| {
        b.iter(|| {
            for (message, which) in &messages {
                let (emitter, timestamp) = &emitters[*which];
                buffer.clear();
                emitter
                    .write(
                        &mut buffer,
                        black_box(message),
                        Some(&context),
                        timestamp.as_ref(),
                        0,
                        None,
                    )
                    .expect("writing to a String");
                black_box(buffer.len());
            }
        })
    });
    group.finish();
}

/// The header alone (priority, timestamp, device id, tag), over the corpus's four header forms.
fn header(c: &mut Criterion) {
    let lines = parse_corpus();
    let mut group = c.benchmark_group("parse_header");
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("lines", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(parse_header(black_box(line)).is_ok());
            }
        })
    });
    group.finish();
}

/// Drawing every catalog message's values, one message after another, with no writing.
fn draw(c: &mut Criterion) {
    let ids: Vec<u32> = MESSAGES.iter().map(|info| info.id).collect();
    let mut values = RandomValues::new(11);
    let mut group = c.benchmark_group("draw");
    group.throughput(Throughput::Elements(ids.len() as u64));
    group.bench_function("messages", |b| {
        b.iter(|| {
            for &id in &ids {
                black_box(Message::draw(black_box(id), &mut values));
            }
        })
    });
    group.finish();
}

/// What `simulate` does per line: draw a message of a random id, then write it with the
/// FTD header into a reused buffer (the timestamp changes once a second of log time).
fn generate(c: &mut Criterion) {
    let ids: Vec<u32> = MESSAGES.iter().map(|info| info.id).collect();
    let mut values = RandomValues::new(13);
    let emitter = Emitter {
        header: HeaderStyle {
            device_id: Some("fw1".to_owned()),
            ..HeaderStyle::default()
        },
        bare_identities: false,
    };
    let context = context();
    let mut buffer = String::with_capacity(1024);
    let mut line = 0u64;
    let mut group = c.benchmark_group("generate");
    group.throughput(Throughput::Elements(ids.len() as u64));
    group.bench_function("lines into a reused buffer", |b| {
        b.iter(|| {
            for _ in 0..ids.len() {
                let id = ids[values.rng().below(ids.len() as u64) as usize];
                let message = Message::draw(id, &mut values).expect("catalogued");
                let stamp = Timestamp::from_unix(
                    1_795_701_791 + (line / 1000) as i64,
                    0,
                    0,
                    TimestampFormat::Legacy,
                );
                line += 1;
                buffer.clear();
                emitter
                    .write(&mut buffer, &message, Some(&context), Some(&stamp), 0, None)
                    .expect("writing to a String");
                black_box(buffer.len());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse, header, emit, draw, generate);
criterion_main!(benches);
