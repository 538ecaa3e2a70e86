//! Compile-time behaviour of the macros: catalog mistakes and `message!` misuse are compile
//! errors that name the file, line, column, id and what is wrong (`tests/ui/*.stderr`). Every
//! diagnostic of the code generator's own checks (`src/valid.rs`) and of its arguments has a
//! case here; the catalog validator's rules are tested in `ftd-catalog`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    // Catalog files that do not load or validate.
    cases.compile_fail("tests/ui/malformed_yaml.rs");
    cases.compile_fail("tests/ui/unknown_type.rs");
    cases.compile_fail("tests/ui/undeclared_placeholder.rs");
    cases.compile_fail("tests/ui/duplicate_id.rs");
    cases.compile_fail("tests/ui/stub_prevents_cascade.rs");
    // The code generator's checks (src/valid.rs), one case per diagnostic.
    cases.compile_fail("tests/ui/reserved_type_name.rs");
    cases.compile_fail("tests/ui/type_name_collision.rs");
    cases.compile_fail("tests/ui/variant_without_name.rs");
    cases.compile_fail("tests/ui/variant_named_other.rs");
    cases.compile_fail("tests/ui/variant_collision.rs");
    // The macro's arguments.
    cases.compile_fail("tests/ui/missing_directory.rs");
    cases.compile_fail("tests/ui/unknown_argument.rs");
    // `message!`.
    cases.compile_fail("tests/ui/message_unknown_id.rs");
    cases.compile_fail("tests/ui/message_missing_field.rs");
    cases.compile_fail("tests/ui/message_extra_field.rs");
    cases.pass("tests/ui/message_ok.rs");
    cases.pass("tests/ui/message_own_catalog.rs");
}
