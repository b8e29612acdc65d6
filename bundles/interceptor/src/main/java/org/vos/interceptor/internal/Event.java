package org.vos.interceptor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.vos.api.hook.SyscallEvent;
import org.vos.linux.Seccomp;

/** The notification being served, as hooks see it; one per serving thread, reset per call. */
final class Event implements SyscallEvent {
    private final Program program;
    private final Seccomp.Channel channel;
    private Seccomp.Notification n;

    Event(Program program, Seccomp.Channel channel) {
        this.program = program;
        this.channel = channel;
    }

    void reset(Seccomp.Notification n) {
        this.n = n;
    }

    long id() {
        return n.id;
    }

    @Override
    public String processId() {
        return program.key;
    }

    @Override
    public long hostPid() {
        return program.hostPid;
    }

    @Override
    public long pid() {
        return n.pid;
    }

    @Override
    public int nr() {
        return n.nr;
    }

    @Override
    public String name() {
        return Syscalls.name(n.nr);
    }

    @Override
    public long arg(int index) {
        return n.args[index];
    }

    @Override
    public byte[] read(long address, int length) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, length));
        try {
            FileChannel c = program.mem(n.pid);
            long pos = address;
            while (b.hasRemaining()) {
                int r = c.read(b, pos);
                if (r <= 0) {
                    break;
                }
                pos += r;
            }
        } catch (IOException e) {
            program.forgetMem(n.pid);
            // an unmapped address ends the read: what was read is returned
        }
        checkValid();
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }

    @Override
    public String readString(long address, int max) {
        StringBuilder s = new StringBuilder();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long at = address;
        while (out.size() < max) {
            // read up to the end of the page, so a string ending before an unmapped page is read whole
            int chunk = (int) Math.min(max - out.size(), 4096 - (at & 4095));
            byte[] b = read(at, chunk);
            for (byte x : b) {
                if (x == 0) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(x);
            }
            if (b.length < chunk) {
                break;
            }
            at += chunk;
        }
        s.append(out.toString(StandardCharsets.UTF_8));
        return s.toString();
    }

    @Override
    public void write(long address, byte[] data) {
        checkValid();
        try {
            FileChannel c = program.mem(n.pid);
            ByteBuffer b = ByteBuffer.wrap(data);
            long pos = address;
            while (b.hasRemaining()) {
                int w = c.write(b, pos);
                if (w <= 0) {
                    throw new IllegalStateException("short write into process " + n.pid + " at 0x" + Long.toHexString(pos));
                }
                pos += w;
            }
        } catch (IOException e) {
            program.forgetMem(n.pid);
            throw new IllegalStateException("cannot write into process " + n.pid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String exe() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + n.pid + "/exe")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** The caller still waits for this answer; memory read for it is trustworthy. */
    private void checkValid() {
        if (!channel.valid(n.id)) {
            throw new IllegalStateException("the call of " + n.pid + " is no longer pending (interrupted or exited)");
        }
    }
}
