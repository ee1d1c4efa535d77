//! What the tests share: the interpreter of the matrix, scratch
//! directories, running a python, the swift-venv command line, and a small
//! JSON reader (the crate has no dependency, its tests neither).
#![allow(dead_code)]

pub mod json;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's root (bindings/rust/libvenv/../../..).
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().expect("the repository")
}

/// The first interpreter of the matrix (Tests/support/interpreters.py
/// --first), or $LIBVENV_TEST_PYTHON.
pub fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("LIBVENV_TEST_PYTHON") {
        return PathBuf::from(python);
    }
    let script = repository().join("Tests/support/interpreters.py");
    let output = Command::new("python3").arg(&script).arg("--first").output().expect("run interpreters.py");
    assert!(output.status.success(), "interpreters.py --first: {}", String::from_utf8_lossy(&output.stderr));
    PathBuf::from(String::from_utf8(output.stdout).expect("UTF-8").trim())
}

/// The swift-venv command line beside the library the crate linked
/// (PREFIX/bin of scripts/install, or the build directory), or $SWIFT_VENV_BIN.
pub fn swift_venv() -> PathBuf {
    if let Some(bin) = std::env::var_os("SWIFT_VENV_BIN") {
        return PathBuf::from(bin);
    }
    let lib_dir = Path::new(env!("LIBVENV_TEST_LIB_DIR"));
    for candidate in [lib_dir.join("../bin/swift-venv"), lib_dir.join("swift-venv")] {
        if candidate.exists() {
            return candidate;
        }
    }
    panic!("no swift-venv beside {}: set SWIFT_VENV_BIN", lib_dir.display());
}

/// A directory of its own, removed when dropped; its path is resolved
/// (no links), as the library reports paths of environments made in it.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::var_os("LIBVENV_TEST_SCRATCH").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
        let path =
            base.join(format!("libvenv-rust-{}-{}-{}", tag, std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create the scratch directory");
        Scratch { path: path.canonicalize().expect("resolve the scratch directory") }
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// What `python -c code` prints, lines trimmed of the newline.
pub fn run_python(python: &Path, code: &str) -> Vec<String> {
    let output = Command::new(python).args(["-I", "-c", code]).output().expect("run python");
    assert!(output.status.success(), "{} -c: {}", python.display(), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8").lines().map(str::to_owned).collect()
}
