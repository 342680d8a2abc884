package org.xiezuo.shared;

/** Small helpers for the few places that run work on a thread of their own and must see it end. */
public final class Threads {

    private Threads() {}

    /**
     * Waits until {@code thread} has ended, even when interrupted meanwhile: the caller owns the thread
     * and must not return while it still runs (it may be using the caller's resources). An interrupt
     * received while waiting is restored afterwards.
     */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
