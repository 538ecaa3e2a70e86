mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/malformed_yaml");
}

fn main() {}
