use std::net::{IpAddr, Ipv4Addr};

fn main() {
    let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
    let started = ftd_syslog::message!(716001 { group: "vpn-ra", user: String::from("alice"), ip: ip });
    assert_eq!(started.to_string(), "Group <vpn-ra> User <alice> IP <192.0.2.7> WebVPN session started.");
}
