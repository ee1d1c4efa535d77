//! When an environment's base Python changes: `repair` points it at another
//! build of the same minor version, `rebuild` moves its packages to another
//! minor version.
use std::ffi::{CString, OsStr};
use std::path::Path;

use libvenv_sys as sys;

use crate::error::{check, Result};
use crate::raw::{c_string, c_string_opt, ptr};

/// Points the environment at `env_dir` at a new base of its minor version
/// (`python`: a path, a command or a version; `None`: the environment's X.Y,
/// chosen as [`find_python`](crate::find_python) chooses it): pyvenv.cfg's
/// base lines, bin/'s links or copies and the console scripts that named the
/// old base, all at once (`venv_repair`). Returns the number of files
/// replaced, 0 when it already used that base.
pub fn repair(env_dir: impl AsRef<Path>, python: Option<&OsStr>) -> Result<usize> {
    let env_dir = c_string(env_dir.as_ref().as_os_str(), "env_dir")?;
    let python = c_string_opt(python, "python")?;
    let options = sys::venv_repair_options {
        python: ptr(&python),
        ..sys::VENV_REPAIR_OPTIONS_INIT
    };
    let mut replaced = 0usize;
    // SAFETY: the strings, options and out-pointer are valid for the call.
    check(unsafe { sys::venv_repair(&mut replaced, env_dir.as_ptr(), &options) })?;
    Ok(replaced)
}

/// What [`rebuild`] passes to pip, and whether the old environment goes.
#[derive(Debug, Clone, Default)]
pub struct RebuildOptions {
    /// pip's `--find-links`, each a directory or URL.
    pub find_links: Vec<std::path::PathBuf>,
    /// pip's `--no-index` (offline, with `find_links`).
    pub no_index: bool,
    /// Remove the old environment once the new one is in place.
    pub prune: bool,
}

/// Moves the environment at `env_dir` to the base `python` (a new minor
/// version), keeping its packages (`venv_rebuild`): freeze kept beside it as
/// NAME.swift-venv-requirements.txt, a new environment made aside installs it
/// with pip, and only then the two swap; the old one kept as
/// NAME.swift-venv-old unless `prune`. On failure the old environment is
/// untouched and the error names the package pip could not install.
pub fn rebuild(env_dir: impl AsRef<Path>, python: &OsStr, options: &RebuildOptions) -> Result<()> {
    let env_dir = c_string(env_dir.as_ref().as_os_str(), "env_dir")?;
    let python = c_string(python, "python")?;
    let links: Vec<CString> =
        options.find_links.iter().map(|link| c_string(link.as_os_str(), "find_links")).collect::<Result<_>>()?;
    let pointers: Vec<*const std::os::raw::c_char> = links.iter().map(|link| link.as_ptr()).collect();
    let raw = sys::venv_rebuild_options {
        python: python.as_ptr(),
        find_links: if pointers.is_empty() { std::ptr::null() } else { pointers.as_ptr() },
        find_links_count: pointers.len(),
        no_index: options.no_index as i32,
        prune: options.prune as i32,
        ..sys::VENV_REBUILD_OPTIONS_INIT
    };
    // SAFETY: the strings, the array and the options are valid for the call.
    check(unsafe { sys::venv_rebuild(env_dir.as_ptr(), &raw) })
}
