package org.xiezuo.security;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * The principal kept in the (database-backed) session: who signed in, when, and which sign-in steps
 * are still open. Roles and units are not kept here — they are read from the account on every request,
 * so a change takes effect at once.
 */
record SignedInUser(String username, String displayName, Instant signedInAt, boolean secondFactorPending,
                    boolean enrolmentPending, boolean passwordChangePending) implements Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    SignedInUser withSecondFactorDone() {
        return new SignedInUser(username, displayName, signedInAt, false, false, passwordChangePending);
    }

    SignedInUser withPasswordChanged() {
        return new SignedInUser(username, displayName, signedInAt, secondFactorPending, enrolmentPending, false);
    }

    /** Signed in with every step done: only then does the account reach business pages. */
    boolean complete() {
        return !secondFactorPending && !enrolmentPending && !passwordChangePending;
    }

    @Override
    public String toString() {
        return username;
    }
}
