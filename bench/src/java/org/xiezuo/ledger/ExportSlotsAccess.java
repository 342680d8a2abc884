package org.xiezuo.ledger;

import org.springframework.context.ApplicationContext;

/**
 * The benchmark's look at the instance's export slots ({@link ExportSlots}, package-private): how many
 * exports run now, so that T80's fourth export is sent while the three hold their slots. Compiled only by
 * bench/ledger-export.sh, never part of the application or its tests.
 */
public final class ExportSlotsAccess {

    private ExportSlotsAccess() {}

    public static int running(ApplicationContext app) {
        return app.getBean(ExportSlots.class).running();
    }

    public static int limit(ApplicationContext app) {
        return app.getBean(ExportSlots.class).limit();
    }
}
