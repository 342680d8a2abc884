package org.xiezuo.ledger.sheet;

/** Column letters as Excel shows them, and cell references ({@code AB12}) read without objects. */
final class ColumnLetters {

    private ColumnLetters() {}

    /** {@code 0 → "A"}, {@code 27 → "AB"}. */
    static String of(int index) {
        StringBuilder letters = new StringBuilder(3);
        for (int n = index + 1; n > 0; n = (n - 1) / 26) letters.append((char) ('A' + (n - 1) % 26));
        return letters.reverse().toString();
    }

    /** The 0-based column of a reference such as {@code "AB12"} or {@code "AB"}, or -1 when it has no letters. */
    static int columnOf(CharSequence ref) {
        int column = 0;
        int i = 0;
        for (; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c >= 'A' && c <= 'Z') column = column * 26 + (c - 'A' + 1);
            else if (c >= 'a' && c <= 'z') column = column * 26 + (c - 'a' + 1);
            else break;
            if (column > 1 << 20) return -1;
        }
        return i == 0 ? -1 : column - 1;
    }

    /** The row number (1-based) of a reference such as {@code "AB12"}, or -1 when it has none. */
    static int rowOf(CharSequence ref) {
        int i = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) i++;
        if (i == ref.length()) return -1;
        int row = 0;
        for (; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < '0' || c > '9') return -1;
            row = row * 10 + (c - '0');
            if (row > 1 << 21) return -1;
        }
        return row;
    }
}
