package org.xiezuo.shared;

/** The actor lacks the permission for a command or a page. Rendered as 403. */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message);
    }
}
