package org.xiezuo.shared;

/** What an actor may do; granted to roles in {@link Access}, the one place such decisions live. */
public enum Permission {
    /** Read plans, their tasks, indicators and history. */
    PLAN_READ,
    /** Change a plan after import: header, tasks, indicators, targets. */
    PLAN_EDIT,
    /** Import a task book (creates or updates a plan, creates units). */
    PLAN_IMPORT,
    /** Rename, merge and give aliases to units. */
    UNIT_EDIT,
    /** Create accounts, edit their details, disable, reset passwords, bind units. */
    ACCOUNT_MANAGE,
    /** Grant and revoke roles. */
    ROLE_GRANT,
    /** Unlock an account locked after failed sign-ins. */
    ACCOUNT_UNLOCK,
    /** Read the security settings in force. */
    SECURITY_SETTINGS,
    /** Read and export the audit log. */
    AUDIT_READ,
    /** Read progress reports, their lines, evidence and history. */
    REPORT_READ,
    /** Enter and submit progress reports (values, task updates, evidence), withdraw, ask for a correction. */
    REPORT_EDIT,
    /** Approve or return a unit's submission before it goes to the coordinator (部门负责人). */
    REPORT_REVIEW_UNIT,
    /** Approve or return submissions for the plan (协作办). */
    REPORT_APPROVE,
    /** Set up reporting: cycle, deadlines, closing periods, aggregation, unit sub-targets, validation rules. */
    REPORTING_CONFIGURE,
    /** Read ledger records (personal data masked), drill down from a figure, export masked. */
    LEDGER_READ,
    /** Enter, edit and import ledger records for the units in scope. */
    LEDGER_EDIT,
    /** Bind indicators to ledger measures, roll back import batches, set dispatch duration buckets. */
    LEDGER_CONFIGURE,
    /** Reveal one full ID number or phone number, with a reason (audited, rate-limited). */
    PI_REVEAL,
    /** Export a ledger with full ID and phone numbers (audited with scope and row count). */
    PI_EXPORT_FULL,
    /** Set a plan's assessment rules: lagging threshold, grade bands, weights (versioned). */
    ASSESSMENT_CONFIGURE,
    /** Export documents that cover the whole district, such as the progress bulletin (协作办, leaders). */
    DISTRICT_EXPORT,
    /** Draft, issue, close, return and cancel supervision orders (督办单) of the district (协作办). */
    SUPERVISION_MANAGE,
    /** Answer a supervision order addressed to one's own unit (measures taken, expected completion). */
    SUPERVISION_RESPOND
}
