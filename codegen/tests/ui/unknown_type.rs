mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/unknown_type");
}

fn main() {}
