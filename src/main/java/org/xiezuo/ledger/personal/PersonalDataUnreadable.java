package org.xiezuo.ledger.personal;

/**
 * A ciphertext could not be opened: its key id is not configured, it was changed (the GCM tag does not
 * match), or it is not in a format this version writes. The message names the key id, never the data.
 */
public final class PersonalDataUnreadable extends IllegalStateException {

    private final int keyId;

    PersonalDataUnreadable(int keyId, String message) {
        super(message);
        this.keyId = keyId;
    }

    PersonalDataUnreadable(int keyId, String message, Throwable cause) {
        super(message, cause);
        this.keyId = keyId;
    }

    /** The key id stored with the ciphertext. */
    public int keyId() {
        return keyId;
    }
}
