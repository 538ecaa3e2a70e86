//! Any bytes given to `parse_line` either parse or fail with an error whose span lies within
//! the line; never a panic. A line that parses writes back to a line that parses to the same
//! message (unless it holds CR, LF or NUL, which writing escapes on purpose).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    match ftd_syslog::parse_line(line) {
        Ok(record) if !line.contains(['\r', '\n', '\0']) => {
            let rewritten = record.to_string();
            let again = ftd_syslog::parse_line(&rewritten)
                .unwrap_or_else(|e| panic!("{line:?} rewrote to {rewritten:?}, which fails: {e}"));
            assert_eq!(again.message, record.message, "{line:?} -> {rewritten:?}");
        }
        Ok(_) => {}
        Err(error) => {
            let span = error.span();
            assert!(span.start <= span.end && span.end <= line.len(), "{line:?}: span {span:?}");
        }
    }
});
