//! Finding every Python: `venv_find` and `venv_find_python`, records read
//! from files without starting Python.
use std::any::Any;
use std::ffi::{c_void, CString, OsStr};
use std::ops::ControlFlow;
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, OnceLock};

use libvenv_sys as sys;

use crate::error::{check, Error, Result};
use crate::raw::{c_string, c_string_opt, list, path_from, ptr, string_from, Owned};

/// An interpreter or an environment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PythonKind {
    /// A base interpreter ("interpreter").
    Interpreter,
    /// A virtual environment or a conda prefix ("environment").
    Environment,
    /// A kind a newer library reports.
    Other(String),
}

impl PythonKind {
    /// The name the library and `swift-venv find --json` use.
    pub fn as_str(&self) -> &str {
        match self {
            PythonKind::Interpreter => "interpreter",
            PythonKind::Environment => "environment",
            PythonKind::Other(name) => name,
        }
    }

    fn from_name(name: String) -> PythonKind {
        match name.as_str() {
            "interpreter" => PythonKind::Interpreter,
            "environment" => PythonKind::Environment,
            _ => PythonKind::Other(name),
        }
    }
}

/// One Python found (`venv_python`), every field copied, in the order of
/// the keys of `swift-venv find --json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Python {
    pub kind: PythonKind,
    /// The python a user would run.
    pub executable: PathBuf,
    /// sys.prefix; None when a broken Python leaves it unknown.
    pub prefix: Option<PathBuf>,
    /// sys.base_prefix; None when unknown.
    pub base_prefix: Option<PathBuf>,
    /// "X.Y.Z"; None when unknown.
    pub version: Option<String>,
    /// site.getsitepackages() (empty when unknown).
    pub site_packages: Vec<PathBuf>,
    /// "cpython", "pypy", ...
    pub implementation: String,
    /// Where it was found: "path", "pyenv", "workspace", ...
    pub sources: Vec<String>,
    /// The tool that owns it: "pyenv", "virtualenvwrapper", "poetry", ...
    pub manager: Option<String>,
    /// The tool that made it (environments): "venv", "virtualenv", "uv", "swift-venv", "conda".
    pub creator: Option<String>,
    /// As its manager names it.
    pub name: Option<String>,
    /// The project it belongs to.
    pub project: Option<PathBuf>,
    /// The other paths that reach it.
    pub symlinks: Vec<PathBuf>,
    /// Why it is broken; None when it is not.
    pub error: Option<String>,
    /// Why creation does not take it (Python older than 3.8); None when it does.
    pub unsupported: Option<String>,
    /// The codes of the problems, computed on the first call of
    /// [`Python::problems`] (as `venv_python_problems_count` computes them).
    problems: OnceLock<Vec<String>>,
}

impl Python {
    /// A copy of the library's record.
    ///
    /// # Safety
    /// `p` is a live venv_python.
    unsafe fn copy(p: *const sys::venv_python) -> Python {
        Python {
            kind: PythonKind::from_name(string_from(sys::venv_python_kind(p)).unwrap_or_default()),
            executable: path_from(sys::venv_python_executable(p)).unwrap_or_default(),
            prefix: path_from(sys::venv_python_prefix(p)),
            base_prefix: path_from(sys::venv_python_base_prefix(p)),
            version: string_from(sys::venv_python_version(p)),
            site_packages: list(p, sys::venv_python_site_packages_count, sys::venv_python_site_packages_at, path_from),
            implementation: string_from(sys::venv_python_implementation(p)).unwrap_or_default(),
            sources: list(p, sys::venv_python_sources_count, sys::venv_python_sources_at, string_from),
            manager: string_from(sys::venv_python_manager(p)),
            creator: string_from(sys::venv_python_creator(p)),
            name: string_from(sys::venv_python_name(p)),
            project: path_from(sys::venv_python_project(p)),
            symlinks: list(p, sys::venv_python_symlinks_count, sys::venv_python_symlinks_at, path_from),
            error: string_from(sys::venv_python_error(p)),
            unsupported: string_from(sys::venv_python_unsupported(p)),
            problems: OnceLock::new(),
        }
    }

    /// The codes of the problems [`crate::doctor`] finds in an environment
    /// ("base-missing", ...), each once; empty for a healthy one and for an
    /// interpreter. Computed on the first call and kept: every check of
    /// doctor costs several times the rest of the record, so find leaves
    /// them to whoever asks (as the C accessor and `find --problems` do).
    pub fn problems(&self) -> &[String] {
        self.problems.get_or_init(|| match (&self.kind, &self.prefix) {
            (PythonKind::Environment, Some(prefix)) => {
                crate::doctor(prefix, &crate::DoctorOptions { list_replacements: false })
                    .map(|d| d.codes().into_iter().map(String::from).collect())
                    .unwrap_or_default() // not an environment doctor takes (a conda prefix): none, as in C
            }
            _ => Vec::new(),
        })
    }

    /// Whether this is a virtual environment (or conda prefix).
    pub fn is_environment(&self) -> bool {
        self.kind == PythonKind::Environment
    }
}

/// Where else to look: project directories (their .venv, venv, env, ...)
/// and directories whose children are environments (`venv_find_options`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindOptions {
    workspaces: Vec<PathBuf>,
    search_paths: Vec<PathBuf>,
}

impl FindOptions {
    /// No workspace, no search path.
    pub fn new() -> Self {
        Self::default()
    }

    /// A project directory: its .venv, venv, env, and .venv in its parents.
    pub fn workspace(mut self, dir: impl AsRef<Path>) -> Self {
        self.workspaces.push(dir.as_ref().to_owned());
        self
    }

    /// A directory whose children are environments.
    pub fn search_path(mut self, dir: impl AsRef<Path>) -> Self {
        self.search_paths.push(dir.as_ref().to_owned());
        self
    }

    /// Calls `body` with the C struct of these options.
    fn with_raw<T>(&self, body: impl FnOnce(&sys::venv_find_options) -> T) -> Result<T> {
        let strings = |paths: &[PathBuf], what: &str| -> Result<Vec<CString>> {
            paths.iter().map(|p| c_string(p.as_os_str(), what)).collect()
        };
        let workspaces = strings(&self.workspaces, "workspace")?;
        let search_paths = strings(&self.search_paths, "search path")?;
        let pointers = |strings: &[CString]| strings.iter().map(|s| s.as_ptr()).collect::<Vec<*const c_char>>();
        let (workspace_ptrs, search_path_ptrs) = (pointers(&workspaces), pointers(&search_paths));
        let options = sys::venv_find_options {
            workspaces: workspace_ptrs.as_ptr(),
            workspaces_count: workspace_ptrs.len(),
            search_paths: search_path_ptrs.as_ptr(),
            search_paths_count: search_path_ptrs.len(),
            ..sys::VENV_FIND_OPTIONS_INIT
        };
        Ok(body(&options))
    }
}

/// What the callback returns to stop the search (never a library code).
const STOP: c_int = 1;

struct Receiver<F> {
    each: F,
    panic: Option<Box<dyn Any + Send>>,
    stopped: bool,
}

unsafe extern "C" fn receive<F: FnMut(Python) -> ControlFlow<()>>(
    python: *const sys::venv_python,
    payload: *mut c_void,
) -> c_int {
    // SAFETY: payload is the &mut Receiver<F> find_each passed, alive for
    // the whole venv_find call; python is live during this call.
    let receiver = &mut *(payload as *mut Receiver<F>);
    // A panic must not unwind into C: it is caught here and resumed once
    // venv_find has returned.
    match catch_unwind(AssertUnwindSafe(|| (receiver.each)(Python::copy(python)))) {
        Ok(ControlFlow::Continue(())) => 0,
        Ok(ControlFlow::Break(())) => {
            receiver.stopped = true;
            STOP
        }
        Err(panic) => {
            receiver.panic = Some(panic);
            receiver.stopped = true;
            STOP
        }
    }
}

/// Calls `each` with every Python as soon as it is resolved, on this
/// thread; `ControlFlow::Break` stops the search (and is no error).
pub fn find_each<F: FnMut(Python) -> ControlFlow<()>>(options: &FindOptions, each: F) -> Result<()> {
    let mut receiver = Receiver { each, panic: None, stopped: false };
    let code = options.with_raw(|raw| {
        // SAFETY: the callback matches F, the payload outlives the call,
        // and the options' strings live until with_raw returns.
        unsafe { sys::venv_find(Some(receive::<F>), &mut receiver as *mut Receiver<F> as *mut c_void, raw) }
    })?;
    if let Some(panic) = receiver.panic {
        resume_unwind(panic);
    }
    if receiver.stopped && code == STOP {
        return Ok(());
    }
    check(code)
}

/// Every Python on the machine, in the order found.
pub fn find(options: &FindOptions) -> Result<Vec<Python>> {
    let mut found = Vec::new();
    find_each(options, |python| {
        found.push(python);
        ControlFlow::Continue(())
    })?;
    Ok(found)
}

/// Every Python, as an iterator that yields each as soon as it is resolved:
/// the search runs on a thread of its own, a few records ahead of the
/// consumer. Dropping the iterator stops the search at the next record. A
/// failure of the search is the last item.
pub fn find_iter(options: FindOptions) -> FindIter {
    let (sender, receiver) = mpsc::sync_channel::<Result<Python>>(16);
    let search = std::thread::Builder::new().name("libvenv-find".into()).spawn(move || {
        let result = find_each(&options, |python| match sender.send(Ok(python)) {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()), // the iterator is gone
        });
        if let Err(error) = result {
            let _ = sender.send(Err(error));
        }
    });
    match search {
        Ok(_) => FindIter { receiver: Some(receiver), spawn_error: None },
        Err(error) => FindIter {
            receiver: None,
            spawn_error: Some(Error::from_os(format!("cannot start the search's thread: {error}"), error)),
        },
    }
}

/// The iterator of [`find_iter`].
pub struct FindIter {
    receiver: Option<mpsc::Receiver<Result<Python>>>,
    spawn_error: Option<Error>,
}

impl Iterator for FindIter {
    type Item = Result<Python>;

    fn next(&mut self) -> Option<Result<Python>> {
        if let Some(error) = self.spawn_error.take() {
            return Some(Err(error));
        }
        self.receiver.as_ref()?.recv().ok()
    }
}

/// The one Python `spec` means, as `swift-venv --python SPEC` takes it: a
/// version prefix ("3.12"), a PEP 440 specifier (">=3.10,<3.13"), a path, a
/// command on PATH, or None for pyenv's choice: `venv_find_python`.
pub fn find_python(spec: Option<&OsStr>, options: &FindOptions) -> Result<Python> {
    let spec = c_string_opt(spec, "spec")?;
    let python = options.with_raw(|raw| {
        // SAFETY: out, spec and the options are valid for the call.
        Owned::new(sys::venv_python_free, |out| unsafe { sys::venv_find_python(out, ptr(&spec), raw) })
    })??;
    // SAFETY: python is live until dropped, after the copy.
    Ok(unsafe { Python::copy(python.get()) })
}
