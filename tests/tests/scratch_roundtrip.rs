use ftd_syslog::*;
#[test]
fn sweep() {
    let mut failures = 0;
    for info in MESSAGES {
        'seeds: for seed in 0..200u64 {
            let mut src = RandomValues::new(seed * 1_000_003 + info.id as u64);
            src.full_range = true;
            let msg = Message::generate(info.id, &mut src).unwrap();
            for template in 0..info.templates.len() {
                for brackets in [true, false] {
                    let mut body = String::new();
                    msg.write_body(&mut body, template, brackets).unwrap();
                    match Message::parse(info.id, info.severity, &body) {
                        Ok(parsed) if parsed == msg => {}
                        Ok(parsed) => { failures += 1; eprintln!("{} t{template} b{brackets}: MISMATCH body={body:?}\n  got {parsed:?}\n  want {msg:?}", info.id); break 'seeds; }
                        Err(e) => { failures += 1; eprintln!("{} t{template} b{brackets}: ERR {e} body={body:?}", info.id); break 'seeds; }
                    }
                }
            }
        }
    }
    assert_eq!(failures, 0);
}
