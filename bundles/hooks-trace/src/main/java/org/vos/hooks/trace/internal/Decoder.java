package org.vos.hooks.trace.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.vos.api.hook.SyscallEvent;

/** Renders the arguments of the calls the trace knows, raw hex for the others. */
final class Decoder {
    static final int MAX_DATA = 64;

    private Decoder() {
    }

    static String args(SyscallEvent e) {
        try {
            return switch (e.name()) {
                case "write", "read" -> e.arg(0) + ", " + (e.name().equals("write") ? quote(e.read(e.arg(1), (int) Math.min(e.arg(2), MAX_DATA)), e.arg(2))
                        : "0x" + Long.toHexString(e.arg(1))) + ", " + e.arg(2);
                case "nanosleep" -> timespec(e, e.arg(0));
                case "clock_nanosleep" -> clock(e.arg(0)) + ", " + (e.arg(1) == 1 ? "TIMER_ABSTIME" : "0") + ", " + timespec(e, e.arg(2));
                case "openat" -> dirfd(e.arg(0)) + ", " + quote(e.readString(e.arg(1), 4096)) + ", " + openFlags(e.arg(2))
                        + ((e.arg(2) & 0100) != 0 ? ", 0" + Long.toOctalString(e.arg(3)) : "");
                case "open" -> quote(e.readString(e.arg(0), 4096)) + ", " + openFlags(e.arg(1));
                case "close" -> Long.toString(e.arg(0));
                default -> raw(e);
            };
        } catch (RuntimeException x) {
            return raw(e) + " (" + x.getMessage() + ")";
        }
    }

    static String raw(SyscallEvent e) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(e.arg(i)));
        }
        return s.toString();
    }

    private static String timespec(SyscallEvent e, long addr) {
        if (addr == 0) {
            return "NULL";
        }
        ByteBuffer b = ByteBuffer.wrap(e.read(addr, 16)).order(ByteOrder.LITTLE_ENDIAN);
        return b.remaining() < 16 ? "0x" + Long.toHexString(addr) : "{" + b.getLong(0) + ", " + b.getLong(8) + "}";
    }

    private static String clock(long c) {
        return switch ((int) c) {
            case 0 -> "CLOCK_REALTIME";
            case 1 -> "CLOCK_MONOTONIC";
            case 7 -> "CLOCK_BOOTTIME";
            default -> Long.toString(c);
        };
    }

    private static String dirfd(long fd) {
        return (int) fd == -100 ? "AT_FDCWD" : Long.toString((int) fd);
    }

    static String openFlags(long f) {
        StringBuilder s = new StringBuilder(switch ((int) (f & 3)) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            default -> "O_RDWR";
        });
        String[] names = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK"};
        int[] bits = {0100, 0200, 0400, 01000, 02000, 04000};
        for (int i = 0; i < bits.length; i++) {
            if ((f & bits[i]) != 0) {
                s.append('|').append(names[i]);
            }
        }
        if ((f & 0200000) != 0) {
            s.append("|O_DIRECTORY");
        }
        if ((f & 02000000) != 0) {
            s.append("|O_CLOEXEC");
        }
        return s.toString();
    }

    static String quote(byte[] b, long total) {
        return quote(b) + (total > b.length ? "..." : "");
    }

    static String quote(byte[] b) {
        StringBuilder s = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 32 || c > 126) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    static String quote(String str) {
        return quote(str.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
