package org.xiezuo.audit;

import java.util.List;

/** One page of audit rows, newest first; {@code number} counts from 0. */
public record AuditPage(List<AuditEntry> items, int number, int size, long total) {

    public AuditPage {
        items = List.copyOf(items);
    }

    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return number > 0;
    }

    public boolean hasNext() {
        return number + 1 < pages();
    }
}
