//! The never-silently-wrong check can fail. `fixtures/ja-only` holds 716023 as the Japanese
//! guide prints it, without the English form devices send (`... User u IP 192.0.2.7 Session
//! could not ...`): read with it, `{user}` swallows ` IP <address>`. That is how 716023 went
//! wrong while its Japanese form was tried first (the parsers now prefer the reading with the
//! least free text, so template order alone no longer shows it). Lines written by the bundled
//! catalog and read by this one must fail the check. (A binary of its own: each generated
//! catalog exports a `message!` macro.)

#[path = "it/fields.rs"]
mod fields;
#[path = "it/wrong_parses.rs"]
mod wrong_parses;

use fields::{Collect, Fields};
use ftd_syslog::{MessageInfo, ValueSource};
use wrong_parses::{wrong_parses, LiteralWords, Subject};

/// Types generated from `fixtures/ja-only`.
mod ja_only {
    ftd_syslog::catalog!("fixtures/ja-only");
}

/// Written by the bundled catalog (its first template is the English form), read by the
/// Japanese-only one.
struct WrittenInEnglish;

impl Subject for WrittenInEnglish {
    fn messages() -> &'static [MessageInfo] {
        ja_only::MESSAGES
    }
    fn written(
        id: u32,
        source: &mut dyn ValueSource,
        template: usize,
        brackets: bool,
    ) -> (String, Fields) {
        let message = ftd_syslog::Message::draw(id, source).expect("catalogued");
        let mut body = String::new();
        message
            .write_body(&mut body, template, brackets)
            .expect("writing to a String");
        let mut collect = Collect::default();
        message.visit_fields(&mut collect);
        (body, collect.0)
    }
    fn parsed(id: u32, body: &str) -> Result<Fields, String> {
        let message = ja_only::Message::parse(id, 0, body).map_err(|e| e.to_string())?;
        let mut collect = Collect::default();
        message.visit_fields(&mut collect);
        Ok(collect.0)
    }
}

#[test]
fn the_check_catches_a_text_field_that_swallows_another_forms_field() {
    let (wrong, lines) = wrong_parses::<WrittenInEnglish>(8);
    let swallowed = wrong
        .iter()
        .filter(|w| w.starts_with("716023") && w.contains("parsed:"))
        .count();
    assert!(
        swallowed > 0,
        "the check missed {lines} English lines read by the Japanese form: {wrong:?}"
    );
    // And the reason is the one known: a bare `user` took ` IP <address>` (the address is
    // optional: the first draw that has one).
    let (body, drawn) = (0..64)
        .map(|seed| {
            WrittenInEnglish::written(716023, &mut LiteralWords::new(seed, Vec::new()), 0, false)
        })
        .find(|(_, drawn)| drawn.contains_key("ip"))
        .expect("a draw with an address");
    let parsed = WrittenInEnglish::parsed(716023, &body).expect("parses");
    let user = format!("{:?}", parsed["user"]);
    assert!(
        user.contains(" IP ") && parsed["user"] != drawn["user"],
        "{body:?} gave user {user}"
    );
}
