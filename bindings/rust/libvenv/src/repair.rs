//! When an environment's base Python changes: `repair` points it at another
//! build of the same minor version (and `rebuild`, when it exists, moves its
//! packages to another minor version).
use std::ffi::OsStr;
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
