package org.xiezuo.ledger;

/** What an import does with bad rows. */
public enum ImportMode {
    /** Any bad row refuses the whole file; nothing is written (the default). */
    STRICT("严格模式：有错误行则整个文件不导入"),
    /** The valid rows are written and the bad ones reported. */
    VALID_ONLY("仅导入有效行");

    private final String label;

    ImportMode(String label) { this.label = label; }

    public String label() { return label; }
}
