mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/unknown_type", path = generated);
}

fn main() {}
