//! Compile-time behaviour of the macros: catalog mistakes and `message!` misuse are compile
//! errors that name the file, line, column, id and what is wrong (`tests/ui/*.stderr`).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/malformed_yaml.rs");
    cases.compile_fail("tests/ui/unknown_type.rs");
    cases.compile_fail("tests/ui/undeclared_placeholder.rs");
    cases.compile_fail("tests/ui/duplicate_id.rs");
    cases.compile_fail("tests/ui/stub_prevents_cascade.rs");
    cases.compile_fail("tests/ui/message_unknown_id.rs");
    cases.compile_fail("tests/ui/message_missing_field.rs");
    cases.compile_fail("tests/ui/message_extra_field.rs");
    cases.pass("tests/ui/message_ok.rs");
}
