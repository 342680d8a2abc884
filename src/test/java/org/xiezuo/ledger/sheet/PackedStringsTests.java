package org.xiezuo.ledger.sheet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The compact shared-string table gives back every string exactly as it was added, in order; its
 * off-heap memory is released when it (or an unbuilt builder) is closed, and the sheet reader closes it
 * when the sheet is read — also when the handler or the file fails half-way.
 */
class PackedStringsTests {

    @Test
    void everyKindOfStringComesBackUnchanged() {
        List<String> strings = List.of("", "0", "7", "11010519491231002X", "13800138000", "X", "XX0", "x123",
                "1 2", "-1", "张三", "阿依古丽·买买提", "浙江省杭州市", "a\nb", "😀 emoji", "0123456789", "12345678901234567890123",
                "１２３", "\u0000", "Ｘ", "\uD800", "a\uDC00b", "\uDBFF\uDFFF");
        PackedStrings.Builder builder = new PackedStrings.Builder(strings.size());
        strings.forEach(builder::add);
        try (PackedStrings table = builder.build()) {
            assertThat(table.size()).isEqualTo(strings.size());
            for (int i = 0; i < strings.size(); i++) assertThat(table.get(i)).isEqualTo(strings.get(i));
        }
    }

    @Test
    void manyStringsAcrossPagesAndAWrongSizeHint() {
        Random random = new Random(42);
        List<String> strings = new ArrayList<>();
        PackedStrings.Builder builder = new PackedStrings.Builder(3);
        for (int i = 0; i < 300_000; i++) {
            String s = switch (i % 4) {
                case 0 -> String.valueOf(Math.abs(random.nextLong()));
                case 1 -> "姓名" + i;
                case 2 -> "x".repeat(random.nextInt(300)); // two-byte length prefix now and then
                default -> random.nextInt(10) + "X";
            };
            strings.add(s);
            builder.add(s);
        }
        builder.add("长".repeat(30_000)); // 90,000 bytes of UTF-8
        strings.add("长".repeat(30_000));
        try (PackedStrings table = builder.build()) {
            assertThat(table.size()).isEqualTo(strings.size());
            for (int i = 0; i < strings.size(); i++) assertThat(table.get(i)).isEqualTo(strings.get(i));
        }
    }

    @Test
    void outsideTheTableIsAnError() {
        PackedStrings.Builder builder = new PackedStrings.Builder(0);
        builder.add("a");
        try (PackedStrings table = builder.build()) {
            assertThatThrownBy(() -> table.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> table.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(PackedStrings.none().size()).isZero();
        PackedStrings.none().close(); // holds no memory
        assertThat(PackedStrings.none().size()).isZero();
    }

    @Test
    void everyKindOfStringAtAndAcrossEveryPageBoundary() {
        // each kind of string in every length around the end of a page: fits exactly, one byte over, …
        List<String> kinds = List.of("11010519491231002X", "1380013800", "张三丰", "a\uD800b", "plain ascii text");
        List<String> strings = new ArrayList<>();
        PackedStrings.Builder builder = new PackedStrings.Builder(10);
        for (String kind : kinds) {
            for (int shift = 0; shift < 24; shift++) {
                int filler = PackedStrings.PAGE - 3 - shift; // a string of this many ASCII bytes leaves 0–23 bytes of its page
                strings.add("f".repeat(filler));
                builder.add("f".repeat(filler));
                for (int i = 0; i < 3; i++) {
                    String s = kind.repeat(i + 1);
                    strings.add(s);
                    builder.add(s);
                }
            }
        }
        try (PackedStrings table = builder.build()) {
            assertThat(table.size()).isEqualTo(strings.size());
            for (int i = 0; i < strings.size(); i++) assertThat(table.get(i)).isEqualTo(strings.get(i));
        }
    }

    @Test
    void aStringLongerThanAPageIsRefused() {
        try (PackedStrings.Builder builder = new PackedStrings.Builder(1)) {
            assertThatThrownBy(() -> builder.add("x".repeat(PackedStrings.PAGE))).isInstanceOf(IllegalArgumentException.class);
            builder.add("after");
            try (PackedStrings table = builder.build()) {
                assertThat(table.get(0)).isEqualTo("after");
            }
        }
    }

    @Test
    void aClosedTableOrBuilderIsAClearError() {
        PackedStrings.Builder builder = new PackedStrings.Builder(1);
        builder.add("13800138000");
        PackedStrings table = builder.build();
        builder.close(); // handed over: nothing to release, the table still works
        assertThat(table.get(0)).isEqualTo("13800138000");
        assertThatThrownBy(() -> builder.add("x")).isInstanceOf(IllegalStateException.class);
        table.close();
        table.close();
        assertThatThrownBy(() -> table.get(0)).isInstanceOf(IllegalStateException.class);

        PackedStrings.Builder unbuilt = new PackedStrings.Builder(1);
        unbuilt.add("张三");
        unbuilt.close();
        assertThatThrownBy(() -> unbuilt.add("李四")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(unbuilt::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSheetReaderReleasesTheStringsWhenDoneAndWhenItFails() throws IOException {
        List<Column> template = List.of(Column.of("name", "姓名", ColumnType.NAME, true),
                Column.of("id", "身份证号", ColumnType.ID_NUMBER, true));
        Path good = Workbooks.sheet("台账").headers("姓名", "身份证号").row("张三", "110101199003071234")
                .row("李四", "11010519491231002X").write("packed-release");
        long before = scratchMappings();

        List<SheetRow> rows = new ArrayList<>();
        LedgerSheetReader.read(good, template, Limits.defaults(), rows::add);
        assertThat(rows).hasSize(2);
        assertThat(scratchMappings()).as("released after a good read").isEqualTo(before);

        IllegalStateException stop = new IllegalStateException("stop");
        assertThatThrownBy(() -> LedgerSheetReader.read(good, template, Limits.defaults(), row -> {
            assertThat(scratchMappings()).as("the strings are mapped while the rows are read").isGreaterThan(before);
            throw stop;
        })).isSameAs(stop);
        assertThat(scratchMappings()).as("released when the handler fails").isEqualTo(before);

        Path tooLong = Workbooks.rewrite(good, "packed-release-too-long", "xl/sharedStrings.xml",
                xml -> xml.replace("张三", "张".repeat(40_000)), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LedgerSheetReader.read(tooLong, template, Limits.defaults(), row -> { }))
                .isInstanceOf(SheetRefused.class);
        assertThat(scratchMappings()).as("released when the strings themselves fail").isEqualTo(before);

        Path broken = Workbooks.rewrite(good, "packed-release-broken", "xl/worksheets/sheet1.xml",
                xml -> xml.replace("</sheetData>", "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>0</v></c>"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LedgerSheetReader.read(broken, template, Limits.defaults(), row -> { }))
                .isInstanceOf(SheetRefused.class);
        assertThat(scratchMappings()).as("released when the sheet breaks half-way").isEqualTo(before);
    }

    /** Scratch files mapped into this process (Linux; elsewhere 0, and the test checks nothing). */
    private static long scratchMappings() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return 0;
        try {
            return Files.readAllLines(maps).stream().filter(line -> line.contains("xiezuo-scratch-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
