package org.xiezuo.notification;

import org.xiezuo.security.Recipients.Recipient;

/** A channel that leaves Xiezuo (e-mail, webhook): sends one message to one recipient, or throws. */
interface Transport {

    Channel channel();

    /** Whether the channel is set up at all; messages for a channel that is not are cancelled. */
    boolean configured();

    /**
     * Sends, or throws: {@link Undeliverable} when retrying cannot help (no address), anything else for a
     * failure worth retrying (server down, timeout, refusal).
     */
    void send(Outbox.Message message, Recipient recipient) throws Exception;

    /** Retrying cannot help: the message is cancelled. */
    final class Undeliverable extends Exception {
        Undeliverable(String why) {
            super(why);
        }
    }
}
