package org.xiezuo.ledger.web;

import java.util.ArrayList;
import java.util.List;

/** The page numbers a pager shows: the first, the last and a few around the current one; -1 is a gap (…). */
final class PageLinks {

    private static final int AROUND = 3;

    private PageLinks() {}

    static List<Integer> around(int current, int pages) {
        List<Integer> numbers = new ArrayList<>();
        for (int n = 0; n < pages; n++) {
            if (n == 0 || n == pages - 1 || Math.abs(n - current) <= AROUND) {
                if (!numbers.isEmpty() && numbers.get(numbers.size() - 1) < n - 1) numbers.add(-1);
                numbers.add(n);
            }
        }
        return numbers;
    }
}
