mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/variant_collision");
}

fn main() {}
