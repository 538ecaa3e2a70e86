mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/variant_named_other");
}

fn main() {}
