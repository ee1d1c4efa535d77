/*
 * GNU and Linux system calls that Swift's Glibc module does not import
 * (it is built without _GNU_SOURCE). Internal to swift-venv: not part of
 * the C ABI in include/venv.h.
 */
#ifndef VENV_SYSTEM_H
#define VENV_SYSTEM_H

#include <spawn.h>
#include <sys/types.h>

/* Hidden: linked into libvenv.so but never exported from it. */
#define VENV_SYS_INTERNAL __attribute__((visibility("hidden")))

/* pipe2(fds, O_CLOEXEC): both ends close-on-exec from the start, so a
 * process spawned by another thread never inherits them. */
VENV_SYS_INTERNAL int venv_sys_pipe_cloexec(int fds[2]);

/* gettid(2): the calling thread's id, as /proc/self/task names it. */
VENV_SYS_INTERNAL pid_t venv_sys_thread_id(void);

/* A bound on the calling thread's work, kept by a timer signal (SIGALRM,
 * setitimer) rather than a thread: for a process that ends after the work.
 * `venv_sys_bound_arm` arms it: after `ms` milliseconds, and every 10 ms
 * after that up to `longest_ms` in all, the handler reads the thread's
 * /proc schedstat; when the thread spent at least half of the interval on
 * a processor or waiting for one (computing), the wait goes on; else (it
 * sleeps in the kernel: a file system, a lease), or past `longest_ms`, the
 * handler writes `lines` to standard error, makes `file` (if not NULL) an
 * empty file, and ends the process with `status` (_exit). `lines` and
 * `file` must stay valid until `venv_sys_bound_disarm`, which the caller
 * calls when the work ends. Returns 0, or -1 (errno) when no timer could
 * be armed (the work is then unbounded). */
VENV_SYS_INTERNAL int venv_sys_bound_arm(long ms, long longest_ms, const unsigned char *lines, size_t count,
                                         const char *file, int status);
VENV_SYS_INTERNAL void venv_sys_bound_disarm(void);

/* pidfd_open(2) (Linux 5.3): a descriptor that becomes readable when the
 * process `pid` ends, whatever ends it; -1 (errno ENOSYS) where the kernel
 * or the headers lack it. */
VENV_SYS_INTERNAL int venv_sys_pidfd_open(pid_t pid);

/* posix_spawn_file_actions_addchdir_np, where the C library has it;
 * returns ENOSYS otherwise. */
VENV_SYS_INTERNAL int venv_sys_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/* rename(2) that fails with EEXIST instead of replacing an existing target. */
VENV_SYS_INTERNAL int venv_sys_rename_noreplace(const char *from, const char *to);

/* renameat2(2) with RENAME_EXCHANGE: the two paths swap, atomically. */
VENV_SYS_INTERNAL int venv_sys_rename_exchange(const char *a, const char *b);

/* copy_file_range(2) between whole files' current offsets. */
VENV_SYS_INTERNAL ssize_t venv_sys_copy_file_range(int in_fd, int out_fd, size_t length);

/* A whole-file copy-on-write clone (ioctl FICLONE): 0, or -1 with errno
 * (EOPNOTSUPP, EXDEV, EINVAL where the file system cannot share extents). */
VENV_SYS_INTERNAL int venv_sys_clone_file(int source_fd, int destination_fd);

/* What removing an entry depends on, from statx(2). */
struct venv_sys_entry {
    unsigned int mode;
    unsigned int uid;
    unsigned long long device;
    /* The mount's id; 0 where the kernel gives none (before Linux 5.8). */
    unsigned long long mount_id;
    /* The root of a mount (a mount point), where the kernel says so. */
    int mount_root;
    /* chattr +i or +a: it cannot be removed, nor (a directory) emptied. */
    int immutable;
};

/* statx(2) of `name` in the open directory `dir_fd`, a final link not
 * followed; where statx is missing (ENOSYS), fstatat(2) and no mount id. */
VENV_SYS_INTERNAL int venv_sys_examine(int dir_fd, const char *name, struct venv_sys_entry *entry);

/* Inflates a raw deflate stream (a zip member, method 8) of exactly
 * `output_length` bytes: 0 on success, -1 if the data is corrupt or of
 * another length. */
VENV_SYS_INTERNAL int venv_sys_inflate_raw(const unsigned char *input, size_t input_length,
                         unsigned char *output, size_t output_length);

/* zlib's CRC-32 of a buffer, as zip stores it. */
VENV_SYS_INTERNAL unsigned long venv_sys_crc32(const unsigned char *data, size_t length);

#endif
