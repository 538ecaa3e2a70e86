//! The never-silently-wrong check can fail: `fixtures/order` holds 716023 with the Japanese
//! guide's form first, so that a line in the English form (`... User u IP 192.0.2.7 Session
//! could not ...`) reads `u IP 192.0.2.7` as the user. (A binary of its own: each generated
//! catalog exports a `message!` macro.)

#[path = "it/fields.rs"]
mod fields;
#[path = "it/wrong_parses.rs"]
mod wrong_parses;

use wrong_parses::{wrong_parses, LiteralWords, Subject};

/// Types generated from `fixtures/order`.
mod order {
    ftd_syslog::catalog!("fixtures/order");
}

subject!(Order, order);

#[test]
fn the_check_catches_a_template_that_swallows_another_templates_field() {
    let (wrong, _) = wrong_parses::<Order>(8);
    assert!(
        wrong
            .iter()
            .any(|w| w.starts_with("716023 template 1") && w.contains("parsed:")),
        "the check missed 716023's Japanese form read first: {wrong:?}"
    );
    // And the reason is the one known: a bare `user` took ` IP <address>`.
    let (body, _) = Order::written(
        716023,
        &mut LiteralWords::new(1, Vec::new()),
        1,
        false,
    );
    let parsed = Order::parsed(716023, &body).expect("parses");
    let user = format!("{:?}", parsed["user"]);
    assert!(user.contains("IP"), "{body:?} gave user {user}");
}
