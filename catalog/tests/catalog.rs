//! The bundled catalog: every message of the guide, with the guide's severities, agreeing with
//! the guide's text (the drift check), plus the messages only the English guide has, with every
//! template's source spelt out; serialisable for tools.

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
        .filter(|m| m.def.in_ja_guide)
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
    assert_eq!(objects.len(), 436);
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
        // The messages only the English guide has come with a summary, not the guide's action.
        assert!(
            !def.action.is_empty() || !def.in_ja_guide,
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

/// The facts about the English guide the catalog applies, as YAML values.
fn device_forms(file: &str) -> Vec<serde_yaml::Value> {
    let path = ftd_catalog::bundled_dir()
        .join("source/device-forms")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn id_of(item: &serde_yaml::Value) -> u32 {
    item["id"].as_u64().expect("an id") as u32
}

#[test]
fn messages_only_the_english_guide_has_are_the_recorded_ones() {
    let catalog = bundled();
    let extra: BTreeMap<u32, u8> = device_forms("en-guide-extra-ids.yaml")
        .iter()
        .map(|item| {
            (
                id_of(item),
                item["severity"].as_u64().expect("a severity") as u8,
            )
        })
        .collect();
    assert_eq!(extra.len(), 20);
    let not_in_ja: BTreeMap<u32, u8> = catalog
        .messages
        .iter()
        .filter(|m| !m.def.in_ja_guide)
        .map(|m| (m.def.id, m.def.severity))
        .collect();
    assert_eq!(not_in_ja, extra);
    let in_guide = tags_in_guide();
    for id in extra.keys() {
        assert!(!in_guide.contains_key(id), "{id} is in the Japanese guide");
        let def = &catalog.get(*id).expect("catalogued").def;
        assert!(
            def.guide
                .starts_with(&format!("%ASA-{}-{id}: ", def.severity)),
            "{id}: {}",
            def.guide
        );
        assert!(def
            .templates
            .iter()
            .all(|t| t.source == ftd_catalog::TemplateSource::EnGuide));
    }
    assert_eq!(ftd_catalog::drift::checked(&catalog), 416);
}

#[test]
fn every_english_form_is_a_template_from_the_english_guide() {
    let catalog = bundled();
    let items = device_forms("en-guide-forms.yaml");
    assert_eq!(items.len(), 117);
    for item in &items {
        let id = id_of(item);
        let def = &catalog.get(id).expect("catalogued").def;
        let mut forms = vec![item["device_form"].as_str().expect("a device form")];
        if let Some(extra) = item["extra_forms"].as_sequence() {
            forms.extend(extra.iter().map(|f| f.as_str().expect("a form")));
        }
        for form in forms {
            let template = def.templates.iter().find(|t| t.text == form);
            assert!(
                template.is_some_and(|t| t.source == ftd_catalog::TemplateSource::EnGuide),
                "{id}: {form:?} is not a template with source en-guide"
            );
        }
    }
}

#[test]
fn every_bundled_template_spells_its_source_out() {
    // A plain string template means `source: ja-guide`; the bundled catalog writes each one.
    for path in ftd_catalog::yaml_files(&ftd_catalog::bundled_dir()).unwrap() {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        for entry in file["messages"].as_sequence().unwrap() {
            for template in entry["templates"].as_sequence().unwrap() {
                assert!(
                    template.get("source").is_some(),
                    "{} {}: template without a source: {template:?}",
                    path.display(),
                    id_of(entry)
                );
            }
        }
    }
}

/// Every entry in both languages: an English explanation and action wherever the Japanese has
/// them, and an English description of every variable (see `Catalog::english_coverage`).
#[test]
fn every_entry_has_english() {
    let coverage = bundled().english_coverage();
    assert!(coverage.gaps.is_empty(), "{coverage}");
}

/// Every free-text and word variable, every interface and every open enumeration (whose
/// unlisted values are free text) says what it holds, so that a simulator never has to guess.
#[test]
fn every_textual_variable_names_its_value_kind() {
    let mut missing = Vec::new();
    for message in &bundled().messages {
        for var in &message.def.variables {
            let textual = matches!(var.ty.as_str(), "text" | "word" | "interface")
                || (var.ty == "enum" && var.open);
            if textual && var.value_kind.is_none() {
                missing.push(format!("{}.{}", message.def.id, var.name));
            }
        }
    }
    assert!(missing.is_empty(), "no kind: {}", missing.join(", "));
}
