package org.xiezuo.ledger.web;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.sheet.Workbooks;

/**
 * Workers for the ledger API tests: valid 18-digit ID numbers (Beijing Dongcheng 110101, a birth date,
 * a sequence, the MOD 11-2 check digit), mobile numbers 138…, Han names, and the 就业人员 workbook of
 * them as the template has it — written with {@link Workbooks} under {@code target/sheet-fixtures/}.
 */
public final class LedgerApiWorkers {

    public static final List<String> HEADERS = List.of("序号", "姓名", "身份证号", "手机号", "是否脱贫人口", "就业省份", "就业单位",
            "就业开始日期", "就业结束日期", "填报单位", "备注");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂";
    private static final String[] PROVINCES = {"浙江省", "四川省", "广东省"};

    /** One spell of employment as a row of the workbook. */
    public record Worker(String name, String id, String phone, boolean poor, String province, String employer, LocalDate start,
                         @Nullable LocalDate end, @Nullable String remark) {

        public Worker withEmployer(String employer, @Nullable String remark) {
            return new Worker(name, id, phone, poor, province, employer, start, end, remark);
        }

        /** {@code 110***********1234}. */
        public String idMask() { return id.substring(0, 3) + "*".repeat(11) + id.substring(14); }

        /** {@code 138****1234}. */
        public String phoneMask() { return phone.substring(0, 3) + "****" + phone.substring(7); }
    }

    private LedgerApiWorkers() {}

    /** {@code n} different workers; the same seed gives the same workers. */
    public static List<Worker> workers(int n, long seed) {
        Random random = new Random(seed);
        List<Worker> workers = new ArrayList<>();
        String phoneBlock = String.format("%04d", 1000 + (int) (Math.abs(seed) % 9000));
        for (int i = 0; i < n; i++) {
            LocalDate birth = LocalDate.of(1970, 1, 1).plusDays(random.nextInt(365 * 30));
            String id = id(birth, i % 1000);
            String name = "" + SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()))
                    + GIVEN.charAt(random.nextInt(GIVEN.length()));
            LocalDate start = LocalDate.of(2021, 1, 4).plusDays(random.nextInt(300));
            workers.add(new Worker(name, id, "138" + phoneBlock + String.format("%04d", i), random.nextInt(3) == 0,
                    PROVINCES[random.nextInt(PROVINCES.length)], "企业" + random.nextInt(50), start, null, null));
        }
        return workers;
    }

    /** A valid ID number of someone born on {@code birth}, sequence {@code seq} (0–999). */
    public static String id(LocalDate birth, int seq) {
        String id17 = "110101" + birth.toString().replace("-", "") + String.format("%03d", seq);
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (id17.charAt(i) - '0') * WEIGHTS[i];
        return id17 + CHECK[sum % 11];
    }

    /** The 就业人员 workbook of these workers, every row credited to {@code unit}. */
    public static Path employmentWorkbook(String fileName, List<Worker> workers, String unit) {
        return Workbooks.streaming(fileName, HEADERS, workers.size(), i -> {
            Worker w = workers.get(i);
            return new Object[] {String.valueOf(i + 1), w.name(), w.id(), w.phone(), w.poor() ? "是" : "否", w.province(),
                    w.employer(), w.start(), w.end(), unit, w.remark()};
        });
    }
}
