//! Create Python virtual environments exactly as CPython's `python -m venv`
//! does, resolve their prefixes and site-packages, and find every Python on
//! the machine, from files and without starting Python, through libvenv.so
//! (swift-venv's C library; the raw declarations are `libvenv-sys`).
//!
//! Everything the library returns is copied into owned Rust values (paths
//! as `PathBuf`, byte for byte; text as `String`); the library's handles
//! are freed with its own free functions before a call returns. A failure
//! is an [`Error`] carrying libvenv's code, message, path and errno, read
//! on the failing thread at once. Every function may be called from any
//! thread.
//!
//! ```no_run
//! use libvenv::{CreateOptions, FindOptions};
//!
//! CreateOptions::new().python("3.12").with_pip(false).create(".venv")?;
//! let info = libvenv::resolve(".venv")?;
//! println!("{}", info.site_packages[0].display());
//! for python in libvenv::find_iter(FindOptions::new().workspace(".")) {
//!     let python = python?;
//!     println!("{} {:?}", python.executable.display(), python.version);
//! }
//! # Ok::<(), libvenv::Error>(())
//! ```
mod activation;
mod create;
mod doctor;
mod error;
mod find;
mod info;
mod packages;
mod raw;
mod repair;
mod steps;
mod store;

pub use activation::{activation, activation_in, Activation};
pub use create::{create, CreateOptions, Link};
pub use doctor::{doctor, doctor_json, Diagnosis, DoctorOptions, Problem, Replacement};
pub use error::{Error, ErrorCode, Result};
pub use find::{find, find_each, find_iter, find_python, FindIter, FindOptions, Python, PythonKind};
pub use info::{resolve, resolve_json, Info};
pub use packages::{install_wheels, Distribution, FreezeOptions, Packages};
pub use repair::{rebuild, repair, RebuildOptions};
pub use steps::{BuildSteps, Context};
pub use store::{copy_env, move_env, remove_env, store_list, store_list_json, RelocateOptions, StoreEntry};

/// The version of the loaded library: (major, minor, patch).
pub fn library_version() -> (i32, i32, i32) {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: three valid out-pointers; venv_version never fails.
    unsafe { libvenv_sys::venv_version(&mut major, &mut minor, &mut patch) };
    (major, minor, patch)
}

/// The version of venv.h these bindings declare: (major, minor, patch).
pub const HEADER_VERSION: (i32, i32, i32) =
    (libvenv_sys::VENV_VERSION_MAJOR, libvenv_sys::VENV_VERSION_MINOR, libvenv_sys::VENV_VERSION_PATCH);
