package org.xiezuo.shared;

/** What an actor may do; granted to roles in {@link Access}, the one place such decisions live. */
public enum Permission {
    PLAN_READ,
    PLAN_EDIT,
    PLAN_IMPORT,
    UNIT_EDIT
}
