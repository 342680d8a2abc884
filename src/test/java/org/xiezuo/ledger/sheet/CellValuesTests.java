package org.xiezuo.ledger.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * One cell, one column, one outcome: every value of SECURITY.md T26, T28 and T31 with its own message,
 * accepted numbers exactly equal to the input as {@link BigDecimal}, formula and error cells refused in
 * every column type.
 */
class CellValuesTests {

    private static final Column TEXT = Column.of("note", "备注", ColumnType.TEXT, false).withMaxLength(5);
    private static final Column NAME = Column.of("name", "姓名", ColumnType.NAME, true);
    private static final Column ID = Column.of("id", "身份证号", ColumnType.ID_NUMBER, true);
    private static final Column PHONE = Column.of("phone", "手机号", ColumnType.PHONE, false);
    private static final Column DATE = Column.of("start", "开始日期", ColumnType.DATE, false);
    private static final Column DECIMAL = Column.of("amount", "金额", ColumnType.DECIMAL, false);
    private static final Column INTEGER = Column.of("days", "天数", ColumnType.INTEGER, false);
    private static final Column YES_NO = Column.of("poor", "是否脱贫户", ColumnType.YES_NO, false);
    private static final Column CHOICE = Column.choice("sex", "性别", false, List.of("男", "女"));

    private static Cell text(String raw) {
        return new Cell(Cell.Kind.TEXT, raw, "C", "表头");
    }

    private static Cell number(String raw) {
        return new Cell(Cell.Kind.NUMBER, raw, "C", "表头");
    }

    private static Cell of(Cell.Kind kind, String raw) {
        return new Cell(kind, raw, "C", "表头");
    }

    private static String outcome(Parsed<?> parsed) {
        if (parsed.isBlank()) return "blank";
        return parsed.isOk() ? String.valueOf(parsed.value()) : parsed.message();
    }

    @Test
    void t31_eachNumberProblemHasItsOwnMessage() {
        assertThat(outcome(CellValues.decimal(text("１２３"), DECIMAL))).isEqualTo("含全角数字，请改为半角");
        assertThat(outcome(CellValues.decimal(text("-5"), DECIMAL))).isEqualTo("不能为负数");
        assertThat(outcome(CellValues.decimal(number("-5"), DECIMAL))).isEqualTo("不能为负数");
        assertThat(outcome(CellValues.decimal(text("1e309"), DECIMAL))).isEqualTo("数值超出范围");
        assertThat(outcome(CellValues.decimal(text("1234567890123456"), DECIMAL))).isEqualTo("数值超出范围");
        assertThat(outcome(CellValues.decimal(text("9".repeat(100)), DECIMAL))).isEqualTo("数值超出范围");
        assertThat(outcome(CellValues.decimal(number("1.10101199003071E+17"), DECIMAL))).isEqualTo("数值超出范围");
        assertThat(outcome(CellValues.decimal(text("NaN"), DECIMAL))).isEqualTo("不是有效数字");
        assertThat(outcome(CellValues.decimal(text("Infinity"), DECIMAL))).isEqualTo("不是有效数字");
        assertThat(outcome(CellValues.decimal(text("abc"), DECIMAL))).isEqualTo("不是有效数字");
        assertThat(outcome(CellValues.decimal(text("1,23"), DECIMAL))).isEqualTo("不是有效数字");
        assertThat(outcome(CellValues.decimal(text("5万"), DECIMAL))).isEqualTo("不是有效数字");
        assertThat(outcome(CellValues.decimal(text("120%"), DECIMAL))).isEqualTo("百分比不能超过100%");
        assertThat(outcome(CellValues.decimal(new Cell(Cell.Kind.NUMBER, "1.2", "C", "表头", true), DECIMAL)))
                .isEqualTo("百分比不能超过100%");
        assertThat(outcome(CellValues.decimal(text("0.1234567"), DECIMAL))).isEqualTo("小数位数过多（最多6位）");
        assertThat(outcome(CellValues.integer(text("3.5"), INTEGER))).isEqualTo("应为整数");
        assertThat(outcome(CellValues.integer(number("0.5"), INTEGER))).isEqualTo("应为整数");
        assertThat(outcome(CellValues.decimal(of(Cell.Kind.DATE, "2021-03-15"), DECIMAL)))
                .isEqualTo("数值列为日期格式，请将单元格设置为常规或数值格式");
        assertThat(outcome(CellValues.decimal(of(Cell.Kind.BOOLEAN, "1"), DECIMAL))).isEqualTo("不是有效数字");
    }

    @Test
    void t31_acceptedNumbersEqualTheInputExactly() {
        assertThat(CellValues.decimal(text("1,234.5"), DECIMAL).value()).isEqualTo(new BigDecimal("1234.5"));
        assertThat(CellValues.decimal(text(" 1234.50 "), DECIMAL).value()).isEqualTo(new BigDecimal("1234.50"));
        assertThat(CellValues.decimal(number("0.1"), DECIMAL).value()).isEqualTo(new BigDecimal("0.1"));
        assertThat(CellValues.decimal(number("1234567890.12"), DECIMAL).value()).isEqualTo(new BigDecimal("1234567890.12"));
        assertThat(CellValues.decimal(number("1E+3"), DECIMAL).value()).isEqualByComparingTo("1000");
        assertThat(CellValues.decimal(text("45.5%"), DECIMAL).value()).isEqualTo(new BigDecimal("45.5"));
        assertThat(CellValues.decimal(new Cell(Cell.Kind.NUMBER, "0.455", "C", "表头", true), DECIMAL).value())
                .isEqualTo(new BigDecimal("45.5"));
        assertThat(CellValues.decimal(text("100%"), DECIMAL).value()).isEqualTo(new BigDecimal("100"));
        assertThat(CellValues.decimal(text("-0"), DECIMAL).value()).isEqualByComparingTo("0");
        assertThat(CellValues.integer(text("1,200"), INTEGER).value()).isEqualTo(1200L);
        assertThat(CellValues.integer(number("120.0"), INTEGER).value()).isEqualTo(120L);
        assertThat(CellValues.integer(text("999999999999999"), INTEGER).value()).isEqualTo(999_999_999_999_999L);
    }

    @Test
    void t31_datesFromDateCellsAndTextAndEveryRefusal() {
        LocalDate day = LocalDate.of(2021, 3, 15);
        assertThat(CellValues.date(of(Cell.Kind.DATE, "2021-03-15"), DATE).value()).isEqualTo(day);
        assertThat(CellValues.date(of(Cell.Kind.DATE, "2021-03-15T08:30"), DATE).value()).isEqualTo(day);
        for (String written : List.of("2021-03-15", "2021/3/15", "2021.3.15", "2021年3月15日", " 2021-3-15 ")) {
            assertThat(CellValues.date(text(written), DATE).value()).as(written).isEqualTo(day);
        }
        assertThat(outcome(CellValues.date(number("44270"), DATE))).isEqualTo("日期列为数值，请设置为日期格式或填写文本日期");
        assertThat(outcome(CellValues.date(text("2021-02-30"), DATE))).isEqualTo("日期不存在：2021-02-30");
        assertThat(outcome(CellValues.date(text("2021-13-01"), DATE))).isEqualTo("日期不存在：2021-13-01");
        assertThat(outcome(CellValues.date(text("2021/03-15"), DATE))).startsWith("日期格式不正确");
        assertThat(outcome(CellValues.date(text("20210315"), DATE))).startsWith("日期格式不正确");
        assertThat(outcome(CellValues.date(text("２０２１-3-15"), DATE))).isEqualTo("含全角数字，请改为半角");
        assertThat(outcome(CellValues.date(text("1899-12-31"), DATE))).isEqualTo("日期超出范围（1900年至2100年）");
    }

    @Test
    void t26_aNumericIdIsRefusedInAnyNumericFormAndTextIsTrimmed() {
        assertThat(outcome(CellValues.idNumber(number("1.10101199003071E+17"), ID)))
                .isEqualTo("身份证号为数值格式，已丢失末位：请将该列设置为文本格式后重新填写");
        assertThat(outcome(CellValues.idNumber(number("110101199003071230"), ID)))
                .isEqualTo("身份证号为数值格式，已丢失末位：请将该列设置为文本格式后重新填写");
        assertThat(outcome(CellValues.idNumber(text(" 11010119900307123X\u00a0"), ID))).isEqualTo("11010119900307123X");
        assertThat(outcome(CellValues.idNumber(Cell.blank("B", "身份证号"), ID))).isEqualTo("不能为空");
    }

    @Test
    void t28_phonesAndNames() {
        assertThat(outcome(CellValues.phone(number("13812345678"), PHONE))).isEqualTo("13812345678");
        assertThat(outcome(CellValues.phone(number("1.3812345678E10"), PHONE))).isEqualTo("13812345678");
        assertThat(outcome(CellValues.phone(text("138 1234 5678"), PHONE))).isEqualTo("13812345678");
        assertThat(outcome(CellValues.phone(text("1381234567"), PHONE))).isEqualTo("手机号应为11位数字，以1开头");
        assertThat(outcome(CellValues.phone(text("23812345678"), PHONE))).isEqualTo("手机号应为11位数字，以1开头");
        assertThat(outcome(CellValues.phone(text("+86 13812345678"), PHONE))).isEqualTo("手机号应为11位数字，以1开头");
        assertThat(outcome(CellValues.phone(number("1381234567"), PHONE))).isEqualTo("手机号应为11位数字，以1开头");
        assertThat(outcome(CellValues.phone(text("１３８１２３４５６７８"), PHONE))).isEqualTo("含全角数字，请改为半角");

        assertThat(outcome(CellValues.name(text("阿依古丽·买买提"), NAME))).isEqualTo("阿依古丽·买买提");
        assertThat(outcome(CellValues.name(text("阿依古丽•买买提"), NAME))).isEqualTo("阿依古丽·买买提");
        assertThat(outcome(CellValues.name(text("张　三"), NAME))).isEqualTo("张三");
        assertThat(outcome(CellValues.name(text("ab"), NAME))).isEqualTo("姓名应为汉字（少数民族姓名可用“·”分隔）");
        assertThat(outcome(CellValues.name(text("张"), NAME))).isEqualTo("姓名至少2个字");
        assertThat(outcome(CellValues.name(text("张".repeat(31)), NAME))).isEqualTo("姓名不能超过30个字（现有31个）");
        assertThat(outcome(CellValues.name(text("·张三"), NAME))).isEqualTo("姓名应为汉字（少数民族姓名可用“·”分隔）");
    }

    @Test
    void textIsTrimmedBoundedAndFreeOfControlCharacters() {
        assertThat(outcome(CellValues.text(text("  备注 "), TEXT))).isEqualTo("备注");
        assertThat(outcome(CellValues.text(text("一行\r\n二行"), TEXT))).isEqualTo("一行\n二行");
        assertThat(outcome(CellValues.text(text("六个字的备注"), TEXT))).isEqualTo("超过5个字符（现有6个）");
        assertThat(outcome(CellValues.text(text("a\u0000b"), TEXT))).isEqualTo("含有不可见的控制字符，请删除后重新填写");
        assertThat(outcome(CellValues.text(text("a\u202eb"), TEXT))).isEqualTo("含有不可见的控制字符，请删除后重新填写");
        assertThat(outcome(CellValues.text(number("1.5E+3"), TEXT))).isEqualTo("1500");
        assertThat(outcome(CellValues.text(text("   "), TEXT))).isEqualTo("blank");
    }

    @Test
    void yesNoAndChoices() {
        assertThat(CellValues.yesNo(text(" 是 "), YES_NO).value()).isTrue();
        assertThat(CellValues.yesNo(text("否"), YES_NO).value()).isFalse();
        for (Cell other : List.of(text("Y"), text("N"), text("是的"), of(Cell.Kind.BOOLEAN, "1"), number("1"))) {
            assertThat(outcome(CellValues.yesNo(other, YES_NO))).as(other.raw()).isEqualTo("应填写“是”或“否”");
        }
        assertThat(outcome(CellValues.choice(text("女"), CHOICE))).isEqualTo("女");
        assertThat(outcome(CellValues.choice(text("未知"), CHOICE))).isEqualTo("应为以下之一：男、女");
    }

    @Test
    void t30_formulaAndErrorCellsAreRefusedInEveryColumnType() {
        Cell formula = of(Cell.Kind.FORMULA, "WEBSERVICE(\"http://x\")");
        Cell error = of(Cell.Kind.ERROR, "#DIV/0!");
        for (Column column : List.of(TEXT, NAME, ID, PHONE, DATE, DECIMAL, INTEGER, YES_NO, CHOICE)) {
            assertThat(CellValues.parse(formula, column).message()).as(column.key()).isEqualTo("单元格含公式，不予导入");
            assertThat(CellValues.parse(error, column).message()).as(column.key()).isEqualTo("单元格为错误值");
        }
    }

    @Test
    void blanksAreBlankUnlessTheColumnIsRequired() {
        Cell blank = Cell.blank("C", "表头");
        assertThat(CellValues.parse(blank, DECIMAL).isBlank()).isTrue();
        assertThat(CellValues.parse(text(" "), DATE).isBlank()).isTrue();
        assertThat(CellValues.parse(blank, NAME).message()).isEqualTo("不能为空");
    }
}
