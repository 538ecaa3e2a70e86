//! SIGINT and SIGTERM as a request to stop: the handler only sets a flag, which long-running
//! loops (`simulate`'s run, its pacer and reconnection waits) check, so that the run ends
//! through its normal path: what is queued is flushed, the summary printed, and the process
//! exits with 128 + the signal number (130, 143). The handler is reset by its first delivery,
//! so a second Ctrl-C ends the process at once.

use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// The signal received, or 0.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn record(signal: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    RECEIVED.store(signal, Ordering::SeqCst);
}

/// Installs the handler for SIGINT and SIGTERM.
#[allow(unsafe_code)]
pub fn install() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: `action` is fully initialised (zeroed, then the fields set) before the call;
        // the handler is an `extern "C"` function that only stores to an atomic, which is
        // async-signal-safe. No SA_RESTART: a blocking call returns EINTR, so a wait ends.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = record as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// The signal that asked the process to stop, if one did.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// The exit status for a run stopped by `signal`: 128 + its number.
pub fn exit_status(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(255)
}

/// Sleeps `wait`, in slices, returning early when a signal asks the run to stop.
pub fn sleep_unless_signalled(wait: Duration) {
    let end = Instant::now() + wait;
    while received().is_none() {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}
