//! What is wrong with an environment, why, and the command that mends it,
//! read from files alone (`venv_doctor`).
use std::path::{Path, PathBuf};

use libvenv_sys as sys;

use crate::error::Result;
use crate::raw::{c_string, library_string, path_from, string_from, Owned};

/// Options of [`doctor`] (`venv_doctor_options`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoctorOptions {
    /// When the base is gone or of another minor version, list the
    /// interpreters that could replace it (find's discovery, done once).
    pub list_replacements: bool,
}

impl Default for DoctorOptions {
    fn default() -> Self {
        DoctorOptions { list_replacements: true }
    }
}

/// One problem: a code ("base-missing", ...: docs/doctor.md), the file
/// concerned, the cause, and the command that mends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: String,
    pub path: PathBuf,
    pub cause: String,
    pub remedy: String,
}

/// An interpreter that could replace a base that is gone or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub version: String,
    pub executable: PathBuf,
}

/// One environment's diagnosis (`venv_diagnosis`), copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub environment: PathBuf,
    /// pyvenv.cfg's version and home.
    pub version: Option<String>,
    pub home: Option<PathBuf>,
    /// The base's version now, read from its files, and its real binary.
    pub base_version: Option<String>,
    pub base_executable: Option<PathBuf>,
    /// Every problem found, in order; empty when healthy.
    pub problems: Vec<Problem>,
    /// Same minor version first, newest first.
    pub replacements: Vec<Replacement>,
}

impl Diagnosis {
    pub fn is_healthy(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems' codes, each once, in the order found.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::new();
        for problem in &self.problems {
            if !codes.contains(&problem.code.as_str()) {
                codes.push(&problem.code);
            }
        }
        codes
    }
}

fn doctor_raw(env_dir: &Path, options: &DoctorOptions) -> Result<Owned<sys::venv_diagnosis>> {
    let env_dir = c_string(env_dir.as_os_str(), "env_dir")?;
    let opts = sys::venv_doctor_options {
        list_replacements: options.list_replacements as i32,
        ..sys::VENV_DOCTOR_OPTIONS_INIT
    };
    // SAFETY: out, env_dir and opts are valid for the call.
    Owned::new(sys::venv_diagnosis_free, |out| unsafe { sys::venv_doctor(out, env_dir.as_ptr(), &opts) })
}

/// Diagnoses the environment at `env_dir`: `venv_doctor`. A diagnosis with
/// problems is Ok; an `env_dir` that is not an environment is `NotVenv`.
pub fn doctor(env_dir: impl AsRef<Path>, options: &DoctorOptions) -> Result<Diagnosis> {
    let handle = doctor_raw(env_dir.as_ref(), options)?;
    let d = handle.get();
    // SAFETY: d is live while handle is; every string is copied.
    unsafe {
        let problems = (0..sys::venv_diagnosis_problem_count(d))
            .map(|i| Problem {
                code: string_from(sys::venv_diagnosis_problem_code(d, i)).unwrap_or_default(),
                path: path_from(sys::venv_diagnosis_problem_path(d, i)).unwrap_or_default(),
                cause: string_from(sys::venv_diagnosis_problem_cause(d, i)).unwrap_or_default(),
                remedy: string_from(sys::venv_diagnosis_problem_remedy(d, i)).unwrap_or_default(),
            })
            .collect();
        let replacements = (0..sys::venv_diagnosis_replacement_count(d))
            .map(|i| Replacement {
                version: string_from(sys::venv_diagnosis_replacement_version(d, i)).unwrap_or_default(),
                executable: path_from(sys::venv_diagnosis_replacement_executable(d, i)).unwrap_or_default(),
            })
            .collect();
        Ok(Diagnosis {
            environment: path_from(sys::venv_diagnosis_environment(d)).unwrap_or_default(),
            version: string_from(sys::venv_diagnosis_version(d)),
            home: path_from(sys::venv_diagnosis_home(d)),
            base_version: string_from(sys::venv_diagnosis_base_version(d)),
            base_executable: path_from(sys::venv_diagnosis_base_executable(d)),
            problems,
            replacements,
        })
    }
}

/// The diagnosis as one line of `swift-venv doctor --json`.
pub fn doctor_json(env_dir: impl AsRef<Path>, options: &DoctorOptions) -> Result<String> {
    let handle = doctor_raw(env_dir.as_ref(), options)?;
    // SAFETY: handle is live for the call.
    library_string(|out| unsafe { sys::venv_diagnosis_to_json(out, handle.get()) })
}
