package org.xiezuo.ledger.sheet;

/** What a template column holds; decides how a cell is read and checked, and how it is written. */
public enum ColumnType {
    /** Free text, trimmed; at most {@link Column#maxLength()} characters. */
    TEXT,
    /** A person's name: 2–30 characters, Chinese with an optional middle dot (阿依古丽·买买提). */
    NAME,
    /** 18-character 身份证号, kept as text; a numeric cell is refused (Excel destroyed its last digits). */
    ID_NUMBER,
    /** 11-digit mobile number starting with 1. */
    PHONE,
    /** A real Excel date cell or a text date (2021-03-15, 2021/3/15, 2021年3月15日). */
    DATE,
    /** A non-negative exact decimal. */
    DECIMAL,
    /** A non-negative whole number. */
    INTEGER,
    /** 是 or 否. */
    YES_NO,
    /** One of {@link Column#choices()}. */
    CHOICE
}
