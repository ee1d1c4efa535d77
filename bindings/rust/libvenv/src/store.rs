//! The store: many environments in one directory, as virtualenvwrapper
//! keeps them ($WORKON_HOME), and whole-environment removal, copy and move.
use std::path::{Path, PathBuf};

use libvenv_sys as sys;

use crate::error::{check, Result};
use crate::raw::{c_string, c_string_opt, library_string, path_from, string_from, Owned};

/// One environment of a store (`venv_store_entries`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreEntry {
    pub name: String,
    pub path: PathBuf,
    /// pyvenv.cfg's version ("X.Y.Z"), None when unreadable.
    pub version: Option<String>,
    /// The project directory from .project.
    pub project: Option<PathBuf>,
    /// Why the environment is broken, None when it is usable.
    pub problem: Option<String>,
}

fn list_raw(workon_home: Option<&Path>) -> Result<Owned<sys::venv_store_entries>> {
    let home = c_string_opt(workon_home.map(Path::as_os_str), "workon_home")?;
    // SAFETY: out and home (or NULL) are valid for the call.
    Owned::new(sys::venv_store_entries_free, |out| unsafe {
        sys::venv_store_list(out, home.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()))
    })
}

/// The environments of a store, sorted by name: `venv_store_list`.
/// `workon_home` None means $WORKON_HOME, else ~/.virtualenvs. A store that
/// does not exist is empty.
pub fn store_list(workon_home: Option<&Path>) -> Result<Vec<StoreEntry>> {
    let entries = list_raw(workon_home)?;
    let h = entries.get();
    // SAFETY: h is live; every string is copied.
    unsafe {
        Ok((0..sys::venv_store_entries_count(h))
            .map(|i| StoreEntry {
                name: string_from(sys::venv_store_entries_name(h, i)).unwrap_or_default(),
                path: path_from(sys::venv_store_entries_path(h, i)).unwrap_or_default(),
                version: string_from(sys::venv_store_entries_version(h, i)),
                project: path_from(sys::venv_store_entries_project(h, i)),
                problem: string_from(sys::venv_store_entries_problem(h, i)),
            })
            .collect())
    }
}

/// The store as `swift-venv list --json` prints it.
pub fn store_list_json(workon_home: Option<&Path>) -> Result<String> {
    let entries = list_raw(workon_home)?;
    // SAFETY: entries is live for the call.
    library_string(|out| unsafe { sys::venv_store_entries_to_json(out, entries.get()) })
}

/// Removes the environment at `env_dir` with --clear's guarantees (only a
/// directory holding a pyvenv.cfg; links removed as links; pyvenv.cfg last):
/// `venv_remove`.
pub fn remove_env(env_dir: impl AsRef<Path>) -> Result<()> {
    let env_dir = c_string(env_dir.as_ref().as_os_str(), "env_dir")?;
    // SAFETY: env_dir is valid for the call.
    check(unsafe { sys::venv_remove(env_dir.as_ptr()) })
}

/// Options of [`copy_env`] and [`move_env`] (`venv_relocate_options`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelocateOptions {
    /// Replace an environment already at the destination (never another directory).
    pub replace: bool,
}

type Relocate = unsafe extern "C" fn(
    *const std::os::raw::c_char,
    *const std::os::raw::c_char,
    *const sys::venv_relocate_options,
) -> i32;

fn relocate(call: Relocate, src: &Path, dst: &Path, options: &RelocateOptions) -> Result<()> {
    let src = c_string(src.as_os_str(), "src")?;
    let dst = c_string(dst.as_os_str(), "dst")?;
    let raw = sys::venv_relocate_options { replace: options.replace as i32, ..sys::VENV_RELOCATE_OPTIONS_INIT };
    // SAFETY: the strings and options are valid for the call.
    check(unsafe { call(src.as_ptr(), dst.as_ptr(), &raw) })
}

/// Copies the environment at `src` to `dst`, rewriting everything that
/// names `src`; `dst` appears whole or not at all: `venv_copy`.
pub fn copy_env(src: impl AsRef<Path>, dst: impl AsRef<Path>, options: &RelocateOptions) -> Result<()> {
    relocate(sys::venv_copy, src.as_ref(), dst.as_ref(), options)
}

/// Moves the environment at `src` to `dst`, rewriting everything that names
/// it; an interrupted move is finished by calling again with the same
/// arguments: `venv_move`. (`move` is a Rust keyword.)
pub fn move_env(src: impl AsRef<Path>, dst: impl AsRef<Path>, options: &RelocateOptions) -> Result<()> {
    relocate(sys::venv_move, src.as_ref(), dst.as_ref(), options)
}
