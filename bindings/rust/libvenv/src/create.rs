//! Creation: `venv_create` with its options as a builder.
use std::ffi::{OsStr, OsString};
use std::path::Path;

use libvenv_sys as sys;

use crate::error::Result;
use crate::raw::{c_string, c_string_opt, ptr};

/// How bin/python reaches the base interpreter (`VENV_LINK_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Link {
    /// Symbolic links, as venv does on POSIX.
    #[default]
    Default,
    Symlinks,
    Copies,
}

/// The options of `venv_create`, every option of the swift-venv command
/// line, starting from the defaults of `python -m venv`
/// (`VENV_CREATE_OPTIONS_INIT`).
///
/// ```no_run
/// let options = libvenv::CreateOptions::new().python("3.12").with_pip(false).prompt("my project");
/// options.create(".venv")?;
/// # Ok::<(), libvenv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOptions {
    python: Option<OsString>,
    system_site_packages: bool,
    link: Link,
    clear: bool,
    upgrade: bool,
    with_pip: bool,
    prompt: Option<OsString>,
    upgrade_deps: bool,
    scm_ignore_files: bool,
    allow_existing: bool,
    force: bool,
    command: Option<OsString>,
    prompt_literal: Option<OsString>,
    relocatable: bool,
    scripts: bool,
}

impl Default for CreateOptions {
    fn default() -> Self {
        let init = sys::VENV_CREATE_OPTIONS_INIT;
        CreateOptions {
            python: None,
            system_site_packages: init.system_site_packages != 0,
            link: Link::Default,
            clear: init.clear != 0,
            upgrade: init.upgrade != 0,
            with_pip: init.with_pip != 0,
            prompt: None,
            upgrade_deps: init.upgrade_deps != 0,
            scm_ignore_files: init.scm_ignore_files != 0,
            allow_existing: init.allow_existing != 0,
            force: init.force != 0,
            command: None,
            prompt_literal: None,
            relocatable: init.relocatable != 0,
            scripts: init.scripts != 0,
        }
    }
}

/// Setters of the on/off options, each named as its field.
macro_rules! switches {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, yes: bool) -> Self {
                self.$name = yes;
                self
            }
        )*
    };
}

impl CreateOptions {
    switches! {
        /// The base's site-packages are visible.
        system_site_packages,
        /// Empty an existing environment first.
        clear,
        /// Update an existing environment, keeping its prompt.
        upgrade,
        /// Install pip (the default).
        with_pip,
        /// Upgrade pip (and setuptools before 3.12) from PyPI.
        upgrade_deps,
        /// Write .gitignore on 3.13+ (the default).
        scm_ignore_files,
        /// Use a non-empty directory that is not an environment, or reuse one.
        allow_existing,
        /// Let clear empty a directory without pyvenv.cfg.
        force,
        /// Activation and console scripts find the environment from where they are.
        relocatable,
        /// Write the activation scripts (the default); off for callers that write their own, under
        /// which only venv's own path rules apply.
        scripts,
    }

    /// The defaults of `python -m venv`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The base interpreter: a path, a command on PATH or a version ("3.12"); default python3 on PATH.
    pub fn python(mut self, python: impl AsRef<OsStr>) -> Self {
        self.python = Some(python.as_ref().to_owned());
        self
    }

    /// How bin/python reaches the base.
    pub fn link(mut self, link: Link) -> Self {
        self.link = link;
        self
    }

    /// The prompt's name ("." is the current directory's name); default the directory's name.
    pub fn prompt(mut self, prompt: impl AsRef<OsStr>) -> Self {
        self.prompt = Some(prompt.as_ref().to_owned());
        self
    }

    /// pyvenv.cfg's `command` value (3.11+) as written; default swift-venv's own.
    pub fn command(mut self, command: impl AsRef<OsStr>) -> Self {
        self.command = Some(command.as_ref().to_owned());
        self
    }

    /// pyvenv.cfg's `prompt` value as written (a Python literal); default the repr of the prompt.
    pub fn prompt_literal(mut self, literal: impl AsRef<OsStr>) -> Self {
        self.prompt_literal = Some(literal.as_ref().to_owned());
        self
    }

    /// Creates (or updates, as venv does) the environment at `env_dir`:
    /// `venv_create`. On failure nothing of the caller's is changed and no
    /// half environment is left.
    pub fn create(&self, env_dir: impl AsRef<Path>) -> Result<()> {
        let env_dir = c_string(env_dir.as_ref().as_os_str(), "env_dir")?;
        let code = self.with_raw(|options| {
            // SAFETY: both pointers are valid for the call; the strings the
            // options point to live until with_raw returns.
            unsafe { sys::venv_create(env_dir.as_ptr(), options) }
        })?;
        crate::error::check(code)
    }

    /// Calls `body` with the C struct of these options.
    pub(crate) fn with_raw<T>(&self, body: impl FnOnce(*const sys::venv_create_options) -> T) -> Result<T> {
        let python = c_string_opt(self.python.as_deref(), "python")?;
        let prompt = c_string_opt(self.prompt.as_deref(), "prompt")?;
        let command = c_string_opt(self.command.as_deref(), "command")?;
        let prompt_literal = c_string_opt(self.prompt_literal.as_deref(), "prompt_literal")?;
        let options = sys::venv_create_options {
            python: ptr(&python),
            system_site_packages: self.system_site_packages as i32,
            link: match self.link {
                Link::Default => sys::VENV_LINK_DEFAULT,
                Link::Symlinks => sys::VENV_LINK_SYMLINKS,
                Link::Copies => sys::VENV_LINK_COPIES,
            },
            clear: self.clear as i32,
            upgrade: self.upgrade as i32,
            with_pip: self.with_pip as i32,
            prompt: ptr(&prompt),
            upgrade_deps: self.upgrade_deps as i32,
            scm_ignore_files: self.scm_ignore_files as i32,
            allow_existing: self.allow_existing as i32,
            force: self.force as i32,
            command: ptr(&command),
            prompt_literal: ptr(&prompt_literal),
            relocatable: self.relocatable as i32,
            scripts: self.scripts as i32,
            ..sys::VENV_CREATE_OPTIONS_INIT
        };
        Ok(body(&options))
    }
}

/// Creates the environment at `env_dir` with the defaults of `python -m venv`.
pub fn create(env_dir: impl AsRef<Path>) -> Result<()> {
    CreateOptions::new().create(env_dir)
}
