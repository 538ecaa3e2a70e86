//! The bundled scenarios run through `ftd-syslog simulate`: for several seeds each one keeps its
//! messages in causal order and its shared values (user, session pointer, certificate serial...)
//! the same across steps, and every line parses back exactly; `--scenario all` mixes every
//! scenario, reproducibly; `--list-scenarios` lists them.

use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Stdio};

use ftd_syslog::parse_line;
use regex::Regex;

use crate::binary;

const SEEDS: [&str; 8] = ["1", "2", "3", "4", "5", "6", "7", "8"];

/// Runs `simulate` with `args`, expecting success; returns its lines.
fn simulate(args: &[&str]) -> Vec<String> {
    let output = Command::new(binary())
        .arg("simulate")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("ftd-syslog runs");
    assert!(
        output.status.success(),
        "simulate {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The id and body of each line, after checking that it parses as a catalog message whose
/// text, written again, is the body exactly.
fn parsed(lines: &[String]) -> Vec<(u32, String)> {
    let body = Regex::new(r"%FTD-\d-(\d{6}): (.*)$").unwrap();
    lines
        .iter()
        .map(|line| {
            let record = parse_line(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert!(record.message.info().is_some(), "{line}: not catalogued");
            let captures = body.captures(line).expect("an FTD line");
            let text = captures[2].to_owned();
            let message = record.message.to_string();
            if record.context.is_some() {
                // `Group = g, IP = a, ` comes before the message's own text.
                let prefix = text
                    .strip_suffix(&message)
                    .unwrap_or_else(|| panic!("{line}: not exact"));
                assert!(
                    prefix.starts_with("Group = ") && prefix.ends_with(", "),
                    "{line}"
                );
            } else {
                assert_eq!(message, text, "{line}: not exact");
            }
            (record.header.id, text)
        })
        .collect()
}

/// The one value `pattern`'s first group takes over all lines it matches (at least one).
fn one_value(pattern: &str, lines: &[(u32, String)]) -> String {
    let pattern = Regex::new(pattern).unwrap();
    let values: BTreeSet<String> = lines
        .iter()
        .filter_map(|(_, text)| pattern.captures(text).map(|c| c[1].to_owned()))
        .collect();
    assert_eq!(values.len(), 1, "{pattern}: {values:?} in {lines:#?}");
    values.into_iter().next().unwrap()
}

fn position(ids: &[u32], id: u32) -> Option<usize> {
    ids.iter().position(|i| *i == id)
}

#[test]
fn anyconnect_sessions_keep_their_order_and_identity() {
    let mut endings = BTreeSet::new();
    for seed in SEEDS.iter().chain(&["9", "10", "11", "12"]) {
        let lines = parsed(&simulate(&[
            "--scenario",
            "anyconnect-session",
            "--seed",
            seed,
            "-q",
        ]));
        let ids: Vec<u32> = lines.iter().map(|(id, _)| *id).collect();
        let session: Vec<(u32, String)> = lines
            .iter()
            .filter(|(id, _)| *id / 1000 == 716)
            .cloned()
            .collect();
        let user = one_value(r"User <([^>]+)>", &session);
        one_value(r"Group <([^>]+)>", &session);
        one_value(r"IP <([^>]+)> ", &session);
        // A rejected login comes before the successful one, which comes before the start.
        let authenticated = position(&ids, 716038).expect("authentication");
        if let Some(rejected) = position(&ids, 716039) {
            assert!(rejected < authenticated, "{ids:?}");
        }
        // The client certificate, when asked for, is checked first and names the user.
        if let Some(cert) = position(&ids, 717029) {
            assert!(cert < authenticated, "{ids:?}");
            assert!(
                lines[cert]
                    .1
                    .contains(&format!("subject name: CN={user}, ")),
                "{lines:?}"
            );
        }
        let last = *ids.last().unwrap();
        match position(&ids, 716001) {
            Some(started) => {
                assert!(authenticated < started, "{ids:?}");
                assert!([716002, 716060].contains(&last), "{ids:?}");
                // Every drop is followed by a resumption or by the end.
                for (i, id) in ids.iter().enumerate() {
                    if *id == 716058 {
                        assert!([716059, 716002, 716060].contains(&ids[i + 1]), "{ids:?}");
                    }
                }
                if last == 716060 || lines.last().unwrap().1.ends_with("Idle Timeout.") {
                    assert_eq!(ids[ids.len() - 2], 716058, "{ids:?}");
                }
            }
            None => assert_eq!(ids[authenticated + 1..], [716052], "{ids:?}"),
        }
        endings.insert(
            lines
                .last()
                .unwrap()
                .1
                .rsplit(": ")
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    assert!(endings.len() >= 2, "the endings vary: {endings:?}");
}

#[test]
fn certificate_enrollment_checks_the_certificates_it_names() {
    let peer = Regex::new(r"serial number: (\w+), subject name: (CN=[^,]+)").unwrap();
    let enrollment = [717003, 717002, 717062, 717063, 717068, 717069];
    for seed in SEEDS {
        let lines = parsed(&simulate(&[
            "--scenario",
            "certificate-enrollment",
            "--seed",
            seed,
            "-q",
        ]));
        let ids: Vec<u32> = lines.iter().map(|(id, _)| *id).collect();
        one_value(r"trustpoint:? (\S+?)\.? ", &lines);
        // The enrollment ends before the first validation starts.
        let first_check = position(&ids, 717025).expect("a validation");
        let enrolled = ids
            .iter()
            .rposition(|id| enrollment.contains(id))
            .expect("an enrollment");
        assert!(enrolled < first_check, "{ids:?}");
        // Each validation names one certificate and ends in success or failure for it.
        let mut current: Option<(String, String)> = None;
        let mut outcomes = 0;
        for (id, text) in &lines {
            let named = peer
                .captures(text)
                .map(|c| (c[1].to_owned(), c[2].to_owned()));
            match id {
                717029 => current = named,
                717035 | 717009 | 717022 => {
                    assert_eq!(named, current, "{text} after {current:?}");
                }
                _ => {}
            }
            // A CRL that cannot be fetched leaves the chain validated with a warning.
            let warned = *id == 717028 && text.contains("with warning");
            if *id == 717022 || *id == 717027 || warned {
                outcomes += 1;
                assert!(
                    current.take().is_some(),
                    "one outcome per validation: {ids:?}"
                );
            }
        }
        assert_eq!(
            outcomes,
            ids.iter().filter(|id| **id == 717025).count(),
            "{ids:?}"
        );
    }
}

#[test]
fn email_proxy_sessions_keep_their_pointer_client_and_user() {
    let mut protocols = BTreeSet::new();
    for seed in SEEDS {
        let lines = parsed(&simulate(&[
            "--scenario",
            "email-proxy-session",
            "--seed",
            seed,
            "-q",
        ]));
        let ids: Vec<u32> = lines.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids[..2], [719005, 719004], "{ids:?}");
        assert_eq!(ids.last(), Some(&719003), "{ids:?}");
        let parsed_at = position(&ids, 719015).expect("the user name is parsed");
        assert!(ids[parsed_at..].contains(&719016));
        one_value(r"session (0x[0-9a-f]+)", &lines);
        one_value(r"(?:from|for|addr=) ?(\d[\d.:a-f]*\d)\.?$", &lines);
        let user = one_value(r"(?:vpnuser = |WebVPN user:? |user=)([^ ,]+)", &lines);
        // Authorization follows authentication; the mail server is looked up only then.
        if let Some(lookup) = position(&ids, 719026).or(position(&ids, 719025)) {
            let authorized = ids
                .iter()
                .position(|id| [719020, 719021].contains(id))
                .expect("authorized before the lookup");
            assert!(position(&ids, 719022).unwrap() < authorized && authorized < lookup);
        }
        assert!(!user.is_empty());
        protocols.insert(one_value(r"using (\w+) for session", &lines));
    }
    assert!(protocols.len() >= 2, "{protocols:?}");
}

/// The scenario an id belongs to, for ids that only one scenario emits (early in its run).
fn scenario_of(id: u32) -> Option<&'static str> {
    Some(match id {
        716003 => "webvpn-session",
        715047 => "ike-tunnel",
        718068 => "lb-cluster",
        720024 => "vpn-failover-sync",
        716039 | 716052 | 716058 | 716060 => "anyconnect-session",
        717025 | 717061 | 717067 | 717003 | 717017 => "certificate-enrollment",
        719005 => "email-proxy-session",
        _ => return None,
    })
}

#[test]
fn scenario_all_mixes_every_scenario_reproducibly() {
    // Once each, interleaved: every scenario shows up.
    let once = simulate(&["--scenario", "all", "--seed", "4", "-q"]);
    let seen: BTreeSet<&str> = parsed(&once)
        .iter()
        .filter_map(|(id, _)| scenario_of(*id))
        .collect();
    assert!(seen.len() >= 6, "{seen:?}");
    // Overlapping runs at a rate, in a stream that a seed fixes.
    let args = [
        "--scenario",
        "all",
        "--rate",
        "2000/s",
        "--count",
        "3000",
        "--seed",
        "6",
        "-q",
    ];
    let paced = simulate(&args);
    assert_eq!(paced.len(), 3000);
    parsed(&paced);
    assert_eq!(
        simulate(&args),
        paced,
        "the same seed gives the same stream"
    );
    // Twenty seconds of log time (1 ms apart) reach into every scenario.
    let lines = simulate(&["--scenario", "all", "--count", "20000", "--seed", "6", "-q"]);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (id, _) in parsed(&lines) {
        if let Some(name) = scenario_of(id) {
            *counts.entry(name).or_default() += 1;
        }
    }
    assert_eq!(counts.len(), 7, "{counts:?}");
    // Email sessions interleave: more than one is open at some point.
    let pointer = Regex::new(r"session (0x[0-9a-f]+)").unwrap();
    let mut open = BTreeSet::new();
    let mut most_open = 0;
    for line in &lines {
        if let Some(c) = pointer.captures(line) {
            if line.contains("%FTD-7-719005") {
                open.insert(c[1].to_owned());
            } else if line.contains("%FTD-6-719003") {
                open.remove(&c[1]);
            }
            most_open = most_open.max(open.len());
        }
    }
    assert!(most_open > 1, "{most_open}");
    // An unknown name is a usage error that lists 'all' among the choices.
    let output = Command::new(binary())
        .args(["simulate", "--scenario", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("(known: all, webvpn-session"));
}

#[test]
fn list_scenarios_names_every_bundled_one() {
    let listed = simulate(&["--list-scenarios"]);
    let names: Vec<&str> = listed
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "webvpn-session",
            "ike-tunnel",
            "lb-cluster",
            "vpn-failover-sync",
            "anyconnect-session",
            "certificate-enrollment",
            "email-proxy-session"
        ]
    );
    assert!(
        listed.iter().all(|l| l.len() > 30),
        "each has a description: {listed:?}"
    );
}
