//! Raw declarations of libvenv's C ABI, written by hand from
//! `include/venv.h` (the one source of truth: every function, struct,
//! constant and code there, in its order, with its names).
//! `tests/header.rs` checks each prototype against the header and
//! `tests/layout.rs` each struct's size, offsets and initialiser, and each
//! constant's value, against what a C compiler makes of the header.
//!
//! Everything here is `unsafe` to call and follows venv.h's contracts:
//! out-parameters first, what the library allocates the library frees, the
//! error of `venv_error_last` belongs to the calling thread. The safe API is
//! the `libvenv` crate.
#![allow(non_camel_case_types)]
#![no_std]

use core::ffi::{c_char, c_int, c_uint, c_void};

/// An opaque type of the library, known only through pointers (the
/// nomicon's pattern: unsized-like, neither Send, Sync nor Unpin).
macro_rules! opaque {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[repr(C)]
        pub struct $name {
            _opaque: [u8; 0],
            _not_send_sync: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
        }
    };
}

/// The version of the library this crate declares (`VENV_VERSION_*`).
pub const VENV_VERSION_MAJOR: c_int = 0;
pub const VENV_VERSION_MINOR: c_int = 5;
pub const VENV_VERSION_PATCH: c_int = 0;

// ------------------------------------------------------------------ errors

pub const VENV_OK: c_int = 0;
/// Any other failure: read the message.
pub const VENV_ERROR: c_int = -1;
/// A bad argument: NULL, not UTF-8, empty, ':' in a path, conflicting options.
pub const VENV_EINVALID: c_int = -2;
/// The target exists and may not be used as it is.
pub const VENV_EEXISTS: c_int = -3;
/// A directory that should be a virtual environment is not one.
pub const VENV_ENOTVENV: c_int = -4;
/// No usable base interpreter.
pub const VENV_ENOPYTHON: c_int = -5;

/// The last error of the calling thread (owned by the library).
#[repr(C)]
#[derive(Debug)]
pub struct venv_error {
    pub code: c_int,
    pub message: *const c_char,
    /// Appended in 0.2.
    pub sys_errno: c_int,
    pub path: *const c_char,
}

// ---------------------------------------------------------------- creation

pub const VENV_LINK_DEFAULT: c_int = 0;
pub const VENV_LINK_SYMLINKS: c_int = 1;
pub const VENV_LINK_COPIES: c_int = 2;

/// Options of `venv_create`; start from [`VENV_CREATE_OPTIONS_INIT`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_create_options {
    pub version: c_uint,
    pub python: *const c_char,
    pub system_site_packages: c_int,
    pub link: c_int,
    pub clear: c_int,
    pub upgrade: c_int,
    pub with_pip: c_int,
    pub prompt: *const c_char,
    pub upgrade_deps: c_int,
    pub scm_ignore_files: c_int,
    pub allow_existing: c_int,
    pub force: c_int,
    /// Version 2.
    pub command: *const c_char,
    pub prompt_literal: *const c_char,
    /// Version 3.
    pub relocatable: c_int,
    /// Version 4.
    pub scripts: c_int,
}

pub const VENV_CREATE_OPTIONS_VERSION: c_uint = 4;

/// `VENV_CREATE_OPTIONS_INIT`: the defaults of `python -m venv`.
pub const VENV_CREATE_OPTIONS_INIT: venv_create_options = venv_create_options {
    version: VENV_CREATE_OPTIONS_VERSION,
    python: core::ptr::null(),
    system_site_packages: 0,
    link: VENV_LINK_DEFAULT,
    clear: 0,
    upgrade: 0,
    with_pip: 1,
    prompt: core::ptr::null(),
    upgrade_deps: 0,
    scm_ignore_files: 1,
    allow_existing: 0,
    force: 0,
    command: core::ptr::null(),
    prompt_literal: core::ptr::null(),
    relocatable: 0,
    scripts: 1,
};

// -------------------------------------------------------------- resolution

opaque! {
    /// What CPython computes for an environment or interpreter; opaque.
    venv_info
}

// ------------------------------------------------------------- activation

opaque! {
    /// What activating an environment does to the environment variables; opaque.
    venv_activation
}

// ------------------------------------------------------------------- find

opaque! {
    /// One Python found; opaque.
    venv_python
}

/// Options of `venv_find` and `venv_find_python`; start from [`VENV_FIND_OPTIONS_INIT`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_find_options {
    pub version: c_uint,
    pub workspaces: *const *const c_char,
    pub workspaces_count: usize,
    pub search_paths: *const *const c_char,
    pub search_paths_count: usize,
}

pub const VENV_FIND_OPTIONS_VERSION: c_uint = 1;

/// `VENV_FIND_OPTIONS_INIT`: no workspace, no search path.
pub const VENV_FIND_OPTIONS_INIT: venv_find_options = venv_find_options {
    version: VENV_FIND_OPTIONS_VERSION,
    workspaces: core::ptr::null(),
    workspaces_count: 0,
    search_paths: core::ptr::null(),
    search_paths_count: 0,
};

/// Called once per Python found, on the thread that called `venv_find`;
/// non-zero stops the search. It must not unwind.
pub type venv_find_cb = Option<unsafe extern "C" fn(python: *const venv_python, payload: *mut c_void) -> c_int>;

// ----------------------------------------------------------- builder steps

opaque! {
    /// One environment being built step by step; opaque.
    venv_builder
}

// ---------------------------------------------------------------- packages

opaque! {
    /// The distributions installed in an environment; opaque.
    venv_packages
}

/// Options of `venv_packages_freeze`: pip freeze's; start from [`VENV_FREEZE_OPTIONS_INIT`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_freeze_options {
    pub version: c_uint,
    pub all: c_int,
    pub exclude_editable: c_int,
    pub local: c_int,
    pub user: c_int,
    /// NULL-terminated list of project names, or NULL.
    pub exclude: *const *const c_char,
}

pub const VENV_FREEZE_OPTIONS_VERSION: c_uint = 1;

/// `VENV_FREEZE_OPTIONS_INIT`: pip freeze's defaults.
pub const VENV_FREEZE_OPTIONS_INIT: venv_freeze_options = venv_freeze_options {
    version: VENV_FREEZE_OPTIONS_VERSION,
    all: 0,
    exclude_editable: 0,
    local: 0,
    user: 0,
    exclude: core::ptr::null(),
};

// --------------------------------------------------------------- the store

opaque! {
    /// The environments of a store; opaque.
    venv_store_entries
}

/// Options of `venv_copy` and `venv_move`; start from [`VENV_RELOCATE_OPTIONS_INIT`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_relocate_options {
    pub version: c_uint,
    pub replace: c_int,
}

pub const VENV_RELOCATE_OPTIONS_VERSION: c_uint = 1;

/// `VENV_RELOCATE_OPTIONS_INIT`.
pub const VENV_RELOCATE_OPTIONS_INIT: venv_relocate_options =
    venv_relocate_options { version: VENV_RELOCATE_OPTIONS_VERSION, replace: 0 };

// ------------------------------------------------------------------ doctor

opaque! {
    /// One environment's diagnosis; opaque.
    venv_diagnosis
}

/// Options of `venv_doctor`; start from [`VENV_DOCTOR_OPTIONS_INIT`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_doctor_options {
    pub version: c_uint,
    pub list_replacements: c_int,
}

pub const VENV_DOCTOR_OPTIONS_VERSION: c_uint = 1;

/// `VENV_DOCTOR_OPTIONS_INIT`: replacements listed.
pub const VENV_DOCTOR_OPTIONS_INIT: venv_doctor_options =
    venv_doctor_options { version: VENV_DOCTOR_OPTIONS_VERSION, list_replacements: 1 };

// ------------------------------------------- repair and rebuild (0.5)

/// Options of `venv_repair`; start from [`VENV_REPAIR_OPTIONS_INIT`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_repair_options {
    pub version: c_uint,
    pub python: *const c_char,
}

pub const VENV_REPAIR_OPTIONS_VERSION: c_uint = 1;

/// `VENV_REPAIR_OPTIONS_INIT`.
pub const VENV_REPAIR_OPTIONS_INIT: venv_repair_options =
    venv_repair_options { version: VENV_REPAIR_OPTIONS_VERSION, python: core::ptr::null() };

/// Options of `venv_rebuild`; start from [`VENV_REBUILD_OPTIONS_INIT`] and set `python`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct venv_rebuild_options {
    pub version: c_uint,
    pub python: *const c_char,
    pub find_links: *const *const c_char,
    pub find_links_count: usize,
    pub no_index: c_int,
    pub prune: c_int,
}

pub const VENV_REBUILD_OPTIONS_VERSION: c_uint = 1;

/// `VENV_REBUILD_OPTIONS_INIT`.
pub const VENV_REBUILD_OPTIONS_INIT: venv_rebuild_options = venv_rebuild_options {
    version: VENV_REBUILD_OPTIONS_VERSION,
    python: core::ptr::null(),
    find_links: core::ptr::null(),
    find_links_count: 0,
    no_index: 0,
    prune: 0,
};

extern "C" {
    pub fn venv_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int);

    // errors
    pub fn venv_error_last() -> *const venv_error;

    // creation
    pub fn venv_create_options_init(opts: *mut venv_create_options, version: c_uint) -> c_int;
    pub fn venv_create(env_dir: *const c_char, opts: *const venv_create_options) -> c_int;

    // resolution
    pub fn venv_resolve(out: *mut *mut venv_info, path: *const c_char) -> c_int;
    pub fn venv_info_prefix(info: *const venv_info) -> *const c_char;
    pub fn venv_info_exec_prefix(info: *const venv_info) -> *const c_char;
    pub fn venv_info_base_prefix(info: *const venv_info) -> *const c_char;
    pub fn venv_info_base_exec_prefix(info: *const venv_info) -> *const c_char;
    pub fn venv_info_version(info: *const venv_info) -> *const c_char;
    pub fn venv_info_home(info: *const venv_info) -> *const c_char;
    pub fn venv_info_executable(info: *const venv_info) -> *const c_char;
    pub fn venv_info_base_executable(info: *const venv_info) -> *const c_char;
    pub fn venv_info_prompt(info: *const venv_info) -> *const c_char;
    pub fn venv_info_purelib(info: *const venv_info) -> *const c_char;
    pub fn venv_info_platlib(info: *const venv_info) -> *const c_char;
    pub fn venv_info_scripts(info: *const venv_info) -> *const c_char;
    pub fn venv_info_include(info: *const venv_info) -> *const c_char;
    pub fn venv_info_is_venv(info: *const venv_info) -> c_int;
    pub fn venv_info_include_system_site_packages(info: *const venv_info) -> c_int;
    pub fn venv_info_site_packages_count(info: *const venv_info) -> usize;
    pub fn venv_info_site_packages_at(info: *const venv_info, index: usize) -> *const c_char;
    pub fn venv_info_free(info: *mut venv_info);
    pub fn venv_info_to_json(out: *mut *mut c_char, info: *const venv_info) -> c_int;
    pub fn venv_string_free(string: *mut c_char);

    // activation
    pub fn venv_activation_env(
        out: *mut *mut venv_activation,
        env_dir: *const c_char,
        envp: *const *const c_char,
    ) -> c_int;
    pub fn venv_activation_set_count(activation: *const venv_activation) -> usize;
    pub fn venv_activation_set_name(activation: *const venv_activation, index: usize) -> *const c_char;
    pub fn venv_activation_set_value(activation: *const venv_activation, index: usize) -> *const c_char;
    pub fn venv_activation_unset_count(activation: *const venv_activation) -> usize;
    pub fn venv_activation_unset_name(activation: *const venv_activation, index: usize) -> *const c_char;
    pub fn venv_activation_free(activation: *mut venv_activation);

    // find
    pub fn venv_find_options_init(opts: *mut venv_find_options, version: c_uint) -> c_int;
    pub fn venv_find(callback: venv_find_cb, payload: *mut c_void, opts: *const venv_find_options) -> c_int;
    pub fn venv_find_python(out: *mut *mut venv_python, spec: *const c_char, opts: *const venv_find_options) -> c_int;
    pub fn venv_python_free(python: *mut venv_python);
    pub fn venv_python_kind(python: *const venv_python) -> *const c_char;
    pub fn venv_python_executable(python: *const venv_python) -> *const c_char;
    pub fn venv_python_prefix(python: *const venv_python) -> *const c_char;
    pub fn venv_python_base_prefix(python: *const venv_python) -> *const c_char;
    pub fn venv_python_version(python: *const venv_python) -> *const c_char;
    pub fn venv_python_implementation(python: *const venv_python) -> *const c_char;
    pub fn venv_python_manager(python: *const venv_python) -> *const c_char;
    pub fn venv_python_creator(python: *const venv_python) -> *const c_char;
    pub fn venv_python_name(python: *const venv_python) -> *const c_char;
    pub fn venv_python_project(python: *const venv_python) -> *const c_char;
    pub fn venv_python_error(python: *const venv_python) -> *const c_char;
    pub fn venv_python_unsupported(python: *const venv_python) -> *const c_char;
    pub fn venv_python_site_packages_count(python: *const venv_python) -> usize;
    pub fn venv_python_site_packages_at(python: *const venv_python, index: usize) -> *const c_char;
    pub fn venv_python_sources_count(python: *const venv_python) -> usize;
    pub fn venv_python_sources_at(python: *const venv_python, index: usize) -> *const c_char;
    pub fn venv_python_symlinks_count(python: *const venv_python) -> usize;
    pub fn venv_python_symlinks_at(python: *const venv_python, index: usize) -> *const c_char;
    pub fn venv_python_to_json(out: *mut *mut c_char, python: *const venv_python) -> c_int;

    // builder steps
    pub fn venv_builder_ensure_directories(
        out: *mut *mut venv_builder,
        env_dir: *const c_char,
        opts: *const venv_create_options,
    ) -> c_int;
    pub fn venv_builder_env_dir(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_prompt(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_bin_name(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_bin_path(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_lib_path(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_include_path(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_executable(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_env_executable(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_version(builder: *const venv_builder) -> *const c_char;
    pub fn venv_builder_create_git_ignore_file(builder: *mut venv_builder) -> c_int;
    pub fn venv_builder_create_configuration(
        builder: *mut venv_builder,
        system_site_packages: c_int,
        command: *const c_char,
        prompt_literal: *const c_char,
    ) -> c_int;
    pub fn venv_builder_setup_python(builder: *mut venv_builder) -> c_int;
    pub fn venv_builder_setup_pip(builder: *mut venv_builder) -> c_int;
    pub fn venv_builder_setup_scripts(builder: *mut venv_builder) -> c_int;
    pub fn venv_builder_upgrade_dependencies(builder: *mut venv_builder) -> c_int;
    pub fn venv_builder_free(builder: *mut venv_builder);

    // packages
    pub fn venv_packages_read(out: *mut *mut venv_packages, path: *const c_char) -> c_int;
    pub fn venv_packages_count(packages: *const venv_packages) -> usize;
    pub fn venv_packages_name(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_version(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_normalized_name(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_location(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_installer(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_requested(packages: *const venv_packages, index: usize) -> c_int;
    pub fn venv_packages_editable(packages: *const venv_packages, index: usize) -> c_int;
    pub fn venv_packages_editable_project_location(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_direct_url(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_note_count(packages: *const venv_packages) -> usize;
    pub fn venv_packages_note_at(packages: *const venv_packages, index: usize) -> *const c_char;
    pub fn venv_packages_free(packages: *mut venv_packages);
    pub fn venv_packages_to_json(out: *mut *mut c_char, packages: *const venv_packages) -> c_int;
    pub fn venv_freeze_options_init(opts: *mut venv_freeze_options, version: c_uint) -> c_int;
    pub fn venv_packages_freeze(
        out: *mut *mut c_char,
        packages: *const venv_packages,
        opts: *const venv_freeze_options,
    ) -> c_int;

    // wheels
    pub fn venv_install_wheels(env_dir: *const c_char, wheels: *const *const c_char, count: usize) -> c_int;

    // the store
    pub fn venv_store_list(out: *mut *mut venv_store_entries, workon_home: *const c_char) -> c_int;
    pub fn venv_store_entries_count(entries: *const venv_store_entries) -> usize;
    pub fn venv_store_entries_name(entries: *const venv_store_entries, index: usize) -> *const c_char;
    pub fn venv_store_entries_path(entries: *const venv_store_entries, index: usize) -> *const c_char;
    pub fn venv_store_entries_version(entries: *const venv_store_entries, index: usize) -> *const c_char;
    pub fn venv_store_entries_project(entries: *const venv_store_entries, index: usize) -> *const c_char;
    pub fn venv_store_entries_problem(entries: *const venv_store_entries, index: usize) -> *const c_char;
    pub fn venv_store_entries_to_json(out: *mut *mut c_char, entries: *const venv_store_entries) -> c_int;
    pub fn venv_store_entries_free(entries: *mut venv_store_entries);
    pub fn venv_remove(env_dir: *const c_char) -> c_int;
    pub fn venv_relocate_options_init(opts: *mut venv_relocate_options, version: c_uint) -> c_int;
    pub fn venv_copy(src: *const c_char, dst: *const c_char, opts: *const venv_relocate_options) -> c_int;
    pub fn venv_move(src: *const c_char, dst: *const c_char, opts: *const venv_relocate_options) -> c_int;

    // doctor
    pub fn venv_doctor_options_init(opts: *mut venv_doctor_options, version: c_uint) -> c_int;
    pub fn venv_doctor(out: *mut *mut venv_diagnosis, env_dir: *const c_char, opts: *const venv_doctor_options) -> c_int;
    pub fn venv_diagnosis_free(diagnosis: *mut venv_diagnosis);
    pub fn venv_diagnosis_healthy(diagnosis: *const venv_diagnosis) -> c_int;
    pub fn venv_diagnosis_environment(diagnosis: *const venv_diagnosis) -> *const c_char;
    pub fn venv_diagnosis_version(diagnosis: *const venv_diagnosis) -> *const c_char;
    pub fn venv_diagnosis_home(diagnosis: *const venv_diagnosis) -> *const c_char;
    pub fn venv_diagnosis_base_version(diagnosis: *const venv_diagnosis) -> *const c_char;
    pub fn venv_diagnosis_base_executable(diagnosis: *const venv_diagnosis) -> *const c_char;
    pub fn venv_diagnosis_problem_count(diagnosis: *const venv_diagnosis) -> usize;
    pub fn venv_diagnosis_problem_code(diagnosis: *const venv_diagnosis, index: usize) -> *const c_char;
    pub fn venv_diagnosis_problem_path(diagnosis: *const venv_diagnosis, index: usize) -> *const c_char;
    pub fn venv_diagnosis_problem_cause(diagnosis: *const venv_diagnosis, index: usize) -> *const c_char;
    pub fn venv_diagnosis_problem_remedy(diagnosis: *const venv_diagnosis, index: usize) -> *const c_char;
    pub fn venv_diagnosis_replacement_count(diagnosis: *const venv_diagnosis) -> usize;
    pub fn venv_diagnosis_replacement_version(diagnosis: *const venv_diagnosis, index: usize) -> *const c_char;
    pub fn venv_diagnosis_replacement_executable(diagnosis: *const venv_diagnosis, index: usize) -> *const c_char;
    pub fn venv_diagnosis_to_json(out: *mut *mut c_char, diagnosis: *const venv_diagnosis) -> c_int;
    pub fn venv_python_problems_count(python: *const venv_python) -> usize;
    pub fn venv_python_problems_at(python: *const venv_python, index: usize) -> *const c_char;

    // repair and rebuild
    pub fn venv_repair_options_init(opts: *mut venv_repair_options, version: c_uint) -> c_int;
    pub fn venv_repair(replaced: *mut usize, env_dir: *const c_char, opts: *const venv_repair_options) -> c_int;
    pub fn venv_rebuild_options_init(opts: *mut venv_rebuild_options, version: c_uint) -> c_int;
    pub fn venv_rebuild(env_dir: *const c_char, opts: *const venv_rebuild_options) -> c_int;
}
