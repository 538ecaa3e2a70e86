fn main() {
    let _ = ftd_syslog::message!(716001 { group: "vpn-ra", user: "alice" });
}
