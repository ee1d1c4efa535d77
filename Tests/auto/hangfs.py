"""A FUSE file system that hangs: `python3 hangfs.py MOUNTPOINT NAME...`
mounts an empty directory at MOUNTPOINT (by mount(2) and /dev/fuse itself,
no libfuse nor fusermount), answers what `cd` into it needs (its root's
attributes, access), says "no such file" for every other name, and never
answers a lookup of one of the NAMEs: whoever asks for MOUNTPOINT/NAME waits
as on a network mount whose server is gone, until this process ends (its
end aborts the connection: the waiters get an error). Prints `ready` once
the kernel's first request is answered. Linux only; needs the right to
mount (root)."""
import ctypes
import ctypes.util
import errno
import os
import struct
import sys

FUSE_LOOKUP, FUSE_FORGET, FUSE_GETATTR, FUSE_INIT, FUSE_ACCESS, FUSE_INTERRUPT, FUSE_BATCH_FORGET, FUSE_DESTROY = (
    1, 2, 3, 26, 34, 36, 42, 38)
NO_REPLY = {FUSE_FORGET, FUSE_INTERRUPT, FUSE_BATCH_FORGET}
IN_HEADER = struct.Struct("<IIQQIIIHH")     # len, opcode, unique, nodeid, uid, gid, pid, extlen, padding
OUT_HEADER = struct.Struct("<IiQ")          # len, error, unique
# fuse_attr: ino, size, blocks, atime, mtime, ctime, the three nsecs, mode, nlink, uid, gid, rdev, blksize, flags
ATTR = struct.Struct("<QQQQQQIIIIIIIIII")


def main():
    mountpoint, hung = sys.argv[1], {name.encode() for name in sys.argv[2:]}
    fd = os.open("/dev/fuse", os.O_RDWR)
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    options = "fd=%d,rootmode=40755,user_id=%d,group_id=%d" % (fd, os.getuid(), os.getgid())
    MS_NOSUID, MS_NODEV = 2, 4
    if libc.mount(b"hangfs", mountpoint.encode(), b"fuse.hangfs", MS_NOSUID | MS_NODEV, options.encode()) != 0:
        e = ctypes.get_errno()
        sys.exit("hangfs: mount: %s" % os.strerror(e))

    def reply(unique, error=0, payload=b""):
        os.write(fd, OUT_HEADER.pack(OUT_HEADER.size + len(payload), -error, unique) + payload)

    root_attr = ATTR.pack(1, 0, 0, 0, 0, 0, 0, 0, 0, 0o40755, 2, os.getuid(), os.getgid(), 0, 4096, 0)
    while True:
        try:
            request = os.read(fd, 1 << 20)
        except OSError as e:
            if e.errno in (errno.ENODEV, errno.EBADF):      # unmounted
                return
            if e.errno == errno.EINTR:
                continue
            raise
        _, opcode, unique, nodeid = IN_HEADER.unpack_from(request)[:4]
        body = request[IN_HEADER.size:]
        if opcode in NO_REPLY:
            continue
        if opcode == FUSE_INIT:
            major, minor = struct.unpack_from("<II", body)
            # major, minor, max_readahead, flags, max_background, congestion_threshold, max_write,
            # time_gran, max_pages, map_alignment, flags2, max_stack_depth, unused[6]
            reply(unique, 0, struct.pack("<IIIIHHIIHHII24x", 7, min(minor, 31), 0, 0, 16, 12, 4096, 1, 1, 0, 0, 0))
            print("ready", flush=True)
        elif opcode == FUSE_GETATTR and nodeid == 1:
            reply(unique, 0, struct.pack("<QII", 3600, 0, 0) + root_attr)
        elif opcode == FUSE_ACCESS:
            reply(unique, 0)
        elif opcode == FUSE_LOOKUP:
            if body.split(b"\0")[0] in hung:
                continue                                    # never answered
            reply(unique, errno.ENOENT)
        elif opcode == FUSE_DESTROY:
            reply(unique, 0)
            return
        else:
            reply(unique, errno.ENOSYS)


if __name__ == "__main__":
    main()
