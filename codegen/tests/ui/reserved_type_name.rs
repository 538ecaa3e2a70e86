mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/reserved_type_name");
}

fn main() {}
