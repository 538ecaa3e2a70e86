// A broken entry still yields its type (a field-less stub), so code naming it reports only the
// catalog mistake, not a cascade of unresolved names.
mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/unknown_type");
}

fn main() {
    assert_eq!(generated::WebvpnSessionStarted::ID, 716001);
}
