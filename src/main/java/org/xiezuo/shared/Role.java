package org.xiezuo.shared;

import java.util.EnumSet;
import java.util.Set;

/**
 * Roles of an account. The three administrators (等保 三员) are separate: no account holds two of
 * ADMIN, SECURITY_ADMIN and AUDITOR.
 */
public enum Role {
    /** 系统管理员: accounts, units, settings; no business data, no audit log. */
    ADMIN("系统管理员"),
    /** 安全管理员: grants roles, unlocks accounts, security settings. */
    SECURITY_ADMIN("安全管理员"),
    /** 审计管理员: reads the audit log, nothing else. */
    AUDITOR("审计管理员"),
    /** 协作办: the plans of its district — configures, reviews, approves, supervises. */
    COORDINATOR("协作办"),
    /** 部门负责人: approves its own unit's submissions before they go to the coordinator. */
    UNIT_HEAD("部门负责人"),
    /** 填报员: enters and submits for the units bound to the account. */
    REPORTER("填报员"),
    /** 领导: reads the district's plans, changes nothing. */
    LEADER("领导"),
    /** 西部确认: sees and confirms only what is shared with the western side. */
    WEST_CONFIRMER("西部确认");

    /** The three administrators; an account holds at most one of them, and no other role with it. */
    public static final Set<Role> ADMINISTRATORS = EnumSet.of(ADMIN, SECURITY_ADMIN, AUDITOR);

    private final String label;

    Role(String label) { this.label = label; }

    public String label() { return label; }

    public boolean isAdministrator() { return ADMINISTRATORS.contains(this); }

    /** Roles whose scope is the units bound to the account, not the whole district. */
    public boolean isUnitScoped() { return this == UNIT_HEAD || this == REPORTER; }
}
