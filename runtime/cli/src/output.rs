//! Standard output that fails loudly. A closed descriptor 1 (`>&-`) is not visible as such:
//! before `main`, the Rust runtime reopens a closed standard descriptor on `/dev/null`
//! (read-write), where everything written vanishes. The commands that write to standard output
//! check for that descriptor first; a reader that goes away (EPIPE) is reported as the write
//! error it is.

use crate::error::CliError;

/// An error when descriptor 1 was closed when the process started: it is then `/dev/null`
/// opened read-write, as the runtime opens it (a shell's `> /dev/null` opens it write-only).
#[allow(unsafe_code)]
pub fn check_stdout() -> Result<(), CliError> {
    let closed = || CliError::io("cannot write to standard output: it is closed");
    // SAFETY: F_GETFL only reads the descriptor's flags; an invalid descriptor gives -1.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL) };
    if flags == -1 {
        return Err(closed());
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return Ok(());
    }
    let (Some(out), Some(null)) = (device(libc::STDOUT_FILENO), null_device()) else {
        return Ok(());
    };
    if out == null {
        return Err(closed());
    }
    Ok(())
}

/// The device number of a character device open on `fd`.
#[allow(unsafe_code)]
fn device(fd: libc::c_int) -> Option<libc::dev_t> {
    // SAFETY: `stat` is plain data, zeroed, and fstat writes only into it.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `stat` is a valid, writable libc::stat for the duration of the call.
    let result = unsafe { libc::fstat(fd, &mut stat) };
    (result == 0 && stat.st_mode & libc::S_IFMT == libc::S_IFCHR).then_some(stat.st_rdev)
}

/// The device number of `/dev/null`.
fn null_device() -> Option<libc::dev_t> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/dev/null")
        .ok()
        .map(|m| m.rdev() as libc::dev_t)
}
