package org.xiezuo.ledger;

import java.time.LocalDate;
import java.util.Random;

/** Valid 18-digit ID numbers for tests: Beijing Dongcheng prefix, a birth date, a sequence, the MOD 11-2 check digit. */
public final class ChineseIdsForTests {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ChineseIdsForTests() {}

    /** A valid ID for person {@code n}: unique per n, birth date between 1970 and 2000. */
    public static String valid(Random random, int n) {
        LocalDate birth = LocalDate.of(1970, 1, 1).plusDays(random.nextInt(365 * 30));
        String body = "110101" + birth.toString().replace("-", "") + String.format("%03d", n % 1000);
        String unique = body.substring(0, 6) + String.format("%08d", Integer.parseInt(body.substring(6, 14)));
        String id17 = unique.substring(0, 14) + String.format("%03d", n % 1000);
        // make the ID unique across n beyond 1000 by shifting the birth date deterministically
        if (n >= 1000) {
            LocalDate shifted = birth.plusDays(n / 1000 * 7L);
            id17 = "110101" + shifted.toString().replace("-", "") + String.format("%03d", n % 1000);
        }
        return id17 + check(id17);
    }

    static char check(String id17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (id17.charAt(i) - '0') * WEIGHTS[i];
        return CHECK[sum % 11];
    }
}
