package org.xiezuo.ledger.sheet;

import org.xiezuo.shared.FormulaText;

/** The ledger sheets' name for {@link FormulaText}: the one formula-injection rule of every export. */
final class FormulaLike {

    private FormulaLike() {}

    static boolean startsLikeFormula(String text) {
        return FormulaText.startsLikeFormula(text);
    }
}
