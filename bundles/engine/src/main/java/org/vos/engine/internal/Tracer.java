package org.vos.engine.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.vos.api.domain.VosException;

/**
 * One thread that owns the ptrace attachments of one operation: the kernel only accepts requests
 * for a tracee from the thread that seized it, and detaches everything when that thread ends.
 */
final class Tracer implements AutoCloseable {
    private final ExecutorService thread;

    Tracer(String name) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vos-tracer-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    <T> T call(Callable<T> work) {
        Future<T> f = thread.submit(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VosException(500, "interrupted", "interrupted while tracing", null, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new VosException(500, "tracer-failed", String.valueOf(c), null, c);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
