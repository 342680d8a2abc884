package org.xiezuo.unit;

/** Which side of the pairing a unit belongs to. */
public enum Side {
    /** 东部: a department of the issuing district. */
    EAST("东部"),
    /** 西部: a department of the paired western county. */
    WEST("西部");

    private final String label;

    Side(String label) { this.label = label; }

    public String label() { return label; }
}
