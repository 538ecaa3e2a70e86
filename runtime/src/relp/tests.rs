//! The client against an in-process fake RELP server on loopback that acknowledges, rejects,
//! drops connections, says `serverclose` or sends nonsense on cue.

use super::*;
use std::net::TcpListener;
use std::thread::JoinHandle;

/// Options with short waits, so that failures show quickly.
fn quick() -> RelpOptions {
    RelpOptions {
        window: 16,
        ack_timeout: Duration::from_secs(2),
        reconnect_attempts: 20,
        reconnect_time: Duration::from_secs(5),
        backoff_initial: Duration::from_millis(5),
        backoff_max: Duration::from_millis(50),
        finish_timeout: Duration::from_secs(10),
        ..RelpOptions::default()
    }
}

/// One client connection as the fake server sees it.
struct Peer {
    stream: TcpStream,
    input: Vec<u8>,
}

/// A frame from the client.
#[derive(Debug)]
struct Sent {
    txnr: u32,
    command: String,
    data: Vec<u8>,
}

impl Peer {
    fn accept(listener: &TcpListener) -> Peer {
        let (stream, _) = listener.accept().expect("the client connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.set_nodelay(true).unwrap();
        Peer {
            stream,
            input: Vec::new(),
        }
    }

    /// The next frame, or None when the client closed the connection.
    fn next(&mut self) -> Option<Sent> {
        loop {
            if let Some((frame, used)) = frame::parse(&self.input, 1 << 20).expect("a frame") {
                let sent = Sent {
                    txnr: frame.txnr,
                    command: String::from_utf8(frame.command.to_vec()).unwrap(),
                    data: frame.data.to_vec(),
                };
                self.input.drain(..used);
                return Some(sent);
            }
            let mut chunk = [0; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.input.extend_from_slice(&chunk[..n]),
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let _ = self.stream.write_all(bytes);
    }

    /// Writes one byte at a time, so that the client reads partial frames.
    fn dribble(&mut self, bytes: &[u8]) {
        for byte in bytes {
            let _ = self.stream.write_all(&[*byte]);
            thread::sleep(Duration::from_micros(200));
        }
    }

    fn answer(&mut self, txnr: u32, data: &str) {
        let mut out = Vec::new();
        frame::encode(&mut out, txnr, "rsp", data.as_bytes());
        self.write(&out);
    }

    /// Expects `open` with the client's offers and answers with `data`.
    fn open_with(&mut self, data: &str) {
        let open = self.next().expect("the client sends open");
        assert_eq!((open.txnr, open.command.as_str()), (1, "open"));
        let offers = String::from_utf8(open.data).unwrap();
        assert!(offers.contains("relp_version=0\n"), "{offers:?}");
        assert!(offers.contains("commands=syslog\n"), "{offers:?}");
        self.answer(1, data);
    }

    fn open(&mut self) {
        self.open_with("200 OK\nrelp_version=0\nrelp_software=fake\ncommands=syslog\n");
    }

    /// Acknowledges every line (answering with `code_for(line number)`), until `close` or the
    /// end of the connection; returns the lines received.
    fn serve(&mut self, code_for: impl Fn(usize) -> &'static str) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        while let Some(sent) = self.next() {
            match sent.command.as_str() {
                "syslog" => {
                    self.answer(sent.txnr, code_for(lines.len()));
                    lines.push(sent.data);
                }
                "close" => {
                    self.answer(sent.txnr, "200 OK");
                    self.write(b"0 serverclose 0\n");
                    break;
                }
                other => panic!("unexpected command {other}"),
            }
        }
        lines
    }

    /// Reads `count` syslog frames without answering.
    fn swallow(&mut self, count: usize) -> Vec<Sent> {
        (0..count)
            .map(|_| self.next().expect("a syslog frame"))
            .collect()
    }
}

/// A fake server running `script` on a listener of its own; returns its address.
fn server<T: Send + 'static>(
    script: impl FnOnce(TcpListener) -> T + Send + 'static,
) -> (String, JoinHandle<T>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    (address, thread::spawn(move || script(listener)))
}

fn lines(count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|i| format!("<166>line {i}").into_bytes())
        .collect()
}

fn send_all(client: &mut RelpClient, lines: &[Vec<u8>]) {
    for line in lines {
        client.send(line).expect("the line is sent");
    }
}

#[test]
fn every_line_is_acknowledged_in_order_with_consecutive_transaction_numbers() {
    let (address, fake) = server(|listener| {
        let mut peer = Peer::accept(&listener);
        let open = peer.next().unwrap();
        // The answer to open, and the first acknowledgements, arrive byte by byte.
        let mut answer = Vec::new();
        frame::encode(
            &mut answer,
            open.txnr,
            "rsp",
            b"200 OK\nrelp_version=0\ncommands=syslog",
        );
        peer.dribble(&answer);
        let mut txnrs = Vec::new();
        let mut received = Vec::new();
        while let Some(sent) = peer.next() {
            let mut ack = Vec::new();
            frame::encode(&mut ack, sent.txnr, "rsp", b"200 OK");
            if txnrs.len() < 20 {
                peer.dribble(&ack);
            } else {
                peer.write(&ack);
            }
            if sent.command == "close" {
                break;
            }
            txnrs.push(sent.txnr);
            received.push(sent.data);
        }
        (txnrs, received)
    });
    let sent = lines(1000);
    let mut client = RelpClient::connect(&address, quick()).unwrap();
    send_all(&mut client, &sent);
    let report = client.finish().unwrap();
    let (txnrs, received) = fake.join().unwrap();
    assert_eq!(report.acknowledged, 1000, "{report}");
    assert_eq!((report.rejected, report.failed, report.resent), (0, 0, 0));
    assert!(report.all_delivered());
    assert_eq!(received, sent);
    assert_eq!(txnrs, (2..=1001).collect::<Vec<u32>>());
}

#[test]
fn transaction_numbers_wrap_to_one_after_999999999() {
    let (address, fake) = server(|listener| {
        let mut peer = Peer::accept(&listener);
        peer.open();
        let mut txnrs = Vec::new();
        while let Some(sent) = peer.next() {
            peer.answer(sent.txnr, "200 OK");
            txnrs.push(sent.txnr);
        }
        txnrs
    });
    let mut client = RelpClient::connect(&address, quick()).unwrap();
    client.session.as_mut().unwrap().next_txnr = frame::MAX_TXNR - 2;
    send_all(&mut client, &lines(5));
    let report = client.finish().unwrap();
    assert_eq!(report.acknowledged, 5);
    let txnrs = fake.join().unwrap();
    // Five lines, then close.
    assert_eq!(txnrs, [999_999_997, 999_999_998, 999_999_999, 1, 2, 3]);
}

#[test]
fn rejections_are_counted_kept_and_not_resent() {
    let (address, fake) = server(|listener| {
        let mut peer = Peer::accept(&listener);
        peer.open();
        peer.serve(|n| {
            if n % 10 == 3 {
                "500 message refused\nmore detail"
            } else {
                "200 OK"
            }
        })
    });
    let sent = lines(100);
    let mut client = RelpClient::connect(&address, quick()).unwrap();
    send_all(&mut client, &sent);
    let report = client.finish().unwrap();
    assert_eq!(fake.join().unwrap().len(), 100, "each line was sent once");
    assert_eq!((report.acknowledged, report.rejected), (90, 10), "{report}");
    assert!(!report.all_delivered());
    let first = &report.rejections[0];
    assert_eq!(first.code, 500);
    assert_eq!(first.text, "message refused");
    assert_eq!(first.line, "<166>line 3");
}

#[test]
fn a_dropped_connection_is_restored_and_unacknowledged_lines_resent() {
    let (address, fake) = server(|listener| {
        let mut first = Peer::accept(&listener);
        first.open();
        let mut swallowed = first.swallow(16);
        // Acknowledge 6 of the 16; the client fills its window again (so it read the
        // acknowledgements); then vanish.
        for sent in &swallowed[..6] {
            first.answer(sent.txnr, "200 OK");
        }
        swallowed.extend(first.swallow(6));
        drop(first);
        let mut second = Peer::accept(&listener);
        second.open();
        let rest = second.serve(|_| "200 OK");
        let first_copies: Vec<Vec<u8>> = swallowed.into_iter().map(|s| s.data).collect();
        (first_copies, rest)
    });
    let sent = lines(200);
    let mut client = RelpClient::connect(&address, quick()).unwrap();
    send_all(&mut client, &sent);
    let report = client.finish().unwrap();
    let (first_copies, rest) = fake.join().unwrap();
    assert_eq!(report.acknowledged, 200, "{report}");
    assert_eq!(report.reconnects, 1);
    // The 16 lines read and not acknowledged were sent again, in order.
    assert_eq!(report.resent, 16, "{report}");
    assert_eq!(rest[..16], first_copies[6..]);
    let mut all: Vec<&Vec<u8>> = first_copies.iter().chain(&rest).collect();
    let duplicates = all.len() - 200;
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 200, "every line arrived");
    assert_eq!(duplicates, 16);
}

#[test]
fn serverclose_is_a_loss_and_the_client_reconnects() {
    let (address, fake) = server(|listener| {
        let mut first = Peer::accept(&listener);
        first.open();
        for sent in first.swallow(5) {
            first.answer(sent.txnr, "200 OK");
        }
        // The client fills its window of 5 again, then hears serverclose and hangs up.
        first.swallow(5);
        first.write(b"0 serverclose 0\n");
        assert!(first.next().is_none(), "the client closes the connection");
        let mut second = Peer::accept(&listener);
        second.open();
        second.serve(|_| "200 OK").len()
    });
    let options = RelpOptions {
        window: 5,
        ..quick()
    };
    let mut client = RelpClient::connect(&address, options).unwrap();
    send_all(&mut client, &lines(50));
    let report = client.finish().unwrap();
    assert_eq!(fake.join().unwrap(), 45);
    assert_eq!(
        (report.acknowledged, report.reconnects),
        (50, 1),
        "{report}"
    );
    assert_eq!(report.resent, 5);
    assert!(
        report.losses[0].contains("serverclose"),
        "{:?}",
        report.losses
    );
}

/// A first connection whose server sends `garbage` after `open`, then a good one.
fn recovers_from(garbage: &'static [u8], expected_loss: &str) {
    let (address, fake) = server(move |listener| {
        let mut first = Peer::accept(&listener);
        first.open();
        first.swallow(1);
        first.write(garbage);
        let mut second = Peer::accept(&listener);
        second.open();
        second.serve(|_| "200 OK").len()
    });
    let mut client = RelpClient::connect(&address, quick()).unwrap();
    send_all(&mut client, &lines(30));
    let report = client.finish().unwrap();
    fake.join().unwrap();
    assert_eq!(report.acknowledged, 30, "{report}");
    assert!(
        report.losses[0].contains(expected_loss),
        "{:?} should mention {expected_loss:?}",
        report.losses
    );
}

#[test]
fn malformed_answers_are_protocol_errors_and_cost_a_reconnection() {
    recovers_from(b"2 rsp OK\n", "expected a digit of DATALEN at byte 6");
    recovers_from(b"2 rsp 3 2OK\n", "three-digit code");
    recovers_from(b"2 syslog 2 hi\n", "which a client does not expect");
    recovers_from(b"77 rsp 6 200 OK\n", "transaction 77, which is not waiting");
    // An announced length above the limit is refused before its data would be awaited.
    recovers_from(b"2 rsp 999999999 ", "DATALEN 999999999 is more than");
}

#[test]
fn silence_beyond_the_ack_timeout_costs_a_reconnection() {
    let (address, fake) = server(|listener| {
        let mut first = Peer::accept(&listener);
        first.open();
        let swallowed = first.swallow(3);
        let mut second = Peer::accept(&listener);
        second.open();
        let served = second.serve(|_| "200 OK").len();
        (swallowed.len(), served)
    });
    let options = RelpOptions {
        ack_timeout: Duration::from_millis(300),
        ..quick()
    };
    let mut client = RelpClient::connect(&address, options).unwrap();
    send_all(&mut client, &lines(3));
    let report = client.finish().unwrap();
    assert_eq!(fake.join().unwrap(), (3, 3));
    assert_eq!((report.acknowledged, report.resent), (3, 3), "{report}");
    assert!(
        report.losses[0].contains("no acknowledgement"),
        "{report:?}"
    );
}

#[test]
fn giving_up_counts_every_unacknowledged_and_later_line_as_failed() {
    let (address, fake) = server(|listener| {
        let mut only = Peer::accept(&listener);
        only.open();
        only.swallow(4);
        // The listener goes too: reconnecting finds nobody.
    });
    let options = RelpOptions {
        window: 4,
        reconnect_attempts: 3,
        ..quick()
    };
    let mut client = RelpClient::connect(&address, options).unwrap();
    let started = Instant::now();
    let mut errors = 0;
    for line in lines(10) {
        if let Err(e) = client.send(&line) {
            assert!(matches!(e, RelpError::GaveUp { .. }), "{e}");
            errors += 1;
        }
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    fake.join().unwrap();
    assert_eq!(errors, 6, "sends that failed");
    match client.finish() {
        Err(RelpError::Undelivered { report, detail }) => {
            assert_eq!((report.acknowledged, report.failed), (0, 10), "{report}");
            assert!(
                detail.contains("gave up reconnecting after 3 attempts"),
                "{detail}"
            );
        }
        other => panic!("expected Undelivered, got {other:?}"),
    }
}

#[test]
fn servers_that_refuse_or_lack_what_is_needed_are_reported_at_connect() {
    let cases = [
        ("500 go away", "refused the session: 500 go away"),
        (
            "200 OK\nrelp_version=0\ncommands=other",
            "does not accept the `syslog` command",
        ),
        (
            "200 OK\nrelp_version=1\ncommands=syslog",
            "offers RELP version 1",
        ),
        ("200 OK\ncommands=syslog", "has no relp_version"),
    ];
    for (answer, expected) in cases {
        let (address, fake) = server(move |listener| Peer::accept(&listener).open_with(answer));
        let error = RelpClient::connect(&address, quick()).expect_err(answer);
        fake.join().unwrap();
        assert!(error.to_string().contains(expected), "{answer:?}: {error}");
    }
    let nobody = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = nobody.local_addr().unwrap().to_string();
    drop(nobody);
    let error = RelpClient::connect(&address, quick()).unwrap_err();
    assert!(error.to_string().contains("cannot connect"), "{error}");
}

#[test]
fn lines_too_long_and_bad_options_are_refused() {
    let (address, fake) = server(|listener| {
        let mut peer = Peer::accept(&listener);
        peer.open();
        peer.serve(|_| "200 OK").len()
    });
    let options = RelpOptions {
        max_message: 10,
        ..quick()
    };
    let mut client = RelpClient::connect(&address, options).unwrap();
    let error = client.send(&[b'x'; 11]).unwrap_err();
    assert!(matches!(
        error,
        RelpError::TooLarge {
            length: 11,
            limit: 10
        }
    ));
    client.send(&[b'x'; 10]).unwrap();
    match client.finish() {
        Err(RelpError::Undelivered { report, .. }) => {
            assert_eq!((report.acknowledged, report.failed), (1, 1));
        }
        other => panic!("expected Undelivered, got {other:?}"),
    }
    assert_eq!(fake.join().unwrap(), 1);
    for bad in [
        RelpOptions {
            window: 0,
            ..quick()
        },
        RelpOptions {
            reconnect_attempts: 0,
            ..quick()
        },
    ] {
        let error = RelpClient::connect("127.0.0.1:9", bad).unwrap_err();
        assert!(matches!(error, RelpError::InvalidOptions(_)), "{error}");
    }
}
