//! The one error type: libvenv's structured error (venv.h's `venv_error`),
//! copied at once on the thread that failed.
use std::fmt;
use std::os::raw::c_int;
use std::path::{Path, PathBuf};

use libvenv_sys as sys;

use crate::raw::{path_from, string_from};

/// The code of a failure: venv.h's `VENV_E*`, with a fallback for codes a
/// newer library may add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `VENV_ERROR`: any other failure; the message says what.
    Error,
    /// `VENV_EINVALID`: a bad argument (empty, not UTF-8, ':' in a path, conflicting options).
    Invalid,
    /// `VENV_EEXISTS`: the target exists and may not be used as it is.
    Exists,
    /// `VENV_ENOTVENV`: a directory that should be a virtual environment is not one.
    NotAVenv,
    /// `VENV_ENOPYTHON`: no usable base interpreter.
    NoPython,
    /// A code this crate does not know.
    Unknown(i32),
}

impl ErrorCode {
    /// The code of a C return value (negative).
    pub fn from_raw(code: i32) -> ErrorCode {
        match code {
            sys::VENV_ERROR => ErrorCode::Error,
            sys::VENV_EINVALID => ErrorCode::Invalid,
            sys::VENV_EEXISTS => ErrorCode::Exists,
            sys::VENV_ENOTVENV => ErrorCode::NotAVenv,
            sys::VENV_ENOPYTHON => ErrorCode::NoPython,
            other => ErrorCode::Unknown(other),
        }
    }

    /// The C value of the code.
    pub fn raw(self) -> i32 {
        match self {
            ErrorCode::Error => sys::VENV_ERROR,
            ErrorCode::Invalid => sys::VENV_EINVALID,
            ErrorCode::Exists => sys::VENV_EEXISTS,
            ErrorCode::NotAVenv => sys::VENV_ENOTVENV,
            ErrorCode::NoPython => sys::VENV_ENOPYTHON,
            ErrorCode::Unknown(code) => code,
        }
    }
}

/// A failure reported by libvenv: its code, the one-line message naming the
/// path and the remedy, the path concerned and the errno of the system call
/// that failed (when one did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    message: String,
    path: Option<PathBuf>,
    sys_errno: Option<i32>,
}

/// The result of every fallible call of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The code of the failure.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// One line naming the path and the remedy.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The path the failure concerns, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The errno of the system call that failed, if one did.
    pub fn sys_errno(&self) -> Option<i32> {
        self.sys_errno
    }

    /// The failed system call's error, as std::io sees it.
    pub fn os_error(&self) -> Option<std::io::Error> {
        self.sys_errno.map(std::io::Error::from_raw_os_error)
    }

    /// An argument refused before the library is called (a NUL byte, which a C string cannot hold).
    pub(crate) fn invalid(message: String, path: Option<PathBuf>) -> Error {
        Error { code: ErrorCode::Invalid, message, path, sys_errno: None }
    }

    /// A failure of the operating system met on the Rust side.
    pub(crate) fn from_os(message: String, error: std::io::Error) -> Error {
        Error { code: ErrorCode::Error, message, path: None, sys_errno: error.raw_os_error() }
    }

    /// The calling thread's last error, for a call that returned `code`.
    /// Must be called right after the failing call, on the same thread.
    pub(crate) fn last(code: c_int) -> Error {
        // SAFETY: venv_error_last never returns NULL; the struct and its
        // strings stay valid until this thread's next call into the library,
        // and are copied here before any.
        let error = unsafe { &*sys::venv_error_last() };
        let message = unsafe { string_from(error.message) }.unwrap_or_default();
        let path = unsafe { path_from(error.path) };
        let sys_errno = (error.sys_errno != 0).then_some(error.sys_errno);
        Error { code: ErrorCode::from_raw(code), message, path, sys_errno }
    }
}

/// Turns a C return value into a Result, reading the error at once.
pub(crate) fn check(code: c_int) -> Result<()> {
    if code == sys::VENV_OK {
        Ok(())
    } else {
        Err(Error::last(code))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "libvenv failed with code {}", self.code.raw())
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for Error {}

impl From<Error> for std::io::Error {
    fn from(error: Error) -> std::io::Error {
        let kind = match error.code {
            ErrorCode::Invalid => std::io::ErrorKind::InvalidInput,
            ErrorCode::Exists => std::io::ErrorKind::AlreadyExists,
            ErrorCode::NotAVenv | ErrorCode::NoPython => std::io::ErrorKind::NotFound,
            _ => error.os_error().map(|e| e.kind()).unwrap_or(std::io::ErrorKind::Other),
        };
        std::io::Error::new(kind, error)
    }
}
