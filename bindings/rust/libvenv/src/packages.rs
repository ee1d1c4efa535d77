//! What is installed: `venv_packages_read` (pip list, from files) and
//! `venv_packages_freeze` (pip freeze, byte for byte).
use std::ffi::{CString, OsStr};
use std::path::{Path, PathBuf};

use libvenv_sys as sys;

use crate::error::{check, Result};
use crate::raw::{c_string, library_string, path_from, string_from, Owned};

/// One installed distribution, as `pip list --format=json` and
/// `pip inspect` describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    /// METADATA's Name, as written.
    pub name: String,
    /// PEP 440 normalized.
    pub version: String,
    /// PEP 503 normalized.
    pub normalized_name: String,
    /// The directory holding the .dist-info/.egg-info.
    pub location: PathBuf,
    /// INSTALLER's first line, or "".
    pub installer: String,
    /// REQUESTED exists.
    pub requested: bool,
    pub editable: bool,
    /// None when not editable.
    pub editable_project_location: Option<PathBuf>,
    /// direct_url.json as one line of JSON.
    pub direct_url: Option<String>,
}

/// The distributions of an environment (or interpreter), read once; freeze
/// and list answer from the same reading.
pub struct Packages {
    handle: Owned<sys::venv_packages>,
}

impl Packages {
    /// Reads what `path`'s pip would see (an environment, a python inside
    /// one, or a base interpreter), without starting Python.
    pub fn read(path: impl AsRef<Path>) -> Result<Packages> {
        let path = c_string(path.as_ref().as_os_str(), "path")?;
        // SAFETY: out and path are valid for the call.
        let handle = Owned::new(sys::venv_packages_free, |out| unsafe { sys::venv_packages_read(out, path.as_ptr()) })?;
        Ok(Packages { handle })
    }

    /// The distributions, in pip list's order (by normalized name).
    pub fn distributions(&self) -> Vec<Distribution> {
        let h = self.handle.get();
        // SAFETY: h is live; every string is copied.
        unsafe {
            (0..sys::venv_packages_count(h))
                .map(|i| Distribution {
                    name: string_from(sys::venv_packages_name(h, i)).unwrap_or_default(),
                    version: string_from(sys::venv_packages_version(h, i)).unwrap_or_default(),
                    normalized_name: string_from(sys::venv_packages_normalized_name(h, i)).unwrap_or_default(),
                    location: path_from(sys::venv_packages_location(h, i)).unwrap_or_default(),
                    installer: string_from(sys::venv_packages_installer(h, i)).unwrap_or_default(),
                    requested: sys::venv_packages_requested(h, i) == 1,
                    editable: sys::venv_packages_editable(h, i) == 1,
                    editable_project_location: path_from(sys::venv_packages_editable_project_location(h, i)),
                    direct_url: string_from(sys::venv_packages_direct_url(h, i)),
                })
                .collect()
        }
    }

    /// What pip would have warned about, one line each.
    pub fn notes(&self) -> Vec<String> {
        crate::raw::list(self.handle.get(), sys::venv_packages_note_count, sys::venv_packages_note_at, string_from)
    }

    /// The distributions as `swift-venv packages --json` prints them.
    pub fn to_json(&self) -> Result<String> {
        // SAFETY: the handle is live for the call.
        library_string(|out| unsafe { sys::venv_packages_to_json(out, self.handle.get()) })
    }

    /// What the environment's `python -m pip freeze` prints, byte for byte.
    pub fn freeze(&self, options: &FreezeOptions) -> Result<String> {
        let exclude: Vec<CString> =
            options.exclude.iter().map(|name| c_string(OsStr::new(name), "exclude")).collect::<Result<_>>()?;
        let mut exclude_ptrs: Vec<*const std::os::raw::c_char> = exclude.iter().map(|s| s.as_ptr()).collect();
        exclude_ptrs.push(std::ptr::null());
        let raw = sys::venv_freeze_options {
            all: options.all as i32,
            exclude_editable: options.exclude_editable as i32,
            local: options.local as i32,
            user: options.user as i32,
            exclude: exclude_ptrs.as_ptr(),
            ..sys::VENV_FREEZE_OPTIONS_INIT
        };
        // SAFETY: the handle, the options and the strings they point to live for the call.
        library_string(|out| unsafe { sys::venv_packages_freeze(out, self.handle.get(), &raw) })
    }
}

/// pip freeze's options (`venv_freeze_options`), its defaults by Default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FreezeOptions {
    /// Keep pip (and setuptools, wheel, distribute before 3.12).
    pub all: bool,
    /// Leave out editable installs.
    pub exclude_editable: bool,
    /// Leave out what is installed outside the environment.
    pub local: bool,
    /// Only what is in the user site directory.
    pub user: bool,
    /// Project names to leave out.
    pub exclude: Vec<String>,
}

/// Installs wheel files into the environment at `env_dir`, as the
/// environment's `pip install WHEEL...` would (`venv_install_wheels`): wheel
/// files only, no resolver, no index; everything checked before anything is
/// written.
pub fn install_wheels<P: AsRef<Path>>(env_dir: impl AsRef<Path>, wheels: &[P]) -> Result<()> {
    let env_dir = c_string(env_dir.as_ref().as_os_str(), "env_dir")?;
    let wheels: Vec<CString> =
        wheels.iter().map(|wheel| c_string(wheel.as_ref().as_os_str(), "wheel")).collect::<Result<_>>()?;
    let pointers: Vec<*const std::os::raw::c_char> = wheels.iter().map(|wheel| wheel.as_ptr()).collect();
    // SAFETY: every pointer is valid for the call; the library copies what it keeps.
    check(unsafe { sys::venv_install_wheels(env_dir.as_ptr(), pointers.as_ptr(), pointers.len()) })
}
