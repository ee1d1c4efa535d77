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
#define VENV_VERSION_MINOR 5
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
    /* Appended in 0.2 (the library owns the struct, so older callers, which
     * read only the fields above, are unaffected): */
    int sys_errno;       /* the errno of the system call that failed, 0 if none did */
    const char *path;    /* the path the failure concerns, NULL if none */
} venv_error;

/*
 * venv_error_last - describe the calling thread's last failure.
 *
 * Never returns NULL. The struct, its message and path belong to the library
 * and stay valid until the calling thread's next call into the library (or
 * its exit); copy them to keep them. A successful call clears the error
 * (code VENV_OK, message "", sys_errno 0, path NULL).
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
    /* Version 2: */
    const char *command;        /* pyvenv.cfg's `command` value (3.11+) as written, for front ends whose own
                                   command line recreates the environment; NULL: swift-venv's own */
    const char *prompt_literal; /* pyvenv.cfg's `prompt` value as written (venv 3.8-3.12 writes repr(prompt),
                                   `True` for prompt=True); NULL: the repr of the prompt */
    /* Version 3: */
    int relocatable;            /* non-zero: activation and console scripts find the environment from where
                                   they are, so it can be moved by hand; pyvenv.cfg says relocatable = true */
    /* Version 4: */
    int scripts;                /* non-zero: write the activation scripts (the default). 0, for callers that
                                   write their own: only venv's own path rules apply (':' and the system's
                                   limits; not our refusals of '%', control characters and the like, which
                                   keep the scripts safe), and a non-empty directory that is not an
                                   environment is used as venv uses it: the environment is made among its
                                   files, and a file or link in the environment's way is replaced */
} venv_create_options;

/*
 * The version of venv_create_options this header describes. The library
 * reads a caller's struct only up to the fields of the version the caller
 * put in its `version` field, so a program built against an older header is
 * never read past the end of its struct; fields it lacks take their defaults.
 */
#define VENV_CREATE_OPTIONS_VERSION 4

/* Static initialiser with the defaults of `python -m venv`. */
#define VENV_CREATE_OPTIONS_INIT \
    { VENV_CREATE_OPTIONS_VERSION, NULL, 0, VENV_LINK_DEFAULT, 0, 0, 1, NULL, 0, 1, 0, 0, NULL, NULL, 0, 1 }

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
 * library's, or force without clear); VENV_EEXISTS when the target is a
 * file, a non-empty directory that is not an environment (without
 * allow_existing), or holds a file in the environment's way; VENV_ENOTVENV
 * when clear or upgrade meet a directory without pyvenv.cfg; VENV_ENOPYTHON
 * when no usable base interpreter is found; VENV_ERROR otherwise. An existing
 * environment is updated in place, as `python -m venv` does. On failure
 * nothing of the caller's is removed or changed (beyond what clear empties
 * and what an update or upgrade of an existing environment rewrites) and no
 * half environment is left: a new one is built aside and put in place last,
 * and taken back if a later step (ensurepip, upgrade_deps) fails. The
 * policy table in docs/creation.md says exactly what is left after each
 * failure.
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

/* ------------------------------------------------------------------ find */

/*
 * Every Python interpreter and environment on the machine, found in the
 * places each tool keeps them (PATH, /usr/bin and /usr/local/bin, pyenv and
 * pyenv-virtualenv, uv, $VIRTUAL_ENV, $WORKON_HOME, pipenv, poetry, hatch,
 * pipx, ~/.venvs, conda, and the workspaces and search paths given) and
 * resolved from files without starting Python: one venv_python per Python,
 * however many paths reach it. The environment variables read are this
 * process's (HOME, PATH, PYENV_ROOT, WORKON_HOME, XDG_*, ...).
 */

/* One Python found; opaque. */
typedef struct venv_python venv_python;

typedef struct venv_find_options {
    unsigned int version;              /* VENV_FIND_OPTIONS_VERSION */
    const char *const *workspaces;     /* project directories (their .venv, venv, env, ...) */
    size_t workspaces_count;
    const char *const *search_paths;   /* directories whose children are environments */
    size_t search_paths_count;
} venv_find_options;

#define VENV_FIND_OPTIONS_VERSION 1

#define VENV_FIND_OPTIONS_INIT { VENV_FIND_OPTIONS_VERSION, NULL, 0, NULL, 0 }

/* venv_find_options_init - fill opts with the defaults (no workspace, no
 * search path) for the given version. VENV_EINVALID for NULL or an unknown
 * version. */
int venv_find_options_init(venv_find_options *opts, unsigned int version);

/*
 * venv_find_cb - called once per Python found, on the thread that called
 * venv_find, as soon as that Python is resolved. python is owned by the
 * library and valid only until the callback returns (copy what you keep, or
 * use venv_python_to_json). Return 0 to go on; any other value stops the
 * search, and venv_find returns that value.
 */
typedef int (*venv_find_cb)(const venv_python *python, void *payload);

/*
 * venv_find - find every Python, calling callback for each. opts may be NULL
 * (defaults). Returns VENV_OK, the callback's non-zero value if it stopped
 * the search, VENV_EINVALID for a NULL callback, a bad options version or a
 * NULL or non-UTF-8 path in opts. Unreadable directories are passed over;
 * a broken Python is reported with venv_python_error set, never skipped.
 * Safe to call from several threads at once.
 */
int venv_find(venv_find_cb callback, void *payload, const venv_find_options *opts);

/*
 * venv_find_python - the one Python spec means, as `swift-venv --python SPEC`
 * takes it: a version prefix ("3.12"), a PEP 440 specifier (">=3.10,<3.13"),
 * a path, a command name searched on PATH, or NULL for pyenv's choice
 * (PYENV_VERSION, .python-version from the current directory up,
 * $PYENV_ROOT/version), else python3 on PATH. out receives a new venv_python
 * to free with venv_python_free (NULL on failure). Returns VENV_OK,
 * VENV_EINVALID for a bad argument, VENV_ENOPYTHON when nothing matches (the
 * message says what was looked for and what exists).
 */
int venv_find_python(venv_python **out, const char *spec, const venv_find_options *opts);

/* venv_python_free - free a venv_python from venv_find_python; NULL is a
 * no-op. Never free the one a venv_find callback receives. */
void venv_python_free(venv_python *python);

/* Accessors. Strings are owned by python and valid as long as it is; NULL
 * where the value is null (JSON's null in venv_python_to_json). */
const char *venv_python_kind(const venv_python *python);           /* "interpreter" or "environment" */
const char *venv_python_executable(const venv_python *python);     /* the python a user would run */
const char *venv_python_prefix(const venv_python *python);         /* sys.prefix */
const char *venv_python_base_prefix(const venv_python *python);    /* sys.base_prefix */
const char *venv_python_version(const venv_python *python);        /* "X.Y.Z" */
const char *venv_python_implementation(const venv_python *python); /* "cpython", "pypy", ... */
const char *venv_python_manager(const venv_python *python);        /* "pyenv", "virtualenvwrapper", ... */
const char *venv_python_creator(const venv_python *python);        /* "venv", "virtualenv", "uv", "swift-venv", "conda" */
const char *venv_python_name(const venv_python *python);           /* as its manager names it */
const char *venv_python_project(const venv_python *python);        /* the project it belongs to */
const char *venv_python_error(const venv_python *python);          /* why it is broken, NULL when it is not */
const char *venv_python_unsupported(const venv_python *python);    /* why creation does not take it (older than 3.8), NULL when it does */

/* Lists: site.getsitepackages(), where it was found ("path", "pyenv", ...),
 * and the other paths that reach it. Entry i, NULL past the end. */
size_t venv_python_site_packages_count(const venv_python *python);
const char *venv_python_site_packages_at(const venv_python *python, size_t index);
size_t venv_python_sources_count(const venv_python *python);
const char *venv_python_sources_at(const venv_python *python, size_t index);
size_t venv_python_symlinks_count(const venv_python *python);
const char *venv_python_symlinks_at(const venv_python *python, size_t index);

/* venv_python_to_json - the record as one line of `swift-venv find --json
 * --problems` (its problem codes computed, as venv_python_problems_count
 * computes them), a new string to free with venv_string_free. */
int venv_python_to_json(char **out, const venv_python *python);
/* ------------------------------------------------------- builder steps */

/*
 * CPython's venv.EnvBuilder creates an environment in named steps that a
 * subclass may override or add to. These functions run libvenv's steps one
 * at a time, so a caller can run code of its own between them (libvenv's
 * Python EnvBuilder uses them when a subclass overrides a step). venv_create
 * runs the same steps in one call, and builds a new environment aside; the
 * steps build in place, as venv does, so a failed step leaves what the
 * earlier ones made.
 *
 * venv's order: ensure_directories, (3.13: SCM ignore files), configuration
 * with system_site_packages 0, python, pip (when wanted), scripts (unless
 * upgrading), configuration again when system site packages are wanted,
 * upgrade_dependencies (when wanted).
 */

/* One environment being built step by step; opaque. */
typedef struct venv_builder venv_builder;

/*
 * venv_builder_ensure_directories - start building env_dir: check the
 * options and the target, find the base interpreter, empty the target when
 * opts->clear is set, and make bin/, include/, lib/pythonX.Y/site-packages
 * and lib64 (not .gitignore: see venv_builder_create_git_ignore_file).
 *
 * out: receives a new builder to free with venv_builder_free (NULL on
 * failure). env_dir and opts as for venv_create (opts NULL: defaults).
 * Returns VENV_OK or the codes of venv_create.
 */
int venv_builder_ensure_directories(venv_builder **out, const char *env_dir, const venv_create_options *opts);

/*
 * What the steps use, as venv's context holds it. Each string is owned by
 * builder, valid until venv_builder_free; NULL for a NULL builder.
 */
const char *venv_builder_env_dir(const venv_builder *builder);        /* absolute, as named (not resolved) */
const char *venv_builder_prompt(const venv_builder *builder);         /* the prompt's bare name */
const char *venv_builder_bin_name(const venv_builder *builder);       /* "bin" */
const char *venv_builder_bin_path(const venv_builder *builder);       /* ENV/bin */
const char *venv_builder_lib_path(const venv_builder *builder);       /* ENV/lib/pythonX.Y/site-packages */
const char *venv_builder_include_path(const venv_builder *builder);   /* ENV/include or ENV/include/pythonX.Y */
const char *venv_builder_executable(const venv_builder *builder);     /* the base interpreter, as found */
const char *venv_builder_env_executable(const venv_builder *builder); /* ENV/bin/<the base's name> */
const char *venv_builder_version(const venv_builder *builder);        /* the base's "X.Y.Z" */

/*
 * venv_builder_create_git_ignore_file - write .gitignore ("*") as venv 3.13
 * does; nothing for an older base, whose venv writes none.
 */
int venv_builder_create_git_ignore_file(venv_builder *builder);

/*
 * venv_builder_create_configuration - write pyvenv.cfg with the keys, order
 * and form of the base's venv. system_site_packages: the value of
 * include-system-site-packages. command: the value of the `command` line
 * (3.11+ bases), NULL for swift-venv's own; prompt_literal: the value of
 * the `prompt` line as written (a Python literal), NULL for the repr of
 * opts->prompt. The lines are written only where venv writes them.
 */
int venv_builder_create_configuration(venv_builder *builder, int system_site_packages,
                                      const char *command, const char *prompt_literal);

/* venv_builder_setup_python - the base interpreter (a link or a copy, as
 * opts->link says) and its python, python3, python3.X aliases in bin/. */
int venv_builder_setup_python(venv_builder *builder);

/* venv_builder_setup_pip - install pip (the wheels the base's ensurepip
 * would install, from libvenv's cache, else ensurepip itself), whatever
 * opts->with_pip said. VENV_ENOPYTHON when the base has no ensurepip. */
int venv_builder_setup_pip(venv_builder *builder);

/* venv_builder_setup_scripts - the activation scripts in bin/. */
int venv_builder_setup_scripts(venv_builder *builder);

/* venv_builder_upgrade_dependencies - the environment's pip upgrades pip
 * (and setuptools before 3.12) from the package index; VENV_ERROR, with
 * pip's last lines, when that fails (also when the environment has no pip). */
int venv_builder_upgrade_dependencies(venv_builder *builder);

/* venv_builder_free - free a builder; NULL is a no-op. The environment stays. */
void venv_builder_free(venv_builder *builder);

/* -------------------------------------------------------------- packages */

/* The distributions installed in an environment, as its pip reports them
 * (pip list, pip freeze), read from files without starting Python; opaque. */
typedef struct venv_packages venv_packages;

/*
 * venv_packages_read - read what is installed in an environment.
 *
 * out: receives a new venv_packages to free with venv_packages_free (set to
 * NULL on failure). path: an environment, a python inside one, or a base
 * interpreter (relative paths are taken from the current directory).
 * Looks where that python's pip looks: its site-packages, the base's when
 * include-system-site-packages is true, the user site where it applies, and
 * the directories .pth files add, in sys.path order; follows the rules of
 * the pip installed there. Returns VENV_OK; VENV_EINVALID for a NULL, empty
 * or non-UTF-8 path; VENV_ENOTVENV or VENV_ENOPYTHON when path is neither an
 * environment nor an interpreter; VENV_ERROR otherwise. A distribution pip
 * would warn about or fail on is not an error: it is left out and named in
 * the notes. Never starts Python. Thread-safe.
 */
int venv_packages_read(venv_packages **out, const char *path);

/*
 * Accessors, over the distributions in pip list's order (by normalized
 * name). Each string is owned by packages, valid until venv_packages_free;
 * an index past the end gives NULL (strings) or -1 (flags).
 */
size_t venv_packages_count(const venv_packages *packages);
const char *venv_packages_name(const venv_packages *packages, size_t index);            /* METADATA's Name, as written */
const char *venv_packages_version(const venv_packages *packages, size_t index);         /* PEP 440 normalized, as pip list --format=json */
const char *venv_packages_normalized_name(const venv_packages *packages, size_t index); /* PEP 503 */
const char *venv_packages_location(const venv_packages *packages, size_t index);        /* the directory holding the .dist-info/.egg-info */
const char *venv_packages_installer(const venv_packages *packages, size_t index);       /* INSTALLER's first line, or "" */
int venv_packages_requested(const venv_packages *packages, size_t index);               /* 1 when REQUESTED exists, else 0 */
int venv_packages_editable(const venv_packages *packages, size_t index);                /* 1 for an editable install, else 0 */
const char *venv_packages_editable_project_location(const venv_packages *packages, size_t index); /* NULL when not editable */
const char *venv_packages_direct_url(const venv_packages *packages, size_t index);      /* direct_url.json as one line of JSON, NULL when none */

/* What pip would have warned about (one line each): the count and note i. */
size_t venv_packages_note_count(const venv_packages *packages);
const char *venv_packages_note_at(const venv_packages *packages, size_t index);

/* venv_packages_free - free packages from venv_packages_read; NULL is a no-op. */
void venv_packages_free(venv_packages *packages);

/*
 * venv_packages_to_json - the distributions as one JSON array, each an
 * object with name, version, editable_project_location, normalized_name,
 * location, installer, requested, editable and direct_url (swift-venv
 * packages --json). out: receives a string to free with venv_string_free.
 * Returns VENV_OK, or VENV_EINVALID for a NULL out or packages.
 */
int venv_packages_to_json(char **out, const venv_packages *packages);

/* Options of venv_packages_freeze: pip freeze's. */
typedef struct venv_freeze_options {
    unsigned int version;        /* VENV_FREEZE_OPTIONS_VERSION */
    int all;                     /* non-zero: keep pip (and setuptools, wheel, distribute before 3.12) */
    int exclude_editable;        /* non-zero: leave out editable installs */
    int local;                   /* non-zero: leave out what is installed outside the environment */
    int user;                    /* non-zero: only what is in the user site directory */
    const char *const *exclude;  /* NULL-terminated list of project names to leave out, or NULL */
} venv_freeze_options;

#define VENV_FREEZE_OPTIONS_VERSION 1

/* Static initialiser with pip freeze's defaults. */
#define VENV_FREEZE_OPTIONS_INIT { VENV_FREEZE_OPTIONS_VERSION, 0, 0, 0, 0, NULL }

/*
 * venv_freeze_options_init - fill opts with the defaults for a version.
 * Returns VENV_OK, or VENV_EINVALID for a NULL opts or a version of 0 or
 * above the library's.
 */
int venv_freeze_options_init(venv_freeze_options *opts, unsigned int version);

/*
 * venv_packages_freeze - what the environment's `python -m pip freeze`
 * prints, byte for byte. out: receives a string to free with
 * venv_string_free. opts: NULL for the defaults. Returns VENV_OK;
 * VENV_EINVALID for a NULL out or packages, an unknown options version or a
 * non-UTF-8 name in exclude.
 */
int venv_packages_freeze(char **out, const venv_packages *packages, const venv_freeze_options *opts);
/* ---------------------------------------------------------------- wheels */

/*
 * venv_install_wheels - install wheel files into an existing environment,
 * with what `pip install WHEEL...` run by the environment's pip writes:
 * the files, bytecode, console scripts, INSTALLER ("pip"), REQUESTED and
 * RECORD (docs/clients.md lists the differences). The same installer that seeds
 * pip. Wheel files only: no resolver, no index, dependencies not looked at.
 *
 * env_dir: the environment; wheels: count paths of .whl files. Everything
 * is checked before anything is written. Returns VENV_OK; VENV_EINVALID for
 * NULL, empty or non-UTF-8 arguments, a count of 0, a name that is not a
 * wheel's, a wheel for another Python or platform, a project named twice;
 * VENV_ENOTVENV when env_dir is not an environment; VENV_EEXISTS when a
 * wheel's project is installed already; VENV_ERROR otherwise (a wheel that
 * cannot be read or is malformed). May start the base Python once per wheel
 * to compile its bytecode (then cached). Not to be run twice at once on the
 * same environment.
 */
int venv_install_wheels(const char *env_dir, const char *const *wheels, size_t count);

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
 * is empty. Returns VENV_OK; VENV_EINVALID for a non-UTF-8 workon_home, a
 * store that is not a directory, or when neither WORKON_HOME nor HOME is set;
 * VENV_ERROR otherwise (a store that cannot be listed or searched). An
 * environment that cannot be read is listed, with its problem. Starts no
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
 * arguments; across file systems it copies, compares, renames src aside
 * (.NAME.swift-venv-removing) and removes it. Until an interrupted move is
 * finished, its dst is refused (VENV_ERROR, the message naming the move
 * that finishes it) by venv_copy, venv_move, venv_remove and creation.
 *
 * opts: NULL for the defaults. Returns VENV_OK; VENV_EINVALID for NULL,
 * empty or non-UTF-8 paths, dst inside src (also through a symbolic link or
 * a mount), or a dst the activation scripts cannot name; VENV_ENOTVENV when
 * src is not an environment; VENV_EEXISTS when dst exists (and is not an
 * environment to replace); VENV_ERROR otherwise. Starts no process.
 */
int venv_copy(const char *src, const char *dst, const venv_relocate_options *opts);
int venv_move(const char *src, const char *dst, const venv_relocate_options *opts);

/* ---------------------------------------------------------------- doctor */

/*
 * What is wrong with an environment, why, and the command that mends it,
 * read from files alone (Python is never started): the base interpreter
 * gone or changed in place (pyvenv.cfg's version against the base's files),
 * bin/python* links dangling or leading elsewhere, console scripts naming a
 * python that is gone or outside the environment, pyvenv.cfg unreadable or
 * missing keys, site-packages of another minor version, RECORD files
 * missing, an interrupted copy, move or rebuild. docs/doctor.md lists the codes:
 * "base-missing", "base-patch-changed", "base-minor-changed",
 * "python-link-dangling", "python-link-foreign", "script-shebang-missing",
 * "script-shebang-foreign", "config-unreadable", "config-too-large",
 * "config-missing-key",
 * "site-packages-version", "record-missing", "unfinished-move",
 * "unfinished-copy", "unfinished-rebuild". New codes may be added.
 */

/* One environment's diagnosis; opaque. */
typedef struct venv_diagnosis venv_diagnosis;

typedef struct venv_doctor_options {
    unsigned int version;  /* VENV_DOCTOR_OPTIONS_VERSION */
    int list_replacements; /* non-zero: when the base is gone or of another minor version, list the
                              interpreters that could replace it (venv_find's discovery, done once) */
} venv_doctor_options;

#define VENV_DOCTOR_OPTIONS_VERSION 1

#define VENV_DOCTOR_OPTIONS_INIT { VENV_DOCTOR_OPTIONS_VERSION, 1 }

/* venv_doctor_options_init - fill opts with the defaults (replacements
 * listed) for a version; VENV_OK, or VENV_EINVALID for NULL or an unknown
 * version. */
int venv_doctor_options_init(venv_doctor_options *opts, unsigned int version);

/*
 * venv_doctor - diagnose the environment at env_dir.
 *
 * out: receives a new venv_diagnosis to free with venv_diagnosis_free (NULL
 * on failure); a diagnosis with problems is a success. opts: NULL for the
 * defaults. Returns VENV_OK; VENV_EINVALID for a NULL out, a NULL, empty or
 * non-UTF-8 env_dir or a bad options version; VENV_ENOTVENV when env_dir is
 * neither an environment nor the place of an interrupted copy or move.
 * Starts no process. Thread-safe.
 */
int venv_doctor(venv_diagnosis **out, const char *env_dir, const venv_doctor_options *opts);

/* venv_diagnosis_free - free a diagnosis; NULL is a no-op. */
void venv_diagnosis_free(venv_diagnosis *diagnosis);

/* 1 when no problem was found, 0 when one was, -1 for NULL. */
int venv_diagnosis_healthy(const venv_diagnosis *diagnosis);

/* Accessors. Strings are owned by the diagnosis and valid as long as it is;
 * NULL where the value is null (JSON's null in venv_diagnosis_to_json). */
const char *venv_diagnosis_environment(const venv_diagnosis *diagnosis);     /* the directory, absolute */
const char *venv_diagnosis_version(const venv_diagnosis *diagnosis);         /* pyvenv.cfg's version */
const char *venv_diagnosis_home(const venv_diagnosis *diagnosis);            /* pyvenv.cfg's home */
const char *venv_diagnosis_base_version(const venv_diagnosis *diagnosis);    /* the base's, from its files */
const char *venv_diagnosis_base_executable(const venv_diagnosis *diagnosis); /* the base's real binary */

/* The problems, in the order found: code, the file concerned, the cause and
 * the command that mends it. Entry i, NULL past the end. */
size_t venv_diagnosis_problem_count(const venv_diagnosis *diagnosis);
const char *venv_diagnosis_problem_code(const venv_diagnosis *diagnosis, size_t index);
const char *venv_diagnosis_problem_path(const venv_diagnosis *diagnosis, size_t index);
const char *venv_diagnosis_problem_cause(const venv_diagnosis *diagnosis, size_t index);
const char *venv_diagnosis_problem_remedy(const venv_diagnosis *diagnosis, size_t index);

/* The interpreters that could replace a base that is gone or changed (same
 * minor version first, newest first): "X.Y.Z" and the executable. */
size_t venv_diagnosis_replacement_count(const venv_diagnosis *diagnosis);
const char *venv_diagnosis_replacement_version(const venv_diagnosis *diagnosis, size_t index);
const char *venv_diagnosis_replacement_executable(const venv_diagnosis *diagnosis, size_t index);

/* venv_diagnosis_to_json - the diagnosis as one line of `swift-venv doctor
 * --json`, a new string to free with venv_string_free. */
int venv_diagnosis_to_json(char **out, const venv_diagnosis *diagnosis);

/* find's records carry the codes of the problems venv_doctor finds in an
 * environment (each once; none for a healthy one or an interpreter):
 * entry i, NULL past the end. They are computed on the first call of either
 * (every check of venv_doctor, several times the cost of the rest of the
 * record) and kept in the record; thread-safe. */
size_t venv_python_problems_count(const venv_python *python);
const char *venv_python_problems_at(const venv_python *python, size_t index);
/* ------------------------------------------- repair and rebuild (0.5) */

/*
 * When an environment's base Python moves or is replaced (docs/repair.md):
 * venv_repair points it at another build of the same minor version;
 * venv_rebuild moves its packages to another minor version.
 */

/* Options of venv_repair. */
typedef struct venv_repair_options {
    unsigned int version; /* VENV_REPAIR_OPTIONS_VERSION */
    const char *python;   /* the new base: a path, a command or a version; NULL: the environment's X.Y,
                             chosen as venv_find_python chooses it */
} venv_repair_options;

#define VENV_REPAIR_OPTIONS_VERSION 1

/* Static initialiser with the defaults. */
#define VENV_REPAIR_OPTIONS_INIT { VENV_REPAIR_OPTIONS_VERSION, NULL }

/*
 * venv_repair_options_init - fill opts with the defaults for a version.
 * Returns VENV_OK, or VENV_EINVALID for a NULL opts or a version of 0 or
 * above the library's.
 */
int venv_repair_options_init(venv_repair_options *opts, unsigned int version);

/*
 * venv_repair - point the environment at a new base of its minor version:
 * pyvenv.cfg's home, version, executable and command as that version's
 * `python -m venv --upgrade` writes them, bin/'s links to (or copies of) the
 * base, and the console scripts whose shebang named the old base (with their
 * RECORD rows); nothing else. All at once: a failure or a kill leaves the old
 * environment (or, once its journal is committed, the new one, finished by
 * the next call that takes the environment's lock).
 *
 * replaced: if not NULL, receives the number of files replaced (0 when the
 * environment already used that base). opts: NULL for the defaults. Returns
 * VENV_OK; VENV_EINVALID for NULL, empty or non-UTF-8 arguments or an unknown
 * options version; VENV_ENOTVENV when env_dir is not an environment;
 * VENV_ENOPYTHON when no base matches, or the one given is not CPython, is
 * another minor version or another ABI (free-threaded or not); VENV_ERROR
 * otherwise. May start the new base once to learn its facts (then cached).
 */
int venv_repair(size_t *replaced, const char *env_dir, const venv_repair_options *opts);

/* Options of venv_rebuild. */
typedef struct venv_rebuild_options {
    unsigned int version;          /* VENV_REBUILD_OPTIONS_VERSION */
    const char *python;            /* the new base (required): a path, a command or a version */
    const char *const *find_links; /* pip's --find-links, each a directory or URL; may be NULL if count is 0 */
    size_t find_links_count;
    int no_index;                  /* non-zero: pip's --no-index (offline, with find_links) */
    int prune;                     /* non-zero: remove the old environment once the new one is in place */
} venv_rebuild_options;

#define VENV_REBUILD_OPTIONS_VERSION 1

/* Static initialiser with the defaults (python must still be set). */
#define VENV_REBUILD_OPTIONS_INIT { VENV_REBUILD_OPTIONS_VERSION, NULL, NULL, 0, 0, 0 }

/*
 * venv_rebuild_options_init - fill opts with the defaults for a version.
 * Returns VENV_OK, or VENV_EINVALID for a NULL opts or a version of 0 or
 * above the library's.
 */
int venv_rebuild_options_init(venv_rebuild_options *opts, unsigned int version);

/*
 * venv_rebuild - move the environment to another base (a new minor
 * version), keeping its packages: freeze is written beside it as
 * NAME.swift-venv-requirements.txt, a new environment is made aside with the
 * new base and its pip installs those requirements, and only then the two
 * swap in one step (renameat2 RENAME_EXCHANGE), the old one kept as
 * NAME.swift-venv-old unless opts->prune. On failure the old environment is
 * untouched and the message names the package pip could not install; a kill
 * leaves the old environment or the new one.
 *
 * Returns VENV_OK; VENV_EINVALID for NULL, empty or non-UTF-8 arguments, a
 * NULL opts or opts->python, an unknown options version; VENV_ENOTVENV when env_dir is
 * not an environment; VENV_ENOPYTHON when no base matches or it is not
 * CPython; VENV_EEXISTS when a previous rebuild's NAME.swift-venv-old is there
 * (without prune); VENV_ERROR otherwise (pip's failure among them). Starts the
 * new environment's pip: takes as long as installing the packages does.
 */
int venv_rebuild(const char *env_dir, const venv_rebuild_options *opts);

#ifdef __cplusplus
}
#endif

#endif /* VENV_H */
