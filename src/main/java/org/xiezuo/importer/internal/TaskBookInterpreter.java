package org.xiezuo.importer.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.xiezuo.importer.ParsedTaskBook;
import org.xiezuo.importer.ParsedTaskBook.Header;
import org.xiezuo.importer.ParsedTaskBook.Warning;
import org.xiezuo.importer.internal.Block.Grid;
import org.xiezuo.importer.internal.Block.Para;
import org.xiezuo.importer.internal.Block.Row;
import org.xiezuo.unit.UnitNames;

/**
 * Turns the blocks of one document into a task book. Reads the notice header (document number,
 * title, issuer, date), the department sections ({@code 一、} … {@code 九十九、}) with their tasks,
 * and the indicator table; joins text broken by page breaks and reports every doubt with its place.
 * One instance per document.
 */
final class TaskBookInterpreter {

    private static final Pattern SECTION = Pattern.compile("^([一二三四五六七八九十两]{1,3})\\s*[、.．]\\s*(.+)$");
    private static final Pattern TASK_ARABIC = Pattern.compile("^(\\d{1,2})\\s*[.．、](?![0-9])\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern TASK_CHINESE = Pattern.compile("^[（(]([一二三四五六七八九十]{1,3})[）)]\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern RESPONSIBLE_LINE = Pattern.compile(
            "^(?:[（(]\\s*)?(责任单位|牵头单位|责任部门)\\s*[:：]\\s*(.+?)\\s*[。；;]?$");
    private static final Pattern RESPONSIBLE_INLINE = Pattern.compile(
            "[（(](责任单位|牵头单位)[:：]([^（）()]+)[）)]");
    private static final Pattern DOC_NUMBER = Pattern.compile(
            "([\\u4e00-\\u9fa5]{1,15})\\s*[〔\\[【［(（﹝]\\s*(\\d{4})\\s*[〕\\]】］)）﹞]\\s*(\\d{1,4})\\s*号");
    private static final Pattern PLAN_TITLE = Pattern.compile(
            "^\\d{4}\\s*年.{2,80}(任务书|工作要点|实施方案|工作计划|任务清单|责任清单)$");
    private static final Pattern TITLE_REGIONS = Pattern.compile(
            "^(\\d{4})\\s*年度?(.{1,12}?)\\s*[-－—–~～─]{1,2}\\s*(.{1,12}?)\\s*"
            + "(东西部扶贫协作|东西部协作|对口支援|山海协作|对口合作|对口帮扶)");
    private static final Pattern ORGANISATION = Pattern.compile(
            "^[\\u4e00-\\u9fa5（）()]{4,40}(人民政府办公室|人民政府|办公室|委员会|领导小组|局|部|委|办)$");
    private static final Pattern ENCLOSED_TITLE = Pattern.compile("《([^》]+)》");

    private final List<Warning> warnings = new ArrayList<>();
    private final UnitRegistry units = new UnitRegistry(warnings);
    private final List<ParsedTaskBook.Task> tasks = new ArrayList<>();
    private final List<IndicatorTable.Entry> indicators = new ArrayList<>();

    private Phase phase = Phase.HEADER;

    // header
    private @Nullable String docNumber;
    private @Nullable String noticeTitle;
    private @Nullable String pendingNoticeTitle;
    private @Nullable String planTitle;
    private @Nullable String redHeadIssuer;
    private @Nullable String signatureIssuer;
    private @Nullable LocalDate issuedOn;
    private @Nullable LocalDate printedOn;
    private @Nullable String lastOrganisationLine;
    private @Nullable String tableTitle;

    // body
    private int sectionNumber;
    private List<String> sectionUnits = List.of();
    private String sectionLocation = "";
    private int sectionTaskCount;
    private @Nullable TaskInProgress task;
    private final Map<String, Integer> tableTaskSeq = new LinkedHashMap<>();
    private final List<String> footnotes = new ArrayList<>();

    private enum Phase { HEADER, BODY, ATTACHMENT, FOOTER }

    ParsedTaskBook interpret(ReadResult read) {
        warnings.addAll(read.warnings());
        List<Object> stream = flatten(read.blocks());
        prepareRegionPrefix(stream);
        IndicatorTable table = null;
        for (Object item : stream) {
            if (item instanceof Para para) {
                paragraph(para);
            } else if (item instanceof TableTitle title) {
                closeTask();
                if (phase != Phase.FOOTER) phase = Phase.ATTACHMENT;
                if (tableTitle == null) tableTitle = Texts.squeeze(title.para().text());
            } else if (item instanceof IndicatorTable.Segment segment) {
                closeTask();
                phase = Phase.ATTACHMENT;
                if (segment.columns().isTaskTable()) {
                    taskTable(segment);
                } else {
                    if (table == null) table = new IndicatorTable(units, warnings);
                    table.read(segment);
                }
            }
        }
        closeTask();
        if (table != null) {
            indicators.addAll(table.rows());
            footnotes.forEach(table::applyFootnote);
        }
        return result();
    }

    // ---------------------------------------------------------------- stream

    private record TableTitle(Para para) {}

    /** Grids become table segments from their header row on; rows without a header read as paragraphs. */
    private List<Object> flatten(List<Block> blocks) {
        List<Object> stream = new ArrayList<>();
        IndicatorTable.Columns active = null;
        for (Block block : blocks) {
            if (block instanceof Para para) {
                stream.add(para);
                continue;
            }
            Grid grid = (Grid) block;
            int header = -1;
            IndicatorTable.Columns columns = null;
            for (int r = 0; r < grid.rows().size(); r++) {
                columns = IndicatorTable.Columns.detect(grid.rows().get(r));
                if (columns != null) {
                    header = r;
                    break;
                }
            }
            if (header < 0 && active != null && IndicatorTable.continues(grid, active)) {
                stream.add(new IndicatorTable.Segment(active, grid.rows(), false));
                continue;
            }
            int titleRows = header < 0 ? grid.rows().size() : header;
            boolean titles = header >= 0 && !holdsSections(grid.rows().subList(0, titleRows));
            for (int r = 0; r < titleRows; r++) {
                Row row = grid.rows().get(r);
                String text = rowText(row);
                if (!text.isBlank()) {
                    Para para = new Para(text, row.location());
                    stream.add(titles ? new TableTitle(para) : para);
                }
            }
            if (header >= 0) {
                active = columns;
                stream.add(new IndicatorTable.Segment(columns, grid.rows().subList(header + 1, grid.rows().size()), true));
            }
        }
        return stream;
    }

    /**
     * Whether rows above a table header carry the notice itself (a sheet with the sections above the
     * table) rather than the table's title; then they are read as paragraphs so no task is lost.
     */
    private static boolean holdsSections(List<Row> rows) {
        return rows.stream().anyMatch(row -> SECTION.matcher(rowText(row)).matches());
    }

    private static String rowText(Row row) {
        StringBuilder text = new StringBuilder();
        for (Block.Cell cell : row.cells()) {
            if (cell.merge() != Block.Merge.NONE || cell.text().isBlank()) continue;
            if (!text.isEmpty()) text.append(' ');
            text.append(cell.text().strip());
        }
        return text.toString();
    }

    /** The east region from the plan title, so 普陀区人力社保局 and 区人力社保局 match. */
    private void prepareRegionPrefix(List<Object> stream) {
        for (Object item : stream) {
            if (item instanceof Para para) {
                Matcher m = TITLE_REGIONS.matcher(Texts.squeeze(para.text()));
                if (m.find()) {
                    units.regionPrefix(m.group(2));
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- paragraphs

    private void paragraph(Para para) {
        String text = para.text().strip();
        String squeezed = Texts.squeeze(text);
        if (squeezed.isEmpty()) return;
        if (squeezed.startsWith("抄送") || squeezed.startsWith("主送：") && phase != Phase.HEADER) {
            closeTask();
            phase = Phase.FOOTER;
            return;
        }
        if (phase == Phase.FOOTER) {
            if (ChineseNumerals.isDateLine(squeezed) && squeezed.endsWith("印发")) {
                printedOn = ChineseNumerals.findDate(squeezed).orElse(printedOn);
            }
            return;
        }
        if (phase == Phase.HEADER || phase == Phase.BODY) {
            Matcher section = SECTION.matcher(text);
            if (section.matches()) {
                int number = ChineseNumerals.parse(section.group(1));
                if (number > 0 && (phase == Phase.BODY || number == 1)) {
                    startSection(number, section.group(2), para.location());
                    return;
                }
            }
        }
        if (phase == Phase.HEADER) {
            header(squeezed, para.location());
            return;
        }
        if (squeezed.startsWith("附件") || isTableTitle(squeezed)) {
            closeTask();
            phase = Phase.ATTACHMENT;
            if (!squeezed.startsWith("附件") && tableTitle == null) tableTitle = squeezed;
            return;
        }
        if (phase == Phase.ATTACHMENT) {
            if (squeezed.startsWith("注") && Texts.isStatisticsOnly(squeezed)) footnotes.add(squeezed);
            return;
        }
        body(text, para.location());
    }

    private static boolean isTableTitle(String text) {
        return text.length() <= 80 && (text.endsWith("分解表") || text.endsWith("指标表") || text.endsWith("一览表"))
                && !Texts.endsSentence(text);
    }

    private void header(String text, String location) {
        Matcher number = DOC_NUMBER.matcher(text);
        if (docNumber == null && number.find()) {
            docNumber = number.group(1) + "〔" + number.group(2) + "〕" + number.group(3) + "号";
            if (!number.group().contains("〔")) {
                warnings.add(new Warning(location, "文号括号已规范为〔〕：" + docNumber));
            }
            if (number.group().strip().equals(text.strip())) return;
        }
        if (pendingNoticeTitle != null) {
            pendingNoticeTitle = pendingNoticeTitle + text;
            if (endsNoticeTitle(pendingNoticeTitle)) {
                noticeTitle = pendingNoticeTitle;
                pendingNoticeTitle = null;
            }
            return;
        }
        int about = text.indexOf("关于");
        if (noticeTitle == null && about >= 0 && !Texts.endsSentence(text) && text.length() <= 120) {
            String candidate = text.substring(about);
            if (about > 0 && redHeadIssuer == null) redHeadIssuer = text.substring(0, about);
            if (endsNoticeTitle(candidate)) {
                noticeTitle = candidate;
            } else {
                pendingNoticeTitle = candidate;
            }
            return;
        }
        if (text.endsWith("文件") && text.length() <= 40 && redHeadIssuer == null) {
            redHeadIssuer = text.substring(0, text.length() - 2);
            return;
        }
        if (ChineseNumerals.isDateLine(text)) {
            LocalDate date = ChineseNumerals.findDate(text).orElse(null);
            if (text.endsWith("印发")) {
                printedOn = date;
            } else if (issuedOn == null) {
                issuedOn = date;
                if (lastOrganisationLine != null) signatureIssuer = lastOrganisationLine;
            }
            return;
        }
        if (planTitle == null && PLAN_TITLE.matcher(text).matches() && !text.startsWith("关于")) {
            planTitle = text;
            return;
        }
        lastOrganisationLine = ORGANISATION.matcher(text).matches() ? text : null;
    }

    private static boolean endsNoticeTitle(String text) {
        return text.endsWith("通知") || text.endsWith("意见") || text.endsWith("方案") || text.endsWith("决定")
                || text.endsWith("函");
    }

    // ---------------------------------------------------------------- sections and tasks

    private void startSection(int number, String rawTitle, String location) {
        closeTask();
        if (phase == Phase.HEADER && pendingNoticeTitle != null) {
            noticeTitle = pendingNoticeTitle;
            pendingNoticeTitle = null;
        }
        phase = Phase.BODY;
        if (sectionNumber > 0 && number != sectionNumber + 1) {
            warnings.add(new Warning(location, "章节编号不连续：上一节为第" + sectionNumber + "节，此处为第" + number + "节"));
        }
        sectionNumber = number;
        sectionTaskCount = 0;
        sectionLocation = location;
        String title = TextReader.stripMarkup(rawTitle).strip();
        String remainder = "";
        int stop = title.indexOf('。');
        if (stop > 0 && stop < title.length() - 1) {
            remainder = title.substring(stop + 1);
            title = title.substring(0, stop);
        }
        List<String> names = UnitNames.splitList(title);
        boolean department = !names.isEmpty() && names.stream().allMatch(UnitNames::looksLikeUnit);
        if (!department && UnitNames.looksLikeUnit(Texts.squeeze(title))) {
            names = List.of(Texts.squeeze(title));
            department = true;
        }
        if (department) {
            List<String> resolved = new ArrayList<>();
            for (String name : names) {
                String unit = units.resolve(name, location, true);
                if (!resolved.contains(unit)) resolved.add(unit);
            }
            sectionUnits = List.copyOf(resolved);
        } else {
            sectionUnits = List.of();
        }
        if (!remainder.isBlank()) body(remainder, location);
    }

    private void body(String text, String location) {
        Matcher responsible = RESPONSIBLE_LINE.matcher(text.strip());
        if (responsible.matches() && task != null) {
            String list = responsible.group(2);
            if (text.strip().matches("^[（(].*[）)][。；;]?$")) list = list.replaceFirst("[）)]$", "");
            task.units = units.resolveList(list, location);
            return;
        }
        Matcher arabic = TASK_ARABIC.matcher(text);
        Matcher chinese = TASK_CHINESE.matcher(text);
        Integer printed = null;
        String content = null;
        if (arabic.matches()) {
            printed = Integer.parseInt(arabic.group(1));
            content = arabic.group(2);
        } else if (chinese.matches()) {
            printed = ChineseNumerals.parse(chinese.group(1));
            content = chinese.group(2);
        }
        if (content != null) {
            closeTask();
            startTask(content, location, printed);
            return;
        }
        if (task == null) {
            startTask(text, location, null);
            return;
        }
        if (Texts.endsSentence(task.text.toString())) {
            String fragment = Texts.squeeze(text);
            String where = describe(task);
            warnings.add(new Warning(location, fragment.length() <= 30
                    ? "孤立片段「" + fragment + "」已并入上一条任务（" + where + "），请核对"
                    : "未编号的段落已并入上一条任务（" + where + "），请核对是否应为单独任务"));
        }
        task.text.append(text.strip());
        task.locations.add(location);
    }

    private void startTask(String text, String location, @Nullable Integer printed) {
        if (sectionNumber == 0) {
            warnings.add(new Warning(location, "任务出现在第一个部门章节之前，已忽略"));
            return;
        }
        sectionTaskCount++;
        if (printed != null && printed != sectionTaskCount) {
            warnings.add(new Warning(location, "任务编号不连续：印为" + printed + "，按本节第" + sectionTaskCount + "条处理"));
        }
        task = new TaskInProgress(sectionUnits, sectionTaskCount, location);
        task.text.append(text.strip());
        task.locations.add(location);
    }

    private String describe(TaskInProgress t) {
        String unit = t.units.isEmpty() ? "第" + sectionNumber + "节" : t.units.get(0);
        return unit + "第" + t.seq + "条";
    }

    private void closeTask() {
        TaskInProgress t = task;
        task = null;
        if (t == null) return;
        String text = Texts.squeeze(t.text.toString());
        Matcher inline = RESPONSIBLE_INLINE.matcher(text);
        if (inline.find() && t.units.isEmpty()) {
            t.units = units.resolveList(inline.group(2), t.location);
            // a closing “（责任单位：…）” says who does the task, it is not part of what is to be done
            if (inline.end() == text.length()) text = text.substring(0, inline.start()).strip();
        }
        if (t.units.isEmpty()) {
            warnings.add(new Warning(t.location, "任务未找到责任单位（章节标题不是单位名称，也没有“责任单位：”行）"));
        }
        if (text.isEmpty()) return;
        tasks.add(new ParsedTaskBook.Task(t.units, t.seq, text, t.locations));
    }

    private static final class TaskInProgress {
        List<String> units;
        final int seq;
        final String location;
        final StringBuilder text = new StringBuilder();
        final List<String> locations = new ArrayList<>();

        TaskInProgress(List<String> units, int seq, String location) {
            this.units = units;
            this.seq = seq;
            this.location = location;
        }
    }

    /** A table of tasks (任务内容 / 责任单位 …) instead of sections. */
    private void taskTable(IndicatorTable.Segment segment) {
        IndicatorTable.Columns columns = segment.columns();
        List<String> inherited = List.of();
        for (Row row : segment.rows()) {
            if (row.isBlank() || IndicatorTable.Columns.detect(row) != null) continue;
            String text = Texts.squeeze(row.text(columns.task()));
            if (text.isEmpty() || IndicatorTable.isCategoryRow(row, columns)) continue;
            text = text.replaceFirst("^\\d{1,3}[.．、](?![0-9])", "");
            String location = row.location() + ", column 任务内容";
            List<String> responsible = IndicatorTable.responsibleText(row, columns)
                    .map(raw -> units.resolveList(raw, row.location() + ", column 责任单位"))
                    .orElse(inherited);
            if (responsible.isEmpty()) warnings.add(new Warning(location, "任务未找到责任单位"));
            inherited = responsible;
            String lead = responsible.isEmpty() ? "" : responsible.get(0);
            int seq = tableTaskSeq.merge(lead, 1, Integer::sum);
            tasks.add(new ParsedTaskBook.Task(responsible, seq, text, List.of(location)));
        }
    }

    // ---------------------------------------------------------------- result

    private ParsedTaskBook result() {
        if (pendingNoticeTitle != null && noticeTitle == null) noticeTitle = pendingNoticeTitle;
        String title = planTitle;
        if (title == null && noticeTitle != null) {
            Matcher enclosed = ENCLOSED_TITLE.matcher(noticeTitle);
            if (enclosed.find()) {
                title = enclosed.group(1);
            } else if (noticeTitle.startsWith("关于印发") && noticeTitle.endsWith("的通知")) {
                title = noticeTitle.substring(4, noticeTitle.length() - 3);
            }
        }
        if (title == null && tableTitle != null) {
            title = tableTitle;
            warnings.add(new Warning("header", "未找到任务书标题，已使用表格标题：" + tableTitle));
        }
        if (title == null) {
            warnings.add(new Warning("header", "未找到任务书标题，请在预览中填写"));
        }
        Integer year = null;
        String eastRegion = null;
        String westRegion = null;
        String programme = "东西部协作";
        for (String candidate : new String[] {title, noticeTitle, tableTitle}) {
            if (candidate == null) continue;
            Matcher m = TITLE_REGIONS.matcher(candidate);
            if (m.find()) {
                year = Integer.valueOf(m.group(1));
                eastRegion = m.group(2).strip();
                westRegion = m.group(3).strip();
                programme = m.group(4).equals("东西部扶贫协作") ? "东西部协作" : m.group(4);
                break;
            }
        }
        if (year == null && title != null && title.matches("^\\d{4}年.*")) year = Integer.valueOf(title.substring(0, 4));
        if (year == null && docNumber != null) year = Integer.valueOf(docNumber.replaceAll(".*〔(\\d{4})〕.*", "$1"));
        if (eastRegion == null) warnings.add(new Warning("header", "未能从标题识别东西部地区名称，请在预览中填写"));
        String issuer = signatureIssuer != null ? signatureIssuer : redHeadIssuer;
        LocalDate issued = issuedOn != null ? issuedOn : printedOn;
        if (docNumber == null) warnings.add(new Warning("header", "未找到文号"));
        if (issuer == null) warnings.add(new Warning("header", "未找到发文机关"));
        if (issued == null) warnings.add(new Warning("header", "未找到成文日期"));

        String eastProvince = inferEastProvince(issuer, redHeadIssuer, eastRegion);
        String westProvince = inferWestProvince(westRegion, eastProvince);
        if (eastProvince == null) warnings.add(new Warning("header", "未能推断东部省份，请在预览中设置"));
        if (westProvince == null) warnings.add(new Warning("header", "未能推断西部省份，请在预览中设置"));

        Header header = new Header(title, noticeTitle, year, eastRegion, westRegion, eastProvince, westProvince,
                docNumber, issuer, issued, programme);
        return new ParsedTaskBook(header, units.units(), tasks, indicatorRecords(), warnings);
    }

    private static @Nullable String inferEastProvince(@Nullable String... texts) {
        for (String text : texts) {
            Optional<String> province = Regions.provinceOf(text);
            if (province.isPresent()) return province.get();
        }
        return null;
    }

    private @Nullable String inferWestProvince(@Nullable String westRegion, @Nullable String eastProvince) {
        List<String> named = new ArrayList<>();
        indicators.forEach(row -> named.addAll(Regions.provincesNamedIn(row.name())));
        tasks.forEach(t -> named.addAll(Regions.provincesNamedIn(t.text())));
        Map<String, Long> counts = named.stream()
                .filter(p -> !p.equals(eastProvince))
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        Optional<String> mostNamed = counts.entrySet().stream()
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
        if (mostNamed.isPresent()) return mostNamed.get();
        return Regions.provinceOf(westRegion).filter(p -> !p.equals(eastProvince)).orElse(null);
    }

    private List<ParsedTaskBook.Indicator> indicatorRecords() {
        List<ParsedTaskBook.Indicator> list = new ArrayList<>(indicators.size());
        for (IndicatorTable.Entry row : indicators) {
            Integer parent = row.parentIndex();
            String parentCode = parent == null ? null : indicators.get(parent).code();
            list.add(new ParsedTaskBook.Indicator(row.code(), row.category(), row.name(), row.measureUnit(),
                    row.target(), row.targetText(), row.assessed(), row.statisticsOnly(), row.includesStock(), parentCode, parent,
                    row.responsible(), row.location()));
        }
        return list;
    }

    static boolean isEmpty(Collection<?> c) {
        return c == null || c.isEmpty();
    }
}
