package org.xiezuo.plan;

import org.springframework.dao.OptimisticLockingFailureException;

/** A form edits the version it was shown; a newer version means someone else changed it meanwhile. */
final class Versions {

    private Versions() {}

    static void expect(int actual, int expected) {
        if (actual != expected) {
            throw new OptimisticLockingFailureException("该记录已被他人修改，请刷新后重试");
        }
    }
}
