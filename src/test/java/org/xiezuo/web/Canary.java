package org.xiezuo.web;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts calls from an expression that should never be evaluated (SECURITY.md T44). */
public final class Canary {

    private static final AtomicInteger HITS = new AtomicInteger();

    private Canary() {}

    public static String hit() {
        HITS.incrementAndGet();
        return "canary";
    }

    static int hits() {
        return HITS.get();
    }

    static void reset() {
        HITS.set(0);
    }
}
