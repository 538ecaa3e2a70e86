use std::net::{IpAddr, Ipv4Addr};

fn main() {
    let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
    let _ = ftd_syslog::message!(716001 { group: "vpn-ra", user: "alice", ip: ip, port: 443 });
}
