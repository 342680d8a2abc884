package org.xiezuo.shared;

/** Roles of an account. The set grows with the access-control issue; codes are stable. */
public enum Role {
    /** 系统管理员: accounts, units, settings. */
    ADMIN("系统管理员"),
    /** 协作办: configures, reviews and supervises the district's plans. */
    COORDINATOR("协作办");

    private final String label;

    Role(String label) { this.label = label; }

    public String label() { return label; }
}
