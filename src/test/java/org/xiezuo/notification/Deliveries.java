package org.xiezuo.notification;

import org.springframework.context.ApplicationContext;

/**
 * For tests in other packages: runs one dispatcher round now (scheduled jobs never fire in tests), as
 * the scheduled job would — e.g. so that a browser test sees the in-app notification a command wrote.
 */
public final class Deliveries {

    private Deliveries() {}

    /** Delivers everything due; returns how many in-app messages were delivered. */
    public static int deliverNow(ApplicationContext context) {
        return context.getBean(Dispatcher.class).dispatch().delivered(Channel.IN_APP);
    }
}
