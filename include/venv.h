/*
 * venv.h - the C interface of libvenv: create Python virtual environments
 * exactly as CPython's `python -m venv` does, and resolve an environment's
 * prefixes and site-packages directories without starting Python.
 *
 * This header is the one source of truth for the ABI; the Swift code sees
 * these very declarations through Sources/CVenv.
 *
 * Conventions
 * - Functions return an int: VENV_OK (0) on success, a negative VENV_E* code
 *   on failure. After a failure, venv_error_last() describes it.
 * - Out-parameters come first. What the library allocates, the library frees
 *   (venv_info_free, venv_string_free); every *_free accepts NULL.
 * - Paths are NUL-terminated byte strings; they must be valid UTF-8 (anything
 *   else is VENV_EINVALID).
 * - Options structs start with a version and only ever grow at the end:
 *   initialise them with VENV_CREATE_OPTIONS_INIT or venv_create_options_init.
 *
 * Threading
 * - Every function may be called from any thread at any time. Creating and
 *   resolving different environments from many threads at once is safe;
 *   creating the *same* environment from two threads (or processes) at once
 *   gives one of them an error or a complete environment, never a mix.
 * - The error returned by venv_error_last() belongs to the calling thread.
 * - A venv_info may be read from several threads at once; it must not be
 *   freed while another thread reads it.
 */
#ifndef VENV_H
#define VENV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library this header describes. */
#define VENV_VERSION_MAJOR 0
#define VENV_VERSION_MINOR 1
#define VENV_VERSION_PATCH 0

/*
 * venv_version - report the version of the loaded library.
 *
 * Writes the library's major, minor and patch numbers through the given
 * pointers; any of them may be NULL. Compare with VENV_VERSION_* to detect a
 * header/library mismatch. Never fails.
 */
void venv_version(int *major, int *minor, int *patch);

/* ---------------------------------------------------------------- errors */

/* Return codes. Only failures a caller can act on have a code of their own. */
#define VENV_OK 0
#define VENV_ERROR (-1)     /* any other failure: read the message */
#define VENV_EINVALID (-2)  /* a bad argument: NULL, not UTF-8, empty, ':' in a path, conflicting options */
#define VENV_EEXISTS (-3)   /* the target exists and may not be used as it is */
#define VENV_ENOTVENV (-4)  /* a directory that should be a virtual environment is not one */
#define VENV_ENOPYTHON (-5) /* no usable base interpreter */

/* The last error of the calling thread. */
typedef struct venv_error {
    int code;            /* the VENV_E* code of the last failure, VENV_OK if none */
    const char *message; /* one line naming the path and the remedy; "" if none */
} venv_error;

/*
 * venv_error_last - describe the calling thread's last failure.
 *
 * Never returns NULL. The struct and its message belong to the library and
 * stay valid until the calling thread's next call into the library (or its
 * exit); copy the message to keep it. A successful call clears the error.
 */
const venv_error *venv_error_last(void);

/* -------------------------------------------------------------- creation */

/* How bin/python reaches the base interpreter. */
#define VENV_LINK_DEFAULT 0  /* symlinks, like venv on POSIX */
#define VENV_LINK_SYMLINKS 1
#define VENV_LINK_COPIES 2

/* Options of venv_create; every option of the swift-venv command line. */
typedef struct venv_create_options {
    unsigned int version;     /* VENV_CREATE_OPTIONS_VERSION */
    const char *python;       /* base interpreter: a path, a command on PATH or a version ("3.12"); NULL: python3 on PATH */
    int system_site_packages; /* non-zero: the base's site-packages are visible */
    int link;                 /* VENV_LINK_DEFAULT, VENV_LINK_SYMLINKS or VENV_LINK_COPIES */
    int clear;                /* non-zero: empty an existing environment first */
    int upgrade;              /* non-zero: update an existing environment, keeping its prompt */
    int with_pip;             /* non-zero: install pip (the default) */
    const char *prompt;       /* prompt name; "." is the current directory's name; NULL: the directory's name */
    int upgrade_deps;         /* non-zero: upgrade pip (and setuptools before 3.12) from PyPI */
    int scm_ignore_files;     /* non-zero: write .gitignore on 3.13+ (the default) */
    int allow_existing;       /* non-zero: use a non-empty directory that is not an environment, or reuse one */
    int force;                /* non-zero: let clear empty a directory without pyvenv.cfg */
} venv_create_options;

#define VENV_CREATE_OPTIONS_VERSION 1

/* Static initialiser with the defaults of `python -m venv`. */
#define VENV_CREATE_OPTIONS_INIT \
    { VENV_CREATE_OPTIONS_VERSION, NULL, 0, VENV_LINK_DEFAULT, 0, 0, 1, NULL, 0, 1, 0, 0 }

/*
 * venv_create_options_init - fill opts with the defaults for a version.
 *
 * version must be VENV_CREATE_OPTIONS_VERSION (or an earlier version the
 * library still knows). Returns VENV_OK, or VENV_EINVALID for a NULL opts or
 * a version of 0 or above the library's.
 */
int venv_create_options_init(venv_create_options *opts, unsigned int version);

/*
 * venv_create - create a virtual environment at env_dir.
 *
 * env_dir: the directory to create (relative paths are taken from the
 * current directory). opts: NULL for the defaults, else initialised as above.
 * Returns VENV_OK; VENV_EINVALID for a NULL, empty or non-UTF-8 env_dir, a
 * path containing ':', or bad options (including a version of 0 or above the
 * library's); VENV_EEXISTS when the target is a file, an existing
 * environment (without clear, upgrade or allow_existing) or a non-empty
 * directory; VENV_ENOTVENV when clear or upgrade meet a directory without
 * pyvenv.cfg; VENV_ENOPYTHON when no usable base interpreter is found;
 * VENV_ERROR otherwise. On failure nothing is left half-made: a new
 * environment is built aside and renamed into place.
 * May start a Python process (once per interpreter binary, then cached, and
 * for pip). Thread-safe.
 */
int venv_create(const char *env_dir, const venv_create_options *opts);

/* ------------------------------------------------------------ resolution */

/* What CPython computes for an environment or interpreter; opaque. */
typedef struct venv_info venv_info;

/*
 * venv_resolve - learn an environment's or interpreter's prefixes and site
 * paths from files alone, without starting Python.
 *
 * out: receives a new venv_info to free with venv_info_free (set to NULL on
 * failure). path: an environment directory, a python executable inside one,
 * or a base interpreter. Returns VENV_OK; VENV_EINVALID for NULL, empty or
 * non-UTF-8 arguments; VENV_ENOTVENV when path is neither an environment nor
 * an interpreter or its pyvenv.cfg is unreadable; VENV_ENOPYTHON when the
 * base interpreter cannot be found from the files; VENV_ERROR otherwise.
 */
int venv_resolve(venv_info **out, const char *path);

/*
 * Accessors. Each string is owned by info, valid until venv_info_free, and
 * NULL when absent (home and prompt may be; the others are always set for a
 * resolved info). All return NULL (or 0) for a NULL info.
 */
const char *venv_info_prefix(const venv_info *info);           /* sys.prefix */
const char *venv_info_exec_prefix(const venv_info *info);      /* sys.exec_prefix */
const char *venv_info_base_prefix(const venv_info *info);      /* sys.base_prefix */
const char *venv_info_base_exec_prefix(const venv_info *info); /* sys.base_exec_prefix */
const char *venv_info_version(const venv_info *info);          /* "X.Y.Z" */
const char *venv_info_home(const venv_info *info);             /* pyvenv.cfg's home, NULL outside a venv */
const char *venv_info_executable(const venv_info *info);       /* the python a user would run */
const char *venv_info_base_executable(const venv_info *info);  /* the base interpreter's binary */
const char *venv_info_prompt(const venv_info *info);           /* pyvenv.cfg's prompt, NULL when none */
const char *venv_info_purelib(const venv_info *info);          /* sysconfig venv scheme: purelib */
const char *venv_info_platlib(const venv_info *info);          /* sysconfig venv scheme: platlib */
const char *venv_info_scripts(const venv_info *info);          /* sysconfig venv scheme: scripts */
const char *venv_info_include(const venv_info *info);          /* sysconfig venv scheme: include */
int venv_info_is_venv(const venv_info *info);                  /* 1 for an environment, 0 for a base */
int venv_info_include_system_site_packages(const venv_info *info);
/* site.getsitepackages(), in order: the count, and entry i (NULL past the end). */
size_t venv_info_site_packages_count(const venv_info *info);
const char *venv_info_site_packages_at(const venv_info *info, size_t index);

/* venv_info_free - free an info from venv_resolve; NULL is a no-op. */
void venv_info_free(venv_info *info);

/*
 * venv_info_to_json - the info as one JSON object, with the keys of
 * `swift-venv info --json`.
 *
 * out: receives a new NUL-terminated UTF-8 string to free with
 * venv_string_free. Returns VENV_OK, or VENV_EINVALID for NULL arguments.
 */
int venv_info_to_json(char **out, const venv_info *info);

/* venv_string_free - free a string the library returned; NULL is a no-op. */
void venv_string_free(char *string);

/* ------------------------------------------------------------ activation */

/* What activating an environment does to the environment variables; opaque. */
typedef struct venv_activation venv_activation;

/*
 * venv_activation_env - the effect of sourcing ENV/bin/activate, as data, so
 * a program can start processes inside the environment without a shell.
 *
 * out: receives a new venv_activation to free with venv_activation_free (set
 * to NULL on failure). env_dir: the environment (relative paths are taken
 * from the current directory). envp: the environment to activate in, a
 * NULL-terminated array of "NAME=value" strings like environ; NULL means this
 * process's environment. Only PATH is read from it (its first definition).
 *
 * Applying the result (unset each name, then set each name/value) gives what
 * sourcing bin/activate in bash gives: VIRTUAL_ENV (the path as named, not
 * resolved), VIRTUAL_ENV_PROMPT, PATH with ENV/bin first, PYTHONHOME unset.
 * PS1 is left alone. Returns VENV_OK; VENV_EINVALID for a NULL, empty or
 * non-UTF-8 env_dir or a non-UTF-8 PATH; VENV_ENOTVENV when env_dir has no
 * pyvenv.cfg; VENV_ERROR otherwise.
 */
int venv_activation_env(venv_activation **out, const char *env_dir, const char *const *envp);

/* The variables to set, in order (VIRTUAL_ENV, VIRTUAL_ENV_PROMPT, PATH):
 * the count, and entry i's name and value (NULL past the end). Owned by the
 * activation, valid until venv_activation_free. */
size_t venv_activation_set_count(const venv_activation *activation);
const char *venv_activation_set_name(const venv_activation *activation, size_t index);
const char *venv_activation_set_value(const venv_activation *activation, size_t index);

/* The variables to remove (PYTHONHOME): the count, and entry i's name. */
size_t venv_activation_unset_count(const venv_activation *activation);
const char *venv_activation_unset_name(const venv_activation *activation, size_t index);

/* venv_activation_free - free an activation; NULL is a no-op. */
void venv_activation_free(venv_activation *activation);

/* ------------------------------------------------------------ the store */

/*
 * Many environments in one directory, kept as virtualenvwrapper keeps them:
 * $WORKON_HOME (default ~/.virtualenvs) holds one environment per directory,
 * and an environment's project is the path in its .project file.
 */

/* The environments of a store, described from files alone; opaque. */
typedef struct venv_store_entries venv_store_entries;

/*
 * venv_store_list - the environments of a store, sorted by name.
 *
 * out: receives a new list to free with venv_store_entries_free (NULL on
 * failure). workon_home: the store's directory; NULL means $WORKON_HOME, else
 * ~/.virtualenvs, as virtualenvwrapper derives it. A store that does not exist
 * is empty. Returns VENV_OK; VENV_EINVALID for a non-UTF-8 workon_home or when
 * neither WORKON_HOME nor HOME is set; VENV_ERROR otherwise. Starts no
 * process. Thread-safe.
 */
int venv_store_list(venv_store_entries **out, const char *workon_home);

/* The number of environments, and entry i's fields (NULL past the end).
 * Strings are owned by the list, valid until venv_store_entries_free. */
size_t venv_store_entries_count(const venv_store_entries *entries);
const char *venv_store_entries_name(const venv_store_entries *entries, size_t index);
const char *venv_store_entries_path(const venv_store_entries *entries, size_t index);
/* pyvenv.cfg's version ("X.Y.Z"), NULL when unreadable. */
const char *venv_store_entries_version(const venv_store_entries *entries, size_t index);
/* The project directory from .project, NULL when none. */
const char *venv_store_entries_project(const venv_store_entries *entries, size_t index);
/* Why the environment is broken (one line), NULL when it is usable. */
const char *venv_store_entries_problem(const venv_store_entries *entries, size_t index);

/*
 * venv_store_entries_to_json - the list as `swift-venv list --json` prints it.
 * out: receives a new string to free with venv_string_free. Returns VENV_OK,
 * or VENV_EINVALID for NULL arguments.
 */
int venv_store_entries_to_json(char **out, const venv_store_entries *entries);

/* venv_store_entries_free - free a list; NULL is a no-op. */
void venv_store_entries_free(venv_store_entries *entries);

/*
 * venv_remove - remove the environment at env_dir, with --clear's
 * guarantees: only a directory (not a symbolic link) holding a pyvenv.cfg;
 * links inside are removed as links, never followed; no other file system
 * is entered; pyvenv.cfg goes last; / and the home directory are refused.
 * Returns VENV_OK; VENV_EINVALID for NULL, empty or non-UTF-8 env_dir, a
 * link, / or home; VENV_ENOTVENV for a missing path or one without
 * pyvenv.cfg; VENV_ERROR otherwise. Thread-safe.
 */
int venv_remove(const char *env_dir);

/* Options of venv_copy and venv_move. */
typedef struct venv_relocate_options {
    unsigned int version; /* VENV_RELOCATE_OPTIONS_VERSION */
    int replace;          /* non-zero: replace an environment already at dst (never another directory) */
} venv_relocate_options;

#define VENV_RELOCATE_OPTIONS_VERSION 1
#define VENV_RELOCATE_OPTIONS_INIT { VENV_RELOCATE_OPTIONS_VERSION, 0 }

/* venv_relocate_options_init - fill opts with the defaults for a version;
 * VENV_OK, or VENV_EINVALID for NULL or an unknown version. */
int venv_relocate_options_init(venv_relocate_options *opts, unsigned int version);

/*
 * venv_copy - copy the environment at src to dst, rewriting everything that
 * names src (console scripts' shebangs, activation scripts, pyvenv.cfg's
 * command and prompt, .pth, .egg-link and direct_url.json files, inner
 * symbolic links, and the RECORD rows of the files rewritten). The copy is
 * built beside dst and renamed into place: dst appears whole or not at all;
 * src is only read.
 *
 * venv_move - the same, moving: on one file system src is renamed, then
 * rewritten, with a journal beside dst (.NAME.swift-venv-move) so that an
 * interrupted move is finished by calling venv_move again with the same
 * arguments; across file systems it copies, compares, then removes src.
 *
 * opts: NULL for the defaults. Returns VENV_OK; VENV_EINVALID for NULL,
 * empty or non-UTF-8 paths, dst inside src, or a dst the activation scripts
 * cannot name; VENV_ENOTVENV when src is not an environment; VENV_EEXISTS
 * when dst exists (and is not an environment to replace); VENV_ERROR
 * otherwise. Starts no process.
 */
int venv_copy(const char *src, const char *dst, const venv_relocate_options *opts);
int venv_move(const char *src, const char *dst, const venv_relocate_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* VENV_H */
