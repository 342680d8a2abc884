package org.xiezuo.ledger.sheet;

/**
 * Excel writes characters XML cannot carry as {@code _xHHHH_} (a control character {@code _x0001_}, a
 * literal {@code _x} as {@code _x005F_x}); this turns them back into the characters they stand for.
 */
final class XmlText {

    private XmlText() {}

    static String decode(String text) {
        int at = text.indexOf("_x");
        if (at < 0) return text;
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            if (at + 7 <= text.length() && text.charAt(at + 6) == '_' && isHex(text, at + 2, at + 6)) {
                out.append(text, from, at).append((char) Integer.parseInt(text.substring(at + 2, at + 6), 16));
                from = at + 7;
                at = text.indexOf("_x", from);
            } else {
                at = text.indexOf("_x", at + 1);
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) return false;
        }
        return true;
    }
}
