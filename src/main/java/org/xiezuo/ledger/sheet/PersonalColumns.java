package org.xiezuo.ledger.sheet;

import java.util.List;

/**
 * Personal data a ledger never collects (PIPL minimum necessary): a header outside the template that
 * names one of these is refused with its own message, so the column is never read, stored or logged.
 * The one list of such headers; matching is on normalised text and by containment (现家庭住址, 银行卡号（工资卡）).
 */
public final class PersonalColumns {

    /** Header words that mark personal data outside any ledger template. */
    public static final List<String> TERMS = List.of("家庭住址", "住址", "地址", "户籍地址", "银行卡号", "银行账号",
            "银行卡", "开户行", "邮箱", "微信号", "QQ");

    private static final List<String> NORMALISED = TERMS.stream().map(HeaderText::normalise).toList();

    private PersonalColumns() {}

    /** Whether a header text names personal data of the list. */
    public static boolean matches(String header) {
        String text = HeaderText.normalise(header);
        for (String term : NORMALISED) {
            if (text.contains(term)) return true;
        }
        return false;
    }
}
