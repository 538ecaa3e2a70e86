fn main() {
    let _ = ftd_syslog::message!(999999 { user: "alice" });
}
