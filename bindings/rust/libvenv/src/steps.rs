//! Creation step by step (`venv_builder_*`): CPython's EnvBuilder steps run
//! one at a time, in place, so a caller can run code of its own between
//! them. `CreateOptions::create` runs the same steps in one transaction.
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use libvenv_sys as sys;

use crate::create::CreateOptions;
use crate::error::{check, Result};
use crate::raw::{c_string, c_string_opt, path_from, ptr, string_from, Owned};

/// What the steps use, as venv's context holds it (copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Absolute, as named (not resolved).
    pub env_dir: PathBuf,
    /// The prompt's bare name.
    pub prompt: String,
    /// "bin"
    pub bin_name: String,
    pub bin_path: PathBuf,
    /// ENV/lib/pythonX.Y/site-packages
    pub lib_path: PathBuf,
    pub include_path: PathBuf,
    /// The base interpreter, as found.
    pub executable: PathBuf,
    /// ENV/bin/<the base's name>
    pub env_executable: PathBuf,
    /// The base's "X.Y.Z".
    pub version: String,
}

/// One environment being built step by step. venv's order:
/// `ensure_directories`, `create_git_ignore_file` (3.13), `create_configuration`,
/// `setup_python`, `setup_pip` (when wanted), `setup_scripts` (unless upgrading),
/// `create_configuration` again with system site packages when wanted,
/// `upgrade_dependencies` (when wanted). A failed step leaves what the
/// earlier ones made, as venv does.
pub struct BuildSteps {
    handle: Owned<sys::venv_builder>,
}

impl BuildSteps {
    /// Checks the options and the target, finds the base interpreter,
    /// empties the target when `clear` is set and makes the directories.
    pub fn ensure_directories(env_dir: impl AsRef<Path>, options: &CreateOptions) -> Result<BuildSteps> {
        let env_dir = c_string(env_dir.as_ref().as_os_str(), "env_dir")?;
        let handle = options.with_raw(|raw| {
            // SAFETY: out, env_dir and the options are valid for the call.
            Owned::new(sys::venv_builder_free, |out| unsafe {
                sys::venv_builder_ensure_directories(out, env_dir.as_ptr(), raw)
            })
        })??;
        Ok(BuildSteps { handle })
    }

    /// The context the steps use.
    pub fn context(&self) -> Context {
        let h = self.handle.get();
        let path = |p: *const std::os::raw::c_char| unsafe { path_from(p) }.unwrap_or_default();
        let text = |p: *const std::os::raw::c_char| unsafe { string_from(p) }.unwrap_or_default();
        // SAFETY: h is live; every string is copied.
        unsafe {
            Context {
                env_dir: path(sys::venv_builder_env_dir(h)),
                prompt: text(sys::venv_builder_prompt(h)),
                bin_name: text(sys::venv_builder_bin_name(h)),
                bin_path: path(sys::venv_builder_bin_path(h)),
                lib_path: path(sys::venv_builder_lib_path(h)),
                include_path: path(sys::venv_builder_include_path(h)),
                executable: path(sys::venv_builder_executable(h)),
                env_executable: path(sys::venv_builder_env_executable(h)),
                version: text(sys::venv_builder_version(h)),
            }
        }
    }

    /// .gitignore ("*") as venv 3.13 writes it; nothing for an older base.
    pub fn create_git_ignore_file(&mut self) -> Result<()> {
        // SAFETY: the handle is live.
        check(unsafe { sys::venv_builder_create_git_ignore_file(self.handle.get_mut()) })
    }

    /// pyvenv.cfg with the keys, order and form of the base's venv;
    /// `command` and `prompt_literal` as written (None: swift-venv's own,
    /// the repr of the prompt).
    pub fn create_configuration(
        &mut self,
        system_site_packages: bool,
        command: Option<&OsStr>,
        prompt_literal: Option<&OsStr>,
    ) -> Result<()> {
        let command = c_string_opt(command, "command")?;
        let prompt_literal = c_string_opt(prompt_literal, "prompt_literal")?;
        // SAFETY: the handle and the strings are valid for the call.
        check(unsafe {
            sys::venv_builder_create_configuration(
                self.handle.get_mut(),
                system_site_packages as i32,
                ptr(&command),
                ptr(&prompt_literal),
            )
        })
    }

    /// The base interpreter (a link or a copy) and its aliases in bin/.
    pub fn setup_python(&mut self) -> Result<()> {
        // SAFETY: the handle is live.
        check(unsafe { sys::venv_builder_setup_python(self.handle.get_mut()) })
    }

    /// pip, whatever the options said.
    pub fn setup_pip(&mut self) -> Result<()> {
        // SAFETY: the handle is live.
        check(unsafe { sys::venv_builder_setup_pip(self.handle.get_mut()) })
    }

    /// The activation scripts in bin/.
    pub fn setup_scripts(&mut self) -> Result<()> {
        // SAFETY: the handle is live.
        check(unsafe { sys::venv_builder_setup_scripts(self.handle.get_mut()) })
    }

    /// The environment's pip upgrades pip (and setuptools before 3.12) from the index.
    pub fn upgrade_dependencies(&mut self) -> Result<()> {
        // SAFETY: the handle is live.
        check(unsafe { sys::venv_builder_upgrade_dependencies(self.handle.get_mut()) })
    }
}
