//! The crossing of the C boundary, in one place: Rust paths and strings to
//! C strings, the library's strings to owned copies, and handles the library
//! allocated, freed by its own free function when dropped.
use std::ffi::{CStr, CString, OsStr, OsString};
use std::os::raw::c_char;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

use crate::error::{Error, Result};

/// A C string for an argument; `what` names it in the error a NUL byte gives.
pub(crate) fn c_string(value: &OsStr, what: &str) -> Result<CString> {
    CString::new(value.as_bytes()).map_err(|_| {
        Error::invalid(
            format!("{what} contains a NUL byte, which a C string cannot hold: {value:?}"),
            Some(PathBuf::from(value)),
        )
    })
}

/// A C string for an optional argument.
pub(crate) fn c_string_opt(value: Option<&OsStr>, what: &str) -> Result<Option<CString>> {
    value.map(|v| c_string(v, what)).transpose()
}

/// The pointer of an optional C string (NULL for None).
pub(crate) fn ptr(value: &Option<CString>) -> *const c_char {
    value.as_ref().map_or(std::ptr::null(), |s| s.as_ptr())
}

/// A copy of a string the library owns (UTF-8, as venv.h promises); None for NULL.
///
/// # Safety
/// `value` is NULL or a valid NUL-terminated string.
pub(crate) unsafe fn string_from(value: *const c_char) -> Option<String> {
    if value.is_null() {
        return None;
    }
    let bytes = CStr::from_ptr(value).to_bytes();
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// A copy of a path the library owns, byte for byte; None for NULL.
///
/// # Safety
/// `value` is NULL or a valid NUL-terminated string.
pub(crate) unsafe fn path_from(value: *const c_char) -> Option<PathBuf> {
    if value.is_null() {
        return None;
    }
    Some(PathBuf::from(OsString::from_vec(CStr::from_ptr(value).to_bytes().to_vec())))
}

/// The entries 0..count of a list accessor, copied by `copy`.
pub(crate) fn list<T, H>(
    handle: *const H,
    count: unsafe extern "C" fn(*const H) -> usize,
    at: unsafe extern "C" fn(*const H, usize) -> *const c_char,
    copy: unsafe fn(*const c_char) -> Option<T>,
) -> Vec<T> {
    // SAFETY: handle is a live handle of the library (or NULL, which the
    // accessors accept); the strings are copied while it lives.
    unsafe { (0..count(handle)).filter_map(|i| copy(at(handle, i))).collect() }
}

/// A handle the library allocated, freed with the library's own function
/// when dropped (venv.h: what the library allocates, the library frees).
pub(crate) struct Owned<H> {
    pointer: *mut H,
    free: unsafe extern "C" fn(*mut H),
}

impl<H> Owned<H> {
    /// Calls `make(&mut out)` and takes ownership of `out` on success.
    pub(crate) fn new(
        free: unsafe extern "C" fn(*mut H),
        make: impl FnOnce(*mut *mut H) -> std::os::raw::c_int,
    ) -> Result<Owned<H>> {
        let mut pointer: *mut H = std::ptr::null_mut();
        let code = make(&mut pointer);
        // Owned before the check, so that nothing leaks whatever the library returned.
        let owned = Owned { pointer, free };
        crate::error::check(code)?;
        Ok(owned)
    }

    pub(crate) fn get(&self) -> *const H {
        self.pointer
    }

    pub(crate) fn get_mut(&mut self) -> *mut H {
        self.pointer
    }
}

impl<H> Drop for Owned<H> {
    fn drop(&mut self) {
        // SAFETY: the pointer came from the library's constructor matching
        // `free` and is freed once; every *_free accepts NULL.
        unsafe { (self.free)(self.pointer) }
    }
}

// SAFETY: venv.h: every function may be called from any thread; a handle is
// not tied to the thread that made it. Sharing between threads is not
// claimed (Sync), only moving.
unsafe impl<H> Send for Owned<H> {}

/// A string the library allocated (venv_string_free), copied into a String.
pub(crate) fn library_string(make: impl FnOnce(*mut *mut c_char) -> std::os::raw::c_int) -> Result<String> {
    let owned = Owned::new(libvenv_sys::venv_string_free, make)?;
    // SAFETY: a successful call sets a valid NUL-terminated string.
    Ok(unsafe { string_from(owned.get()) }.unwrap_or_default())
}
