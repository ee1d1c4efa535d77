#define _GNU_SOURCE
#include "venv_system.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <stdio.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <zlib.h>

int venv_sys_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

pid_t venv_sys_thread_id(void) {
    return (pid_t)syscall(SYS_gettid);
}

int venv_sys_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int venv_sys_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
    return posix_spawn_file_actions_addchdir_np(actions, path);
#else
    (void)actions;
    (void)path;
    return ENOSYS;
#endif
}

int venv_sys_rename_noreplace(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

int venv_sys_rename_exchange(const char *a, const char *b) {
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

ssize_t venv_sys_copy_file_range(int in_fd, int out_fd, size_t length) {
    return copy_file_range(in_fd, NULL, out_fd, NULL, length, 0);
}

int venv_sys_examine(int dir_fd, const char *name, struct venv_sys_entry *entry) {
    struct statx sx;
    unsigned int mask = STATX_TYPE | STATX_MODE | STATX_UID;
#ifdef STATX_MNT_ID
    mask |= STATX_MNT_ID;
#endif
    if (statx(dir_fd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, mask, &sx) == 0) {
        entry->mode = sx.stx_mode;
        entry->uid = sx.stx_uid;
        entry->device = makedev(sx.stx_dev_major, sx.stx_dev_minor);
        entry->mount_id = 0;
        entry->mount_root = 0;
#ifdef STATX_MNT_ID
        if (sx.stx_mask & STATX_MNT_ID) entry->mount_id = sx.stx_mnt_id;
#endif
#ifdef STATX_ATTR_MOUNT_ROOT
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
            entry->mount_root = (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
#endif
        entry->immutable = (sx.stx_attributes & (STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND)) != 0;
        return 0;
    }
    if (errno != ENOSYS) return -1;
    struct stat st;
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return -1;
    entry->mode = st.st_mode;
    entry->uid = st.st_uid;
    entry->device = st.st_dev;
    entry->mount_id = 0;
    entry->mount_root = 0;
    entry->immutable = 0;
    return 0;
}

int venv_sys_clone_file(int source_fd, int destination_fd) {
#ifdef FICLONE
    return ioctl(destination_fd, FICLONE, source_fd);
#else
    (void)source_fd;
    (void)destination_fd;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int venv_sys_inflate_raw(const unsigned char *input, size_t input_length,
                         unsigned char *output, size_t output_length) {
    if (input_length > UINT_MAX || output_length > UINT_MAX) return -1;
    z_stream stream = {0};
    /* Negative window bits: a raw stream, no zlib header (zip's format). */
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return -1;
    stream.next_in = (unsigned char *)input;
    stream.avail_in = (unsigned int)input_length;
    stream.next_out = output;
    stream.avail_out = (unsigned int)output_length;
    int rc = inflate(&stream, Z_FINISH);
    int ok = rc == Z_STREAM_END && stream.total_out == output_length;
    inflateEnd(&stream);
    return ok ? 0 : -1;
}

unsigned long venv_sys_crc32(const unsigned char *data, size_t length) {
    unsigned long crc = crc32(0L, Z_NULL, 0);
    while (length > 0) {
        unsigned int chunk = length > UINT_MAX ? UINT_MAX : (unsigned int)length;
        crc = crc32(crc, data, chunk);
        data += chunk;
        length -= chunk;
    }
    return crc;
}

/* The bound of venv_sys_bound_arm: the handler's state, set before the
 * timer is armed. */
static volatile sig_atomic_t bound_done;
static const unsigned char *bound_lines;
static size_t bound_count;
static const char *bound_file;
static int bound_status;
static long long bound_longest, bound_last_wall, bound_last_busy;

static long long bound_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The calling thread's time on a processor and waiting for one (ns): the
 * first two fields of /proc/thread-self/schedstat; -1 when unreadable. */
static long long bound_busy(void) {
    int fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char text[128];
    ssize_t n = read(fd, text, sizeof text);
    close(fd);
    long long total = 0, field = 0;
    int fields = 0, digits = 0;
    for (ssize_t i = 0; i < n && fields < 2; i++) {
        if (text[i] >= '0' && text[i] <= '9') {
            field = field * 10 + (text[i] - '0');
            digits = 1;
        } else if (digits) {
            total += field;
            field = 0;
            digits = 0;
            fields++;
        }
    }
    return fields == 2 ? total : -1;
}

static int bound_set(long long ns) {
    struct itimerval value = {{0, 0}, {(time_t)(ns / 1000000000LL), (suseconds_t)(ns % 1000000000LL / 1000)}};
    if (value.it_value.tv_sec == 0 && value.it_value.tv_usec == 0) value.it_value.tv_usec = 1;
    return setitimer(ITIMER_REAL, &value, NULL);
}

static void bound_alarm(int signal) {
    (void)signal;
    int saved = errno;
    if (bound_done) {
        errno = saved;
        return;
    }
    long long wall = bound_now(), busy = bound_busy();
    if (wall < bound_longest && busy >= 0 && (busy - bound_last_busy) * 2 >= wall - bound_last_wall) {
        bound_last_wall = wall;
        bound_last_busy = busy;
        long long next = bound_longest - wall;
        bound_set(next < 10000000LL ? next : 10000000LL);
        errno = saved;
        return;
    }
    size_t done = 0;
    while (done < bound_count) {
        ssize_t w = write(2, bound_lines + done, bound_count - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        done += (size_t)w;
    }
    if (bound_file) {
        int fd = open(bound_file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) close(fd);
    }
    _exit(bound_status);
}

int venv_sys_bound_arm(long ms, long longest_ms, const unsigned char *lines, size_t count, const char *file,
                       int status) {
    bound_done = 0;
    bound_lines = lines;
    bound_count = count;
    bound_file = file;
    bound_status = status;
    bound_last_wall = bound_now();
    bound_last_busy = bound_busy();
    bound_longest = bound_last_wall + (long long)(longest_ms > ms ? longest_ms : ms) * 1000000LL;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = bound_alarm;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGALRM, &action, NULL) != 0) return -1;
    return bound_set((long long)ms * 1000000LL);
}

void venv_sys_bound_disarm(void) {
    bound_done = 1;
    struct itimerval zero = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &zero, NULL);
}
