mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/variant_without_name");
}

fn main() {}
