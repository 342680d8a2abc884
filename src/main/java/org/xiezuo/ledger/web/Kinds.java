package org.xiezuo.ledger.web;

import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.shared.NotFound;

/** The ledger kind named by a URL ({@code employment}, {@code dispatch} …); an unknown one is not found. */
final class Kinds {

    private Kinds() {}

    static LedgerKind of(String code) {
        return LedgerKind.byCode(code).orElseThrow(() -> new NotFound("台账类型", code.length() > 20 ? code.substring(0, 20) : code));
    }
}
