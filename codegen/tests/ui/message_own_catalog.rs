// `message!` of a catalog of one's own, expanded in a module: it names the types through the
// module given with `module =` and reaches the runtime through `::ftd_syslog`.
#[macro_use]
mod widgets {
    ftd_syslog::catalog!("tests/golden/catalog", module = widgets);
}

fn main() {
    let ip = std::net::IpAddr::from([192, 0, 2, 7]);
    let started: widgets::WidgetStarted<'_> = message!(900001 { name: "w1", ip: ip });
    assert_eq!(started.to_string(), "Widget <w1> started at 192.0.2.7.");
}
