//! `ftd-syslog variants`, run as a real process on drifted lines: its YAML proposals are
//! pasted into a copy of each entry, which must load with no validation error and then match
//! those lines exactly (checked with a reference matcher built from the template segments).

use ftd_catalog::model::{MessageDef, SectionFile};
use ftd_catalog::template::{self, Segment};
use ftd_catalog::{Template, Variable};
use regex::Regex;

use crate::run_with_input;

const HEADER: &str = "<166>Nov 26 2026 14:03:11 fw1 : ";

/// Lines as drifted devices send them: a word changed, text added with a value in it, a word
/// that differs between lines of one form.
const DRIFTED: [&str; 7] = [
    "%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> SSL session started.",
    "%FTD-6-716001: Group <eng> User <bob> IP <192.0.2.9> SSL session started.",
    "%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started. (retry 2)",
    "%FTD-6-716001: Group <vpn-ra> User <carol> IP <198.51.100.4> WebVPN session started. (retry 5)",
    "%FTD-6-716002: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session ended: User Requested.",
    "%FTD-6-716002: Group <vpn-ra> User <bob> IP <192.0.2.8> WebVPN session closed: Idle Timeout.",
    "%FTD-7-715080: VPN: Starting P1 rekey timer: 30 secs (peer 192.0.2.44).",
];
/// A masked value: a loose line that needs no new template.
const MASKED: &str =
    "%FTD-6-716001: Group <vpn-ra> User <alice> IP <X.X.X.X> WebVPN session started.";

fn variants(input: &str) -> String {
    let output = run_with_input(&["variants"], input.as_bytes());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The proposals of the output: per block (one per shape), its id and the YAML's templates and
/// variables.
fn proposals(output: &str) -> Vec<(u32, Vec<Template>, Vec<Variable>)> {
    output
        .split("\n\n")
        .filter(|block| block.contains("templates:"))
        .map(|block| {
            let id: u32 = block
                .lines()
                .find(|line| line.contains("nearest template"))
                .and_then(|line| line.strip_prefix("# "))
                .and_then(|rest| rest.split(' ').next())
                .and_then(|id| id.parse().ok())
                .expect("each block names its id first");
            let yaml: serde_yaml::Value = serde_yaml::from_str(block).expect("valid YAML");
            let templates = serde_yaml::from_value(yaml["templates"].clone()).expect("templates");
            let variables = match yaml.get("variables") {
                Some(v) => serde_yaml::from_value(v.clone()).expect("variables"),
                None => Vec::new(),
            };
            (id, templates, variables)
        })
        .collect()
}

/// A regular expression for a template, with each field's kind for checking its capture.
fn reference_matcher(def: &MessageDef, template: &str) -> (Regex, Vec<(String, String)>) {
    let mut pattern = String::from("^");
    let mut fields = Vec::new();
    for segment in template::parse(template).expect("a valid template") {
        match segment {
            Segment::Literal(text) => {
                // A space in a template stands for one or more on the wire.
                let parts: Vec<String> = text.split(' ').map(regex::escape).collect();
                pattern.push_str(&parts.join(r"\s+"));
            }
            Segment::Field { name, bracketed } => {
                let var = def
                    .variables
                    .iter()
                    .find(|v| v.name == name)
                    .expect("declared");
                let value = if var.ty == "text" || var.ty == "enum" {
                    "(.+?)"
                } else {
                    r"(\S+?)"
                };
                if var.ty == "flag" {
                    let word = regex::escape(var.word.as_deref().unwrap_or_default());
                    pattern.push_str(&format!("((?:{word})?)"));
                } else if bracketed {
                    pattern.push_str(&format!("<?{value}>?"));
                } else {
                    pattern.push_str(value);
                }
                fields.push((name, var.ty.clone()));
            }
        }
    }
    pattern.push('$');
    (Regex::new(&pattern).expect("a valid pattern"), fields)
}

/// Whether `text` is a value of the catalog type `ty`.
fn converts(ty: &str, text: &str, var: &Variable) -> bool {
    match ty {
        "ip" => text.parse::<std::net::IpAddr>().is_ok(),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "u32" => text.parse::<u32>().is_ok(),
        "u64" => text.parse::<u64>().is_ok(),
        "word" => !text.contains(' '),
        "enum" => var.open || var.values.iter().any(|v| v.eq_ignore_ascii_case(text)),
        _ => true,
    }
}

/// The index of the template of `def` that matches `body` exactly, if one does.
fn exact_template(def: &MessageDef, body: &str) -> Option<usize> {
    def.templates.iter().position(|template| {
        let (regex, fields) = reference_matcher(def, &template.text);
        regex.captures(body).is_some_and(|captures| {
            fields.iter().enumerate().all(|(i, (name, ty))| {
                let var = def.variables.iter().find(|v| &v.name == name).unwrap();
                let text = captures.get(i + 1).map_or("", |m| m.as_str());
                ty == "flag" || converts(ty, text, var)
            })
        })
    })
}

#[test]
fn proposals_pasted_into_the_catalog_validate_and_match_the_lines_exactly() {
    let input: String = DRIFTED
        .iter()
        .chain([&MASKED])
        .map(|line| format!("{HEADER}{line}\n"))
        .collect();
    let output = variants(&input);
    assert!(
        output.contains("1 line(s) fit template 0 apart from their values"),
        "{output}"
    );
    let proposals = proposals(&output);
    // 716001 twice (a changed word; text added with a value), 716002 once (one changed
    // word merged into a word variable), 715080 once.
    assert_eq!(proposals.len(), 4, "{output}");
    assert!(output.contains("session {session}: {reason}."), "{output}");
    assert!(output.contains("(retry {retry})"), "{output}");
    assert!(output.contains("secs (peer {peer})."), "{output}");
    assert!(output.contains("seen 2 times, e.g. "), "{output}");

    let bundled = ftd_catalog::bundled().expect("the bundled catalog loads");
    let dir = std::env::temp_dir().join(format!("ftd-syslog-variants-{}", std::process::id()));
    for id in [716001u32, 716002, 715080] {
        let entry = bundled.get(id).expect("catalogued");
        let mut def = entry.def.clone();
        let original = def.templates.len();
        for (_, templates, variables) in proposals.iter().filter(|(pid, ..)| *pid == id) {
            def.templates.extend(templates.iter().cloned());
            def.variables.extend(variables.iter().cloned());
        }
        assert!(def.templates.len() > original, "{id} got a proposal");
        std::fs::create_dir_all(&dir).unwrap();
        let section = SectionFile {
            section: entry.section.clone(),
            messages: vec![def.clone()],
        };
        std::fs::write(dir.join("fixture.yaml"), ftd_catalog::to_yaml(&section)).unwrap();
        let loaded = ftd_catalog::load_dir(&dir, "fixture").unwrap_or_else(|errors| {
            panic!("{id}: the pasted proposal does not validate: {errors}")
        });
        let def = &loaded.get(id).unwrap().def;
        for line in DRIFTED.iter().filter(|l| l.contains(&format!("-{id}: "))) {
            let body = line.split_once(&format!("{id}: ")).unwrap().1;
            assert_eq!(
                exact_template(&bundled.get(id).unwrap().def, body),
                None,
                "{line} matched the catalog already"
            );
            let matched = exact_template(def, body);
            assert!(
                matched.is_some_and(|t| t >= original),
                "{line}: no proposed template matches it exactly ({matched:?})"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn no_loose_lines_no_proposals() {
    let exact = format!(
        "{HEADER}%FTD-6-716001: Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.\n"
    );
    assert_eq!(variants(&exact).trim(), "# no loose lines");
}
