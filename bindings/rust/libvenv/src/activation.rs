//! Activation as data: `venv_activation_env`, what sourcing bin/activate
//! does to the environment variables, so a program can start processes
//! inside an environment without a shell.
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

use libvenv_sys as sys;

use crate::error::Result;
use crate::raw::{c_string, string_from, Owned};

/// The variables to set (VIRTUAL_ENV, VIRTUAL_ENV_PROMPT, PATH, in order)
/// and to remove (PYTHONHOME).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    pub set: Vec<(String, String)>,
    pub unset: Vec<String>,
}

impl Activation {
    /// Applies the activation to a command about to be started.
    pub fn apply(&self, command: &mut Command) {
        for name in &self.unset {
            command.env_remove(name);
        }
        for (name, value) in &self.set {
            command.env(name, value);
        }
    }
}

/// The activation of `env_dir` in this process's environment (only PATH is read).
pub fn activation(env_dir: impl AsRef<Path>) -> Result<Activation> {
    activate(env_dir.as_ref(), None)
}

/// The activation of `env_dir` in the given environment (only its first PATH is read).
pub fn activation_in<K: AsRef<OsStr>, V: AsRef<OsStr>>(
    env_dir: impl AsRef<Path>,
    variables: impl IntoIterator<Item = (K, V)>,
) -> Result<Activation> {
    let mut entries = Vec::new();
    for (name, value) in variables {
        let mut entry = name.as_ref().as_bytes().to_vec();
        entry.push(b'=');
        entry.extend_from_slice(value.as_ref().as_bytes());
        entries.push(c_string(OsStr::from_bytes(&entry), "environment variable")?);
    }
    activate(env_dir.as_ref(), Some(&entries))
}

fn activate(env_dir: &Path, variables: Option<&[CString]>) -> Result<Activation> {
    let env_dir = c_string(env_dir.as_os_str(), "env_dir")?;
    let envp: Option<Vec<*const std::os::raw::c_char>> =
        variables.map(|vars| vars.iter().map(|v| v.as_ptr()).chain(std::iter::once(std::ptr::null())).collect());
    let envp_ptr = envp.as_ref().map_or(std::ptr::null(), |v| v.as_ptr());
    // SAFETY: env_dir and the NULL-terminated envp (or NULL) live for the call.
    let activation = Owned::new(sys::venv_activation_free, |out| unsafe {
        sys::venv_activation_env(out, env_dir.as_ptr(), envp_ptr)
    })?;
    let h = activation.get();
    // SAFETY: h is live; the strings are copied before it is freed.
    unsafe {
        let set = (0..sys::venv_activation_set_count(h))
            .map(|i| {
                let name = string_from(sys::venv_activation_set_name(h, i)).unwrap_or_default();
                let value = string_from(sys::venv_activation_set_value(h, i)).unwrap_or_default();
                (name, value)
            })
            .collect();
        let unset = (0..sys::venv_activation_unset_count(h))
            .filter_map(|i| string_from(sys::venv_activation_unset_name(h, i)))
            .collect();
        Ok(Activation { set, unset })
    }
}
