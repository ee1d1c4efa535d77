//! Resolution: `venv_resolve`, an environment's or interpreter's prefixes
//! and site paths from files alone, without starting Python.
use std::path::{Path, PathBuf};

use libvenv_sys as sys;

use crate::error::Result;
use crate::raw::{c_string, library_string, list, path_from, string_from, Owned};

/// What CPython computes for an environment or interpreter (`venv_info`),
/// copied out of the library's handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// sys.prefix
    pub prefix: PathBuf,
    /// sys.exec_prefix
    pub exec_prefix: PathBuf,
    /// sys.base_prefix
    pub base_prefix: PathBuf,
    /// sys.base_exec_prefix
    pub base_exec_prefix: PathBuf,
    /// "X.Y.Z"
    pub version: String,
    /// pyvenv.cfg's home; None outside an environment.
    pub home: Option<PathBuf>,
    /// The python a user would run.
    pub executable: PathBuf,
    /// The base interpreter's binary.
    pub base_executable: PathBuf,
    /// pyvenv.cfg's prompt; None when there is none.
    pub prompt: Option<String>,
    /// sysconfig's venv scheme: purelib, platlib, scripts, include.
    pub purelib: PathBuf,
    pub platlib: PathBuf,
    pub scripts: PathBuf,
    pub include: PathBuf,
    /// An environment (true) or a base interpreter.
    pub is_venv: bool,
    pub include_system_site_packages: bool,
    /// site.getsitepackages(), in order.
    pub site_packages: Vec<PathBuf>,
}

/// Resolves `path` (an environment directory, a python inside one, or a
/// base interpreter) from files alone: `venv_resolve`.
pub fn resolve(path: impl AsRef<Path>) -> Result<Info> {
    let info = resolved(path.as_ref())?;
    let h = info.get();
    let always = |value: Option<PathBuf>| value.unwrap_or_default();
    // SAFETY: h is a live venv_info; every string is copied before it is freed.
    unsafe {
        Ok(Info {
            prefix: always(path_from(sys::venv_info_prefix(h))),
            exec_prefix: always(path_from(sys::venv_info_exec_prefix(h))),
            base_prefix: always(path_from(sys::venv_info_base_prefix(h))),
            base_exec_prefix: always(path_from(sys::venv_info_base_exec_prefix(h))),
            version: string_from(sys::venv_info_version(h)).unwrap_or_default(),
            home: path_from(sys::venv_info_home(h)),
            executable: always(path_from(sys::venv_info_executable(h))),
            base_executable: always(path_from(sys::venv_info_base_executable(h))),
            prompt: string_from(sys::venv_info_prompt(h)),
            purelib: always(path_from(sys::venv_info_purelib(h))),
            platlib: always(path_from(sys::venv_info_platlib(h))),
            scripts: always(path_from(sys::venv_info_scripts(h))),
            include: always(path_from(sys::venv_info_include(h))),
            is_venv: sys::venv_info_is_venv(h) != 0,
            include_system_site_packages: sys::venv_info_include_system_site_packages(h) != 0,
            site_packages: list(h, sys::venv_info_site_packages_count, sys::venv_info_site_packages_at, path_from),
        })
    }
}

/// The same resolution as one JSON object with the keys of
/// `swift-venv info --json`: `venv_info_to_json`.
pub fn resolve_json(path: impl AsRef<Path>) -> Result<String> {
    let info = resolved(path.as_ref())?;
    // SAFETY: info is live for the call.
    library_string(|out| unsafe { sys::venv_info_to_json(out, info.get()) })
}

fn resolved(path: &Path) -> Result<Owned<sys::venv_info>> {
    let path = c_string(path.as_os_str(), "path")?;
    // SAFETY: out and path are valid for the call.
    Owned::new(sys::venv_info_free, |out| unsafe { sys::venv_resolve(out, path.as_ptr()) })
}
