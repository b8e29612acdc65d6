package org.vos.itest;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceListener;

/**
 * Waits for a condition of the framework: re-checks it whenever a bundle, service or framework
 * event arrives (and at least every 250 ms, for changes that raise no event), up to a timeout.
 */
final class Await {
    private Await() {
    }

    /** @return the first non-null result of {@code probe}, or null when the timeout passed */
    static <T> T until(BundleContext context, long timeoutMs, Supplier<T> probe) throws InterruptedException {
        Semaphore changed = new Semaphore(0);
        ServiceListener sl = e -> changed.release();
        BundleListener bl = e -> changed.release();
        FrameworkListener fl = e -> changed.release();
        context.addServiceListener(sl);
        context.addBundleListener(bl);
        context.addFrameworkListener(fl);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (true) {
                changed.drainPermits();
                T result = probe.get();
                if (result != null) {
                    return result;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
            }
        } finally {
            context.removeFrameworkListener(fl);
            context.removeBundleListener(bl);
            context.removeServiceListener(sl);
        }
    }
}
