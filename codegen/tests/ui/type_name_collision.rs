mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/type_name_collision");
}

fn main() {}
