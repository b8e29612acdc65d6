package org.vos.linux.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The glibc functions vos calls; everything glibc 2.36 lacks goes through {@link #syscall}. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) throws LastErrorException;

    int waitpid(int pid, int[] status, int options) throws LastErrorException;

    int kill(int pid, int sig) throws LastErrorException;

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, String[] argv,
            String[] envp);

    String strerror(int errnum);
}
