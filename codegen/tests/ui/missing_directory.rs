mod generated {
    ftd_syslog::catalog!("tests/ui/catalogs/no_such_directory");
}

fn main() {}
