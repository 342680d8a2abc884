package org.xiezuo.notification;

/** How a notice reaches a person. In-app is always on: it is the record of what was sent to whom. */
public enum Channel {
    IN_APP("站内通知"),
    EMAIL("电子邮件"),
    WEBHOOK("Webhook（钉钉/浙政钉机器人等）");

    private final String label;

    Channel(String label) { this.label = label; }

    public String label() { return label; }

    /** Whether an account may switch it off. */
    public boolean optional() { return this != IN_APP; }
}
