//! Every kind of catalog mistake, each in its own fixture directory, reported as
//! `file:line:column: what` naming the message id; all mistakes of a catalog at once.

use std::path::Path;

use ftd_catalog::ErrorKind;

fn errors(fixture: &str) -> Vec<(ErrorKind, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let display = format!("fixtures/{fixture}");
    ftd_catalog::load(&dir, &display)
        .errors
        .into_iter()
        .map(|e| (e.kind, e.to_string()))
        .collect()
}

fn assert_errors(fixture: &str, expected: &[(ErrorKind, &str)]) {
    let actual = errors(fixture);
    let expected: Vec<(ErrorKind, String)> = expected
        .iter()
        .map(|(k, m)| (*k, (*m).to_owned()))
        .collect();
    assert_eq!(actual, expected, "fixture {fixture}");
}

#[test]
fn malformed_yaml() {
    assert_errors(
        "yaml_syntax",
        &[(
            ErrorKind::Yaml,
            "fixtures/yaml_syntax/716.yaml:7:21: did not find expected ',' or ']'",
        )],
    );
}

#[test]
fn unknown_key() {
    assert_errors(
        "unknown_key",
        &[(
            ErrorKind::Yaml,
            "fixtures/unknown_key/716.yaml:9:3: messages[0]: unknown field `colour`, expected one of `id`, `severity`, `name`, `guide`, `in_ja_guide`, `ike_context`, `templates`, `variables`, `explanation`, `action`, `notes`",
        )],
    );
}

#[test]
fn unknown_type() {
    assert_errors(
        "unknown_type",
        &[(
            ErrorKind::UnknownType,
            "fixtures/unknown_type/716.yaml:15:5: field 'ip' of 716001 has unknown type 'ipv9' (known: text, word, interface, u8, u16, u32, u64, i32, i64, hex, ipv4, ipv6, ip, port, mac, quantity, enum, flag)",
        )],
    );
}

#[test]
fn undeclared_placeholder() {
    assert_errors(
        "undeclared",
        &[(
            ErrorKind::UndeclaredPlaceholder,
            "fixtures/undeclared/716.yaml:8:5: template 1 of 716001 uses placeholder 'user', which is not declared under variables",
        )],
    );
}

#[test]
fn unused_variable() {
    assert_errors(
        "unused",
        &[(
            ErrorKind::UnusedVariable,
            "fixtures/unused/716.yaml:10:5: variable 'group' of 716001 is declared but no template uses it",
        )],
    );
}

#[test]
fn duplicate_id() {
    assert_errors(
        "duplicate_id",
        &[(
            ErrorKind::DuplicateId,
            "fixtures/duplicate_id/b.yaml:3:3: duplicate id 716001, first defined at fixtures/duplicate_id/a.yaml:3:3",
        )],
    );
}

#[test]
fn duplicate_name() {
    assert_errors(
        "duplicate_name",
        &[(
            ErrorKind::DuplicateName,
            "fixtures/duplicate_name/716.yaml:11:3: name 'webvpn_session' of 716002 is already used by 716001 at fixtures/duplicate_name/716.yaml:3:3",
        )],
    );
}

#[test]
fn bad_name() {
    assert_errors(
        "bad_name",
        &[(
            ErrorKind::BadName,
            "fixtures/bad_name/716.yaml:5:3: name 'WebVPNSessionStarted' of 716001 is not snake_case (lowercase letters, digits, '_')",
        )],
    );
}

#[test]
fn severity_out_of_range() {
    assert_errors(
        "severity",
        &[(
            ErrorKind::Severity,
            "fixtures/severity/716.yaml:4:3: severity 9 of 716001 is outside 0-7",
        )],
    );
}

#[test]
fn guide_text_disagrees() {
    assert_errors(
        "guide_mismatch",
        &[(
            ErrorKind::GuideMismatch,
            "fixtures/guide_mismatch/716.yaml:6:3: guide text of 716001 does not carry '-5-716001' (severity and id disagree with it)",
        )],
    );
}

#[test]
fn malformed_template() {
    assert_errors(
        "template_syntax",
        &[(
            ErrorKind::Template,
            "fixtures/template_syntax/716.yaml:8:5: template 1 of 716001: unclosed '{' at byte 5",
        )],
    );
}

#[test]
fn empty_enum() {
    assert_errors(
        "empty_enum",
        &[(
            ErrorKind::EmptyEnum,
            "fixtures/empty_enum/720.yaml:11:5: enum 'unit' of 720001 lists no values",
        )],
    );
}

#[test]
fn option_of_another_type() {
    assert_errors(
        "type_option",
        &[
            (
                ErrorKind::TypeOption,
                "fixtures/type_option/720.yaml:12:5: field 'unit' of 720023 has 'values', which only an enum takes",
            ),
            (ErrorKind::TypeOption, "fixtures/type_option/720.yaml:14:5: flag 'not' of 720023 needs a 'word'"),
        ],
    );
}

#[test]
fn ambiguous_template() {
    assert_errors(
        "ambiguous",
        &[(
            ErrorKind::Ambiguous,
            "fixtures/ambiguous/716.yaml:8:5: template 1 of 716001 is ambiguous: 'group' and 'user' touch with no literal between them",
        )],
    );
}

#[test]
fn entries_out_of_order() {
    assert_errors(
        "order",
        &[(
            ErrorKind::Order,
            "fixtures/order/716.yaml:9:3: 716001 is listed after 716002: keep entries in id order",
        )],
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    assert_errors(
        "several",
        &[
            (
                ErrorKind::UndeclaredPlaceholder,
                "fixtures/several/716.yaml:8:5: template 1 of 716001 uses placeholder 'address', which is not declared under variables",
            ),
            (
                ErrorKind::UnknownType,
                "fixtures/several/716.yaml:11:5: field 'user' of 716001 has unknown type 'strng' (known: text, word, interface, u8, u16, u32, u64, i32, i64, hex, ipv4, ipv6, ip, port, mac, quantity, enum, flag)",
            ),
            (
                ErrorKind::UnusedVariable,
                "fixtures/several/716.yaml:12:5: variable 'ip' of 716001 is declared but no template uses it",
            ),
        ],
    );
}

#[test]
fn optional_variable_carried_by_every_template() {
    assert_errors(
        "optional_everywhere",
        &[(
            ErrorKind::TypeOption,
            "fixtures/optional_everywhere/716.yaml:13:5: variable 'user' of 716039 is optional but every template carries it",
        )],
    );
}

#[test]
fn unknown_template_source() {
    assert_errors(
        "template_source",
        &[(
            ErrorKind::Yaml,
            "fixtures/template_source/716.yaml:9:13: messages[0].templates[0].source: unknown variant `jp-guide`, expected one of `ja-guide`, `en-guide`, `device`",
        )],
    );
}

#[test]
fn template_sources_that_do_not_fit_the_entry() {
    assert_errors(
        "source_rule",
        &[
            (
                ErrorKind::Template,
                "fixtures/source_rule/717.yaml:11:5: template 1 of 717039 has a blank note",
            ),
            (
                ErrorKind::Template,
                "fixtures/source_rule/717.yaml:13:5: template 2 of 717039 has source 'ja-guide', but the entry says the Japanese guide lacks it (in_ja_guide: false)",
            ),
            (
                ErrorKind::Template,
                "fixtures/source_rule/717.yaml:14:5: template 3 of 717039 repeats the text of template 1",
            ),
        ],
    );
}

#[test]
fn a_plain_string_template_comes_from_the_japanese_guide() {
    let loaded = ftd_catalog::load_sources(&[(
        "plain/716.yaml",
        "section: Plain\nmessages:\n- id: 716001\n  severity: 6\n  name: webvpn_session_started\n  guide: '%FTD-6-716001: WebVPN session started.'\n  templates:\n  - WebVPN session started.\n",
    )]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let template = &loaded.catalog.messages[0].def.templates[0];
    assert_eq!(template.text, "WebVPN session started.");
    assert_eq!(template.source, ftd_catalog::TemplateSource::JaGuide);
    assert_eq!(template.note, None);
}

#[test]
fn english_items_that_do_not_fit_their_section() {
    assert_errors(
        "english",
        &[
            (
                ErrorKind::Translation,
                "fixtures/english/en/716.yaml:4:5: block 1 of the English explanation of 716001 lacks a word of the Japanese: 2",
            ),
            (
                ErrorKind::Translation,
                "fixtures/english/en/716.yaml:5:5: block 2 of the English explanation of 716001 is a list of 1 items, the Japanese a list of 2 items",
            ),
            (
                ErrorKind::English,
                "fixtures/english/en/716.yaml:11:5: variable 'users' is not declared by 716001",
            ),
            (
                ErrorKind::English,
                "fixtures/english/en/716.yaml:12:3: 716999 is not an entry of fixtures/english/716.yaml",
            ),
            (
                ErrorKind::English,
                "fixtures/english/en/716.yaml:15:3: English text of 716001 is given twice, first at fixtures/english/en/716.yaml:2:3",
            ),
            (
                ErrorKind::Translation,
                "fixtures/english/en/716.yaml:20:5: block 1 of the English explanation of 716002 lacks a word of the Japanese: webvpn",
            ),
            (
                ErrorKind::Translation,
                "fixtures/english/en/716.yaml:21:5: block 2 of the English explanation of 716002 is a list of 1 items, the Japanese a paragraph",
            ),
        ],
    );
}

#[test]
fn ecs_names() {
    assert_errors(
        "ecs_name",
        &[
            (
                ErrorKind::Ecs,
                "fixtures/ecs_name/716.yaml:12:5: field 'group' of 716001 has ecs: 'user.nmae' is neither an ECS 9.4.0 field nor a name under 'cisco.ftd.'",
            ),
            (
                ErrorKind::Ecs,
                "fixtures/ecs_name/716.yaml:15:5: field 'user' of 716001 has ecs: a text value cannot fill 'source.ip', an ECS ip field",
            ),
            (
                ErrorKind::Ecs,
                "fixtures/ecs_name/716.yaml:18:5: field 'ip' of 716001 has ecs: 'source.ip', which 'user' already fills",
            ),
            (
                ErrorKind::Ecs,
                "fixtures/ecs_name/716.yaml:37:5: field 'reason' of 716002 has ecs: 'user.name', which 'user' already fills",
            ),
            (
                ErrorKind::Ecs,
                "fixtures/ecs_name/716.yaml:53:5: field 'url' of 716003 puts string values at ecs: 'cisco.ftd.client_ip', where 'ip' of 716002 puts ip values: one name holds one kind of value",
            ),
        ],
    );
}

#[test]
fn an_english_file_needs_its_section_file() {
    assert_errors(
        "english_orphan",
        &[(
            ErrorKind::English,
            "fixtures/english_orphan/en/717.yaml:1:1: English file without a section file: fixtures/english_orphan/717.yaml is not in the catalog",
        )],
    );
}

#[test]
fn english_text_is_paired_with_its_entries() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/english_ok");
    let catalog = ftd_catalog::load_dir(&dir, "english_ok").unwrap_or_else(|e| panic!("{e}"));
    let started = &catalog.get(716001).unwrap().def;
    assert_eq!(
        started.explanation_en[0],
        ftd_catalog::Block::Paragraph(
            "A WebVPN session was started 2 times for a user of the group.".into()
        )
    );
    assert_eq!(
        started.variables[1].description_in(ftd_catalog::Lang::En),
        Some("The user name.")
    );
    let english_only = &catalog.get(716165).unwrap().def;
    assert_eq!(
        english_only.explanation_in(ftd_catalog::Lang::En),
        Some(english_only.explanation.as_slice())
    );
    assert_eq!(english_only.explanation_in(ftd_catalog::Lang::Ja), None);
    let coverage = catalog.english_coverage();
    assert_eq!((coverage.entries, coverage.complete), (3, 3), "{coverage}");
}

#[test]
fn english_coverage_names_what_is_missing_where() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/english_ok");
    let section = std::fs::read_to_string(dir.join("716.yaml")).unwrap();
    let english = "messages:\n- id: 716001\n  variables:\n    group: The group policy.\n";
    let loaded = ftd_catalog::load_sources(&[
        ("partial/716.yaml", section.as_str()),
        ("partial/en/716.yaml", english),
    ]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let coverage = loaded.catalog.english_coverage();
    assert_eq!(coverage.complete, 0);
    assert_eq!(
        coverage.to_string(),
        "0 of 3 entries have all their English text\n\
         partial/en/716.yaml:2:3: 716001 lacks English: explanation, action, description of 'user'\n\
         partial/716.yaml:21:3: 716002 lacks English: explanation\n\
         partial/716.yaml:30:3: 716165 lacks English: description of 'client'\n"
    );
}

#[test]
fn unknown_value_kind_and_kind_that_does_not_fit_the_type() {
    let found = errors("value_kind");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, ErrorKind::ValueKind);
    assert!(
        found[0].1.starts_with(
            "fixtures/value_kind/716.yaml:15:5: field 'user' of 716001 has unknown kind 'user_name_of_someone' (known: username, "
        ),
        "{}",
        found[0].1
    );
    assert_eq!(
        found[1],
        (
            ErrorKind::ValueKind,
            "fixtures/value_kind/716.yaml:18:5: field 'ip' of 716001 has kind 'subject_dn', which a 'ip' cannot hold (it fits: text, word, enum)".to_owned()
        )
    );
}
