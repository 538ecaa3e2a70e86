//! The bundled catalog: every message of the guide, with the guide's severities, agreeing with
//! the guide's text (the drift check), serialisable for tools.

use std::collections::BTreeMap;

fn bundled() -> ftd_catalog::Catalog {
    ftd_catalog::load_dir(&ftd_catalog::bundled_dir(), "catalog")
        .unwrap_or_else(|errors| panic!("{errors}"))
}

/// Every `%Threat Defense-S-NNNNNN` / `%FTD-S-NNNNNN` tag in the guide's raw text, found by a
/// plain scan that shares nothing with the extractor.
fn tags_in_guide() -> BTreeMap<u32, u8> {
    let text = ftd_catalog::GUIDE_TEXT;
    let mut tags = BTreeMap::new();
    for prefix in ["%Threat Defense-", "%FTD-"] {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text.as_bytes()[at + prefix.len()..];
            if rest.len() >= 8
                && rest[0].is_ascii_digit()
                && rest[1] == b'-'
                && rest[2..8].iter().all(u8::is_ascii_digit)
            {
                let id: u32 = std::str::from_utf8(&rest[2..8]).unwrap().parse().unwrap();
                let previous = tags.insert(id, rest[0] - b'0');
                assert!(previous.is_none(), "the guide prints {id} twice");
            }
        }
    }
    tags
}

#[test]
fn holds_exactly_the_guides_messages_with_their_severities() {
    let catalog = bundled();
    let in_catalog: BTreeMap<u32, u8> = catalog
        .messages
        .iter()
        .map(|m| (m.def.id, m.def.severity))
        .collect();
    let in_guide = tags_in_guide();
    assert_eq!(in_guide.len(), 416);
    assert_eq!(in_catalog, in_guide);
    let per_block = |block: u32| in_catalog.keys().filter(|id| *id / 1000 == block).count();
    assert_eq!(
        [715, 716, 717, 718, 719, 720, 721].map(per_block),
        [63, 94, 53, 88, 26, 73, 19]
    );
}

#[test]
fn agrees_with_the_guide() {
    let differences = ftd_catalog::drift::check(&bundled(), ftd_catalog::GUIDE_TEXT);
    let report: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "{} differences over 416 entries:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn drift_check_reports_a_changed_guide() {
    let catalog = bundled();
    let changed = ftd_catalog::GUIDE_TEXT
        .replace("WebVPN session\n\nstarted.", "WebVPN session\n\nbegan.")
        .replace("%Threat Defense-7-715006", "%Threat Defense-6-715006");
    let differences = ftd_catalog::drift::check(&catalog, &changed);
    let described: Vec<(u32, &str)> = differences.iter().map(|d| (d.id, d.field)).collect();
    assert_eq!(
        described,
        vec![(715006, "severity"), (715006, "text"), (716001, "text")]
    );
    assert!(
        differences[2].to_string().contains("began."),
        "{}",
        differences[2]
    );
}

#[test]
fn serialises_one_json_object_per_message() {
    let catalog = bundled();
    let json = catalog.to_json_lines();
    let objects: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 416);
    let first = &objects[0];
    assert_eq!(first["id"], 715001);
    assert_eq!(first["severity"], 7);
    assert!(first["templates"].as_array().is_some_and(|t| !t.is_empty()));
    assert!(first["section"]
        .as_str()
        .is_some_and(|s| s.contains("715001")));
}

#[test]
fn every_entry_is_complete() {
    for message in &bundled().messages {
        let def = &message.def;
        assert!(
            !def.name.starts_with("message_"),
            "{} has no descriptive name",
            def.id
        );
        assert!(!def.explanation.is_empty(), "{} has no explanation", def.id);
        assert!(
            !def.action.is_empty(),
            "{} has no recommended action",
            def.id
        );
        for template in &def.templates {
            assert!(
                !template.contains(" ,") && !template.contains(" ."),
                "{}: extraction artefact in {template:?}",
                def.id
            );
            assert!(
                !template.contains('“') && !template.contains('”'),
                "{}: typographic quotes in {template:?}",
                def.id
            );
        }
    }
}
