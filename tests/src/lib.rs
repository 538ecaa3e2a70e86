//! Shared helpers of the integration tests, and a small fixture catalog of its own generated
//! with the macro (`fixtures/widgets`), as a user's crate would.

/// Types generated from `fixtures/widgets`, a catalog unrelated to the bundled one.
pub mod widgets {
    ftd_syslog::catalog!("fixtures/widgets");
}

/// The `ftd-syslog` command, built on first use.
///
/// It belongs to another package, so cargo neither builds it for these tests nor sets
/// `CARGO_BIN_EXE_*`. The first test to need it runs
/// `cargo build -p ftd-syslog --bin ftd-syslog --message-format=json` (the cargo that built the
/// tests, same profile) and takes the path from the `executable` of the compiler-artifact
/// message: right whatever the target directory (`CARGO_TARGET_DIR`, a `.cargo/config.toml`,
/// the workspace default), without guessing its layout. The build is incremental, so it costs
/// nothing when the binary is up to date.
pub fn ftd_syslog_binary() -> &'static std::path::Path {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
        let mut build = Command::new(cargo);
        build.args([
            "build",
            "-p",
            "ftd-syslog",
            "--bin",
            "ftd-syslog",
            "--message-format=json",
        ]);
        build.arg("--manifest-path").arg(&workspace);
        if !cfg!(debug_assertions) {
            build.arg("--release");
        }
        let output = build.stderr(Stdio::inherit()).output().expect("cargo runs");
        assert!(output.status.success(), "building ftd-syslog failed");
        let executable = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| {
                message["reason"] == "compiler-artifact"
                    && message["target"]["name"] == "ftd-syslog"
            })
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the ftd-syslog executable");
        assert!(
            executable.is_file(),
            "{} is not a file",
            executable.display()
        );
        executable
    })
}
