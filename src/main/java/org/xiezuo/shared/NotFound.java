package org.xiezuo.shared;

/** The requested object does not exist, or the actor may not know that it exists. Rendered as 404. */
public class NotFound extends RuntimeException {

    private final String kind;
    private final Object id;

    public NotFound(String kind, Object id) {
        super("未找到" + kind + "（" + id + "）");
        this.kind = kind;
        this.id = id;
    }

    public String kind() { return kind; }

    public Object id() { return id; }
}
