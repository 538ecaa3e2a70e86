mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/duplicate_id");
}

fn main() {}
