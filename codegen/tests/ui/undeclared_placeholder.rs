mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/undeclared_placeholder");
}

fn main() {}
